package org.shuyu.controller.adapter.persistence;

import java.time.Clock;
import javax.sql.DataSource;
import org.shuyu.lineage.store.ConnectionSource;
import org.shuyu.lineage.store.JdbcLineageStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The lineage library's JDBC store on the controller's database (schema: Flyway {@code V7__lineage.sql}). Its
 * connections are Spring's transaction-bound ones, so lineage is written in the same transaction as the job state
 * and the audit record that go with it, and a rollback takes all of them back.
 */
@Configuration(proxyBeanMethods = false)
class LineageStoreConfiguration {
    @Bean
    JdbcLineageStore lineageStore(DataSource dataSource, Clock clock) {
        return new JdbcLineageStore(ConnectionSource.of(() -> DataSourceUtils.getConnection(dataSource),
                connection -> DataSourceUtils.releaseConnection(connection, dataSource)), clock);
    }
}
