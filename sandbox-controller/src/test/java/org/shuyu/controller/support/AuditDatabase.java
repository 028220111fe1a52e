package org.shuyu.controller.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.shuyu.controller.adapter.persistence.JdbcAuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh, fully migrated PostgreSQL database of its own, with the audit log adapter on it and no application
 * context: for tests that tamper with the log the way a DBA could.
 */
public final class AuditDatabase implements AutoCloseable {
    private final DataSource dataSource;
    private final JdbcAuditLog log;

    public AuditDatabase(String name) {
        DriverManagerDataSource ds = new DriverManagerDataSource(TestDatabase.fresh(name), TestDatabase.user(), "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/postgresql")
                .load().migrate();
        this.dataSource = ds;
        AtomicLong ids = new AtomicLong();
        this.log = new JdbcAuditLog(ds, Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC),
                prefix -> prefix + "-" + ids.incrementAndGet(), new DataSourceTransactionManager(ds));
    }

    public JdbcAuditLog log() {
        return log;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    @Override
    public void close() {
        log.destroy();
    }
}
