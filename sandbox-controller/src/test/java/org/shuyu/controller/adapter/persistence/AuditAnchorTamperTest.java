package org.shuyu.controller.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.audit.AuditAnchor;
import org.shuyu.controller.audit.AuditAnomaly.Kind;
import org.shuyu.controller.audit.AuditAnomaly;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditHash;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.support.AuditDatabase;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The audit head anchored outside the database (issue 14): a DBA who deletes the last records and "fixes"
 * audit_head leaves a chain that verifies intact on its own, but not against the anchor file the controller
 * wrote after each commit. Each test gets its own PostgreSQL database with ten anchored records.
 */
@Tag("R-24d")
class AuditAnchorTamperTest {
    @TempDir
    Path dir;

    private AuditDatabase db;
    private JdbcAuditLog anchored;
    private Path anchorFile;

    @BeforeEach
    void tenAnchoredRecords() {
        db = new AuditDatabase("anchor");
        anchorFile = dir.resolve("audit/anchor");
        AtomicLong ids = new AtomicLong();
        anchored = new JdbcAuditLog(db.dataSource(), Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC),
                prefix -> prefix + "-" + ids.incrementAndGet(), new DataSourceTransactionManager(db.dataSource()),
                new FileAuditAnchor(anchorFile));
        for (int i = 1; i <= 9; i++) {
            anchored.append(event("user" + i, "grant-" + i));
        }
        anchored.appendRefusal(new AuditEvent("engineer", Set.of("ENGINEER"), "GET /api/v1/audit", "request", "/api/v1/audit",
                Optional.empty(), AuditEvent.Outcome.REFUSED, Optional.of("FORBIDDEN_ROLE"), "refused"));
    }

    @AfterEach
    void close() {
        anchored.destroy();
        db.close();
    }

    @Test
    void eachCommittedAppendAdvancesTheAnchorFile() throws Exception {
        String head = db.jdbc().sql("SELECT last_hash FROM audit_head").query(String.class).single();
        assertThat(anchorFile).content().isEqualTo("shuyu-audit-anchor v1 10 " + head + "\n");
        assertThat(anchored.verify().intact()).isTrue();
        AuditRecord next = anchored.append(event("late", "grant-late"));
        assertThat(anchorFile).content().isEqualTo("shuyu-audit-anchor v1 11 " + next.hash() + "\n");
        assertThat(Files.list(anchorFile.getParent())).as("no temporary file left behind").containsExactly(anchorFile);
    }

    @Test
    void truncatedTailWithAFixedHeadVerifiesOnItsOwnButNotAgainstTheAnchor() throws SQLException {
        String hash8 = db.jdbc().sql("SELECT hash FROM audit_log WHERE seq = 8").query(String.class).single();
        asAttacker("DELETE FROM audit_log WHERE seq > 8",
                "UPDATE audit_head SET last_seq = 8, last_hash = '" + hash8 + "'");
        assertThat(db.log().verify().intact()).as("without the anchor the cut is invisible").isTrue();
        AuditVerification result = anchored.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(10L, Kind.ANCHOR));
        assertThat(result.anomalies().get(0).detail()).contains("seq 10").contains("ending at seq 8");
        assertThat(anchored.lastVerification()).contains(result);
    }

    @Test
    void theStartupCheckReportsTheBreakInTheHealthEndpointUntilTheChainVerifiesAgain() throws SQLException {
        AuditChainMonitor monitor = new AuditChainMonitor(anchored);
        monitor.afterSingletonsInstantiated();
        assertThat(monitor.health().getStatus()).isEqualTo(Status.UP);
        String hash8 = db.jdbc().sql("SELECT hash FROM audit_log WHERE seq = 8").query(String.class).single();
        asAttacker("DELETE FROM audit_log WHERE seq > 8",
                "UPDATE audit_head SET last_seq = 8, last_hash = '" + hash8 + "'");
        monitor.afterSingletonsInstantiated(); // a restart
        assertThat(monitor.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(monitor.health().getDetails()).containsEntry("anomalyCount", 1L).containsEntry("firstAnomaly", "ANCHOR at seq 10");
    }

    @Test
    void aTailRewrittenWithRecomputedHashesDiffersFromTheAnchoredHash() throws SQLException {
        // The attacker deletes the last record and appends another one in its place through the log itself,
        // so every hash, link and the head are consistent again.
        String hash9 = db.jdbc().sql("SELECT hash FROM audit_log WHERE seq = 9").query(String.class).single();
        asAttacker("DELETE FROM audit_log WHERE seq = 10",
                "UPDATE audit_head SET last_seq = 9, last_hash = '" + hash9 + "'");
        JdbcAuditLog forger = new JdbcAuditLog(db.dataSource(), Clock.systemUTC(), prefix -> prefix + "-forged",
                new DataSourceTransactionManager(db.dataSource()));
        try {
            forger.append(event("innocent", "grant-x"));
            assertThat(forger.verify().intact()).as("consistent on its own").isTrue();
        } finally {
            forger.destroy();
        }
        assertThat(anchored.verify().anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(10L, Kind.ANCHOR));
    }

    @Test
    void anUnreadableAnchorIsReportedNotIgnored() throws Exception {
        Files.writeString(anchorFile, "edited by hand");
        AuditVerification result = anchored.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.anomalies()).extracting(AuditAnomaly::kind).containsExactly(Kind.ANCHOR);
    }

    @Test
    void theAnchorOnlyMovesForward() {
        FileAuditAnchor anchor = new FileAuditAnchor(anchorFile);
        AuditAnchor.Head current = anchor.read().orElseThrow();
        anchor.advance(new AuditAnchor.Head(3, "a".repeat(64)));
        assertThat(anchor.read()).contains(current);
    }

    @Test
    void aFreshInstallationIsAnchoredAtItsHead() {
        AuditDatabase fresh = new AuditDatabase("anchor_fresh");
        Path file = dir.resolve("fresh/anchor");
        JdbcAuditLog log = new JdbcAuditLog(fresh.dataSource(), Clock.systemUTC(), prefix -> prefix + "-1",
                new DataSourceTransactionManager(fresh.dataSource()), new FileAuditAnchor(file));
        try {
            assertThat(log.anchorIfUnanchored()).contains(new AuditAnchor.Head(0, AuditHash.GENESIS));
            assertThat(file).exists();
        } finally {
            log.destroy();
            fresh.close();
        }
    }

    private void asAttacker(String... statements) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static AuditEvent event(String actor, String subject) {
        return new AuditEvent(actor, Set.of("AUTHORITY"), "POST /api/v1/grants", "grant", subject, Optional.empty(),
                AuditEvent.Outcome.DONE, Optional.empty(), "record of " + subject);
    }
}
