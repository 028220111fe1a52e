package org.shuyu.controller.adapter.persistence;

import static org.shuyu.controller.adapter.persistence.LifecycleRows.instant;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.instantOrNull;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantRecordStore;
import org.shuyu.controller.grant.LifecycleEvent;
import org.shuyu.controller.identity.Jurisdiction;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Decisions, publications, filings and data deletions of grants, with plain SQL. */
final class JdbcGrantRecordStore implements GrantRecordStore {
    private final JdbcClient jdbc;

    JdbcGrantRecordStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- decisions, publications, filings

    private static final String DECISION_COLUMNS = "id, grant_id, kind, state, jurisdiction, meeting_date, minutes, reason, "
            + "decided_by, decided_at, approved_by, approved_at, executed_at";

    @Override
    public void insertDecision(Grant.Decision d) {
        jdbc.sql("INSERT INTO decisions (" + DECISION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.grantId(), d.kind().name(), d.state().name(), d.jurisdiction().code(), d.meetingDate(), d.minutes(),
                        d.reason(), d.decidedBy(), ts(d.decidedAt()), d.approvedBy().orElse(null),
                        d.approvedAt().map(LifecycleRows::ts).orElse(null), d.executedAt().map(LifecycleRows::ts).orElse(null))
                .update();
    }

    @Override
    public Optional<Grant.Decision> decision(String id) {
        return jdbc.sql("SELECT " + DECISION_COLUMNS + " FROM decisions WHERE id = ?").param(id).query(this::mapDecision).optional();
    }

    @Override
    public void updateDecision(Grant.Decision d) {
        jdbc.sql("UPDATE decisions SET state = ?, approved_by = ?, approved_at = ?, executed_at = ? WHERE id = ?")
                .params(d.state().name(), d.approvedBy().orElse(null), d.approvedAt().map(LifecycleRows::ts).orElse(null),
                        d.executedAt().map(LifecycleRows::ts).orElse(null), d.id())
                .update();
    }

    @Override
    public List<Grant.Decision> decisions(String grantId) {
        return jdbc.sql("SELECT " + DECISION_COLUMNS + " FROM decisions WHERE grant_id = ? ORDER BY decided_at, id")
                .param(grantId).query(this::mapDecision).list();
    }

    private Grant.Decision mapDecision(ResultSet r, int n) throws SQLException {
        return new Grant.Decision(r.getString("id"), r.getString("grant_id"), Grant.DecisionKind.valueOf(r.getString("kind")),
                Grant.DecisionState.valueOf(r.getString("state")), new Jurisdiction(r.getString("jurisdiction")),
                r.getObject("meeting_date", LocalDate.class), r.getString("minutes"), r.getString("reason"), r.getString("decided_by"),
                instant(r, "decided_at"), Optional.ofNullable(r.getString("approved_by")),
                Optional.ofNullable(instantOrNull(r, "approved_at")), Optional.ofNullable(instantOrNull(r, "executed_at")));
    }

    @Override
    public void insertPublication(Grant.Publication p) {
        jdbc.sql("INSERT INTO publications (grant_id, operator_name, scenario, priority_domain, datasets, term_start, term_end, published_at, status) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(p.grantId(), p.operatorName(), p.scenario(), p.priorityDomain().name(), String.join(",", p.datasetIds()),
                        p.termStart(), p.termEnd(), ts(p.publishedAt()), p.status())
                .update();
    }

    @Override
    public void updatePublicationStatus(String grantId, String status) {
        jdbc.sql("UPDATE publications SET status = ? WHERE grant_id = ?").params(status, grantId).update();
    }

    @Override
    public List<Grant.Publication> publications() {
        return jdbc.sql("SELECT grant_id, operator_name, scenario, priority_domain, datasets, term_start, term_end, published_at, status "
                        + "FROM publications ORDER BY published_at, grant_id")
                .query((r, i) -> new Grant.Publication(r.getString(1), r.getString(2), r.getString(3),
                        PriorityDomain.valueOf(r.getString(4)), List.of(r.getString(5).split(",")), r.getObject(6, LocalDate.class),
                        r.getObject(7, LocalDate.class), instant(r, 8), r.getString(9)))
                .list();
    }

    @Override
    public void insertFiling(Grant.Filing f) {
        jdbc.sql("INSERT INTO filings (grant_id, filing_number, payload, sha256, filed_at) VALUES (?, ?, ?, ?, ?)")
                .params(f.grantId(), f.filingNumber(), f.payload(), f.sha256(), ts(f.filedAt()))
                .update();
    }

    @Override
    public List<Grant.Filing> filings() {
        return jdbc.sql("SELECT grant_id, filing_number, payload, sha256, filed_at FROM filings ORDER BY filed_at, grant_id")
                .query((r, i) -> new Grant.Filing(r.getString(1), r.getString(2), r.getString(3), r.getString(4), instant(r, 5)))
                .list();
    }

    // ---- deletions

    private static final String DELETION_COLUMNS = "id, grant_id, organization_id, reason, scope, state, scheduled_at, due_at, "
            + "completed_at, deleted_files, deleted_bytes, logs_kept_until, detail";

    @Override
    public void insertDeletion(Grant.Deletion d) {
        jdbc.sql("INSERT INTO data_deletions (" + DELETION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.grantId(), d.organizationId(), d.reason().name(), d.scope(), d.state().name(), ts(d.scheduledAt()),
                        ts(d.dueAt()), d.completedAt().map(LifecycleRows::ts).orElse(null), d.deletedFiles().orElse(null),
                        d.deletedBytes().orElse(null), d.logsKeptUntil(), d.detail().orElse(null))
                .update();
    }

    @Override
    public void updateDeletion(Grant.Deletion d) {
        jdbc.sql("UPDATE data_deletions SET state = ?, completed_at = ?, deleted_files = ?, deleted_bytes = ?, detail = ? WHERE id = ?")
                .params(d.state().name(), d.completedAt().map(LifecycleRows::ts).orElse(null), d.deletedFiles().orElse(null),
                        d.deletedBytes().orElse(null), d.detail().orElse(null), d.id())
                .update();
    }

    @Override
    public Optional<Grant.Deletion> lockDeletion(String id) {
        return jdbc.sql("SELECT " + DELETION_COLUMNS + " FROM data_deletions WHERE id = ? FOR UPDATE").param(id)
                .query(JdbcGrantRecordStore::mapDeletion).optional();
    }

    @Override
    public List<Grant.Deletion> deletions() {
        return jdbc.sql("SELECT " + DELETION_COLUMNS + " FROM data_deletions ORDER BY scheduled_at, id").query(JdbcGrantRecordStore::mapDeletion).list();
    }

    @Override
    public List<Grant.Deletion> deletionsDue(Instant now) {
        return jdbc.sql("SELECT " + DELETION_COLUMNS + " FROM data_deletions WHERE state = 'SCHEDULED' AND due_at <= ? ORDER BY due_at, id")
                .param(ts(now)).query(JdbcGrantRecordStore::mapDeletion).list();
    }

    private static Grant.Deletion mapDeletion(ResultSet r, int n) throws SQLException {
        return new Grant.Deletion(r.getString("id"), r.getString("grant_id"), r.getString("organization_id"),
                LifecycleEvent.valueOf(r.getString("reason")), r.getString("scope"), Grant.DeletionState.valueOf(r.getString("state")),
                instant(r, "scheduled_at"), instant(r, "due_at"), Optional.ofNullable(instantOrNull(r, "completed_at")),
                Optional.ofNullable((Long) r.getObject("deleted_files", Long.class)),
                Optional.ofNullable((Long) r.getObject("deleted_bytes", Long.class)), r.getObject("logs_kept_until", LocalDate.class),
                Optional.ofNullable(r.getString("detail")));
    }

}
