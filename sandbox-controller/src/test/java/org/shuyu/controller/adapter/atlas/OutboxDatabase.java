package org.shuyu.controller.adapter.atlas;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.shuyu.controller.support.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A fresh, fully migrated controller database (PostgreSQL, or H2 in PostgreSQL mode as embedded mode runs it), pooled. */
final class OutboxDatabase implements AutoCloseable {
    final HikariDataSource dataSource;
    final JdbcClient jdbc;
    final TransactionTemplate transactions;
    final AtlasOutbox outbox;

    private OutboxDatabase(String url, String user, String vendor) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        outbox = new AtlasOutbox(jdbc);
    }

    static OutboxDatabase postgres(String name) {
        return new OutboxDatabase(TestDatabase.fresh(name), TestDatabase.user(), "postgresql");
    }

    static OutboxDatabase h2(String name) {
        return new OutboxDatabase("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa", "h2");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
