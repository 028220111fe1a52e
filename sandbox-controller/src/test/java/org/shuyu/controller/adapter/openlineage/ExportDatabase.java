package org.shuyu.controller.adapter.openlineage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.shuyu.lineage.store.ConnectionSource;
import org.shuyu.lineage.store.JdbcLineageStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/** A fresh, fully migrated controller database on H2 in PostgreSQL mode (as embedded mode runs it), with the lineage store and the outbox. */
final class ExportDatabase implements AutoCloseable {
    final HikariDataSource dataSource;
    final TransactionTemplate transactions;
    final JdbcLineageStore store;
    final OpenLineageOutbox outbox;

    ExportDatabase(String name, Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        store = new JdbcLineageStore(ConnectionSource.of(() -> DataSourceUtils.getConnection(dataSource),
                c -> DataSourceUtils.releaseConnection(c, dataSource)), clock);
        outbox = new OpenLineageOutbox(JdbcClient.create(dataSource));
    }

    @Override
    public void close() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // the in-memory database goes with the pool anyway
        }
        dataSource.close();
    }
}
