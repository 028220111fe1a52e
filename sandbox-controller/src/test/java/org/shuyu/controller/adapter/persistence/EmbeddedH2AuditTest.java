package org.shuyu.controller.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Embedded mode still starts on H2: Flyway resolves {@code db/vendor/{vendor}} to {@code db/vendor/h2}, and
 * the audit log appends, searches and verifies there too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:audit_h2;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "sandbox.data-dir=target/test-data-h2",
        "sandbox.lifecycle.scheduler-interval=1h"})
@Tag("R-24d")
class EmbeddedH2AuditTest {
    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void h2AppliesItsVendorMigrationAndTheChainVerifies() {
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE version = '3.1' AND success")
                .query(Long.class).single()).isEqualTo(1);
        audit.append(new AuditEvent("admin", Set.of("AUTHORITY"), "POST /api/v1/x", "x", "x-1", Optional.empty(),
                AuditEvent.Outcome.DONE, Optional.empty(), "done"));
        audit.appendRefusal(new AuditEvent("engineer", Set.of("ENGINEER"), "POST /api/v1/x", "request", "/api/v1/x",
                Optional.empty(), AuditEvent.Outcome.REFUSED, Optional.of("FORBIDDEN_ROLE"), "refused"));
        assertThat(audit.verify().intact()).isTrue();
        assertThat(audit.verify().records()).isGreaterThanOrEqualTo(2);
    }
}
