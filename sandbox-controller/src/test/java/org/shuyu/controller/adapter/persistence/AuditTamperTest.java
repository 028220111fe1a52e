package org.shuyu.controller.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.AuditAnomaly;
import org.shuyu.controller.audit.AuditAnomaly.Kind;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.support.AuditDatabase;
import org.springframework.dao.DataAccessException;

/**
 * TAMPER: each test gets its own fresh PostgreSQL database with a chain of ten records, tampers with it the
 * way a DBA could (bypassing the append-only triggers with session_replication_role = replica), and checks
 * that verification names exactly that tampering at the right seq.
 */
@Tag("R-24d")
class AuditTamperTest {
    private AuditDatabase db;

    @BeforeEach
    void tenRecords() {
        db = new AuditDatabase("tamper");
        for (int i = 1; i <= 10; i++) {
            db.log().append(event("user" + i, "grant-" + i, "record " + i));
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void untouchedChainVerifiesIntact() {
        AuditVerification result = db.log().verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.records()).isEqualTo(10);
        assertThat(result.anomalies()).isEmpty();
    }

    @Test
    void editedDetailIsAlteredAtItsSeq() throws SQLException {
        asAttacker("UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 4");
        assertThat(db.log().verify().anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(4L, Kind.ALTERED));
    }

    @Test
    void deletedRowIsMissingAtItsSeq() throws SQLException {
        asAttacker("DELETE FROM audit_log WHERE seq = 6");
        AuditVerification result = db.log().verify();
        assertThat(result.anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(6L, Kind.MISSING));
        assertThat(result.records()).isEqualTo(9);
    }

    @Test
    void swappedRowsAreReorderedAtBothSeqs() throws SQLException {
        asAttacker("UPDATE audit_log SET seq = -3 WHERE seq = 3",
                "UPDATE audit_log SET seq = 3 WHERE seq = 7",
                "UPDATE audit_log SET seq = 7 WHERE seq = -3");
        assertThat(db.log().verify().anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(3L, Kind.REORDERED), tuple(7L, Kind.REORDERED));
    }

    @Test
    void rowMovedOutOfTheChainIsReorderedAndItsPlaceMissing() throws SQLException {
        asAttacker("UPDATE audit_log SET seq = -1 WHERE seq = 5");
        assertThat(db.log().verify().anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(-1L, Kind.REORDERED), tuple(5L, Kind.MISSING));
    }

    @Test
    void truncatedTailIsMissingAfterTheLastKeptRecord() throws SQLException {
        asAttacker("DELETE FROM audit_log WHERE seq > 8");
        assertThat(db.log().verify().anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind, AuditAnomaly::detail)
                .containsExactly(tuple(9L, Kind.MISSING,
                        "seq 9..10 (2 records) are absent at the tail: the chain head says last_seq 10"));
    }

    @Test
    void forgedPredecessorIsABrokenLink() throws SQLException {
        asAttacker("UPDATE audit_log SET prev_hash = '" + "f".repeat(64) + "' WHERE seq = 5");
        AuditVerification result = db.log().verify();
        // The forged link also changes the record's content, so it is altered too.
        assertThat(result.anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(5L, Kind.ALTERED), tuple(5L, Kind.BROKEN_LINK));
    }

    @Test
    void plainUpdateIsRefusedByTheDatabase() {
        assertThatThrownBy(() -> db.jdbc().sql("UPDATE audit_log SET detail = 'x' WHERE seq = 2").update())
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("append-only");
        assertThat(db.log().verify().intact()).isTrue();
    }

    @Test
    void plainDeleteAndTruncateAreRefusedByTheDatabase() {
        assertThatThrownBy(() -> db.jdbc().sql("DELETE FROM audit_log WHERE seq = 2").update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.jdbc().sql("TRUNCATE audit_log").update())
                .rootCause().hasMessageContaining("append-only");
        assertThat(db.log().verify().records()).isEqualTo(10);
    }

    @Test
    void chainHeadCannotBeDeletedOrMovedBack() {
        assertThatThrownBy(() -> db.jdbc().sql("DELETE FROM audit_head").update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.jdbc().sql("UPDATE audit_head SET last_seq = 8").update())
                .rootCause().hasMessageContaining("only move forward");
        assertThat(db.log().verify().intact()).isTrue();
    }

    @Test
    void appendsContinueTheChainAfterVerification() {
        db.log().append(event("late", "grant-late", "after"));
        AuditVerification result = db.log().verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.records()).isEqualTo(11);
    }

    @Test
    void nonAsciiContentVerifiesIntactAndItsEditIsAltered() throws SQLException {
        db.log().append(new AuditEvent("李强", Set.of("APPLICANT"), "POST /api/v1/labs", "lab", "实验室-1",
                Optional.empty(), AuditEvent.Outcome.DONE, Optional.empty(), "宁波市公共数据授权运营 ✓"));
        assertThat(db.log().verify().intact()).isTrue();
        asAttacker("UPDATE audit_log SET detail = '宁波市公共数据授权运营 ✗' WHERE seq = 11");
        assertThat(db.log().verify().anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(11L, Kind.ALTERED));
    }

    /** What a DBA with superuser rights could do: switch off triggers for the session and edit rows. */
    private void asAttacker(String... statements) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static AuditEvent event(String actor, String subject, String detail) {
        return new AuditEvent(actor, Set.of("AUTHORITY"), "POST /api/v1/grants", "grant", subject, Optional.empty(),
                AuditEvent.Outcome.DONE, Optional.empty(), detail);
    }
}
