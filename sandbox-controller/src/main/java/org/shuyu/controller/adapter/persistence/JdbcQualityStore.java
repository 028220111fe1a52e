package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.quality.QualityRequest;
import org.shuyu.controller.quality.QualityState;
import org.shuyu.controller.quality.QualityStore;
import org.shuyu.controller.quality.TargetKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Data quality requests on the controller's database: one row per request, updated in place on each move. */
@Repository
public class JdbcQualityStore implements QualityStore {
    private static final String COLUMNS = "id, dataset_id, provider_id, provider_jurisdiction, grant_id, organization_id,"
            + " filed_by, target_kind, target, description, evidence, evidence_sha256, state, filed_at, due_at, overdue_at,"
            + " acknowledged_at, answer_kind, answer_note, answer_data_sha256, answered_at, answered_by, late, reopened, closed_at";
    private final JdbcClient jdbc;

    public JdbcQualityStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(QualityRequest r) {
        jdbc.sql("INSERT INTO quality_requests (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.datasetId(), r.providerId(), r.providerJurisdiction().code(), r.grantId(), r.organizationId(),
                        r.filedBy(), r.targetKind().name(), r.target(), r.description(), r.evidence(),
                        r.evidenceSha256().orElse(null), r.state().name(), ts(r.filedAt()), ts(r.dueAt()),
                        r.overdueAt().map(JdbcQualityStore::ts).orElse(null),
                        r.acknowledgedAt().map(JdbcQualityStore::ts).orElse(null),
                        r.answer().map(a -> a.kind().name()).orElse(null), r.answer().map(a -> a.note()).orElse(null),
                        r.answer().flatMap(a -> a.dataSha256()).orElse(null), r.answer().map(a -> ts(a.at())).orElse(null),
                        r.answer().map(a -> a.by()).orElse(null), r.answer().map(a -> a.late()).orElse(false), r.reopened(),
                        r.closedAt().map(JdbcQualityStore::ts).orElse(null))
                .update();
    }

    @Override
    public void update(QualityRequest r) {
        jdbc.sql("UPDATE quality_requests SET state = ?, due_at = ?, overdue_at = ?, acknowledged_at = ?, answer_kind = ?,"
                        + " answer_note = ?, answer_data_sha256 = ?, answered_at = ?, answered_by = ?, late = ?, reopened = ?,"
                        + " closed_at = ? WHERE id = ?")
                .params(r.state().name(), ts(r.dueAt()), r.overdueAt().map(JdbcQualityStore::ts).orElse(null),
                        r.acknowledgedAt().map(JdbcQualityStore::ts).orElse(null),
                        r.answer().map(a -> a.kind().name()).orElse(null), r.answer().map(a -> a.note()).orElse(null),
                        r.answer().flatMap(a -> a.dataSha256()).orElse(null), r.answer().map(a -> ts(a.at())).orElse(null),
                        r.answer().map(a -> a.by()).orElse(null), r.answer().map(a -> a.late()).orElse(false), r.reopened(),
                        r.closedAt().map(JdbcQualityStore::ts).orElse(null), r.id())
                .update();
    }

    @Override
    public Optional<QualityRequest> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM quality_requests WHERE id = ?").param(id)
                .query(JdbcQualityStore::map).optional();
    }

    @Override
    public Optional<QualityRequest> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM quality_requests WHERE id = ? FOR UPDATE").param(id)
                .query(JdbcQualityStore::map).optional();
    }

    @Override
    public List<QualityRequest> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM quality_requests ORDER BY filed_at DESC, id DESC")
                .query(JdbcQualityStore::map).list();
    }

    @Override
    public List<QualityRequest> dueUnmarked(Collection<QualityState> states, Instant now) {
        if (states.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM quality_requests WHERE state IN (:states) AND due_at < :now"
                        + " AND overdue_at IS NULL ORDER BY due_at, id")
                .param("states", states.stream().map(Enum::name).toList()).param("now", ts(now))
                .query(JdbcQualityStore::map).list();
    }

    @Override
    public List<QualityRequest> filedAgainst(String providerId, Instant from, Instant to) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM quality_requests WHERE provider_id = ? AND filed_at >= ? AND filed_at < ?"
                        + " ORDER BY filed_at, id")
                .params(providerId, ts(from), ts(to)).query(JdbcQualityStore::map).list();
    }

    private static QualityRequest map(ResultSet rs, int row) throws SQLException {
        String answerKind = rs.getString("answer_kind");
        Optional<QualityRequest.Answer> answer = answerKind == null ? Optional.empty()
                : Optional.of(new QualityRequest.Answer(QualityRequest.Answer.Kind.valueOf(answerKind), rs.getString("answer_note"),
                        Optional.ofNullable(rs.getString("answer_data_sha256")), JdbcLifecycleStore.instant(rs, "answered_at"),
                        rs.getString("answered_by"), rs.getBoolean("late")));
        return new QualityRequest(rs.getString("id"), rs.getString("dataset_id"), rs.getString("provider_id"),
                new Jurisdiction(rs.getString("provider_jurisdiction")), rs.getString("grant_id"), rs.getString("organization_id"),
                rs.getString("filed_by"), TargetKind.valueOf(rs.getString("target_kind")), rs.getString("target"),
                rs.getString("description"), rs.getString("evidence"), Optional.ofNullable(rs.getString("evidence_sha256")),
                QualityState.valueOf(rs.getString("state")), JdbcLifecycleStore.instant(rs, "filed_at"),
                JdbcLifecycleStore.instant(rs, "due_at"), optional(rs, "overdue_at"), optional(rs, "acknowledged_at"), answer,
                rs.getInt("reopened"), optional(rs, "closed_at"));
    }

    private static Optional<Instant> optional(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(JdbcLifecycleStore.instantOrNull(rs, column));
    }

    private static Timestamp ts(Instant instant) {
        return JdbcLifecycleStore.ts(instant);
    }
}
