package org.shuyu.controller.adapter.persistence;

import static org.shuyu.controller.adapter.persistence.LifecycleRows.Children;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.Partial;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.first;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.ids;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.instant;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.instantOrNull;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantStore;
import org.shuyu.controller.grant.LifecycleState;
import org.shuyu.controller.identity.Jurisdiction;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Grants with their emergency plan, drills and members, with plain SQL. */
final class JdbcGrantStore implements GrantStore {
    private final JdbcClient jdbc;

    JdbcGrantStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- grants

    private static final String GRANT_COLUMNS = "id, application_id, organization_id, state, scenario, priority_domain, level, "
            + "jurisdiction, term_start, term_end, agreement_document, agreement_sha256, agreement_signed_on, created_at, created_by, "
            + "activated_at, suspension_reason, suspended_at, rectification_deadline, rectification_report, rectification_at, "
            + "ended_at, end_reason";

    @Override
    public void insertGrant(Grant g, String scenarioKey) {
        jdbc.sql("INSERT INTO grants (" + GRANT_COLUMNS + ", scenario_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(g.id(), g.applicationId(), g.organizationId(), g.state().name(), g.scenario(), g.priorityDomain().name(),
                        g.level().name(), g.jurisdiction().code(), g.termStart(), g.termEnd(), g.agreement().documentName(),
                        g.agreement().sha256(), g.agreement().signedOn(), ts(g.createdAt()), g.createdBy(),
                        g.activatedAt().map(LifecycleRows::ts).orElse(null), null, null, null, null, null, null, null,
                        scenarioKey)
                .update();
        for (String dataset : g.datasetIds()) {
            jdbc.sql("INSERT INTO grant_datasets (grant_id, dataset_id) VALUES (?, ?)").params(g.id(), dataset).update();
        }
        g.emergencyPlan().ifPresent(plan -> putEmergencyPlan(g.id(), plan));
    }

    @Override
    public Optional<Grant> grant(String id) {
        return first(grants(jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants WHERE id = ?").param(id)
                .query(JdbcGrantStore::mapGrant).list()));
    }

    @Override
    public Optional<Grant> lockGrant(String id) {
        return first(grants(jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants WHERE id = ? FOR UPDATE").param(id)
                .query(JdbcGrantStore::mapGrant).list()));
    }

    @Override
    public void updateGrant(Grant g) {
        jdbc.sql("UPDATE grants SET state = ?, activated_at = ?, suspension_reason = ?, suspended_at = ?, rectification_deadline = ?, "
                        + "rectification_report = ?, rectification_at = ?, ended_at = ?, end_reason = ? WHERE id = ?")
                .params(g.state().name(), g.activatedAt().map(LifecycleRows::ts).orElse(null),
                        g.suspension().map(Grant.Suspension::reason).orElse(null),
                        g.suspension().map(s -> ts(s.suspendedAt())).orElse(null),
                        g.suspension().map(s -> ts(s.rectificationDeadline())).orElse(null),
                        g.rectification().map(Grant.Rectification::report).orElse(null),
                        g.rectification().map(r -> ts(r.reportedAt())).orElse(null),
                        g.endedAt().map(LifecycleRows::ts).orElse(null), g.endReason().orElse(null), g.id())
                .update();
    }

    @Override
    public List<Grant> grants() {
        return grants(jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants ORDER BY created_at, id").query(JdbcGrantStore::mapGrant).list());
    }

    @Override
    public List<Grant> grantsIn(Set<LifecycleState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        String in = states.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "));
        return grants(jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants WHERE state IN (" + in + ") ORDER BY id")
                .query(JdbcGrantStore::mapGrant).list());
    }

    @Override
    public boolean liveGrantWithScenario(String organizationId, String scenarioKey, Set<LifecycleState> liveStates) {
        String in = liveStates.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "));
        return jdbc.sql("SELECT COUNT(*) FROM grants WHERE organization_id = ? AND scenario_key = ? AND state IN (" + in + ")")
                .params(organizationId, scenarioKey)
                .query(Long.class)
                .single() > 0;
    }

    /** Reads a grant's own row; its datasets and emergency plan are filled in once the row's result set is closed. */
    private static Partial<Grant> mapGrant(ResultSet rs, int n) throws SQLException {
        String id = rs.getString("id");
        Optional<Grant.Suspension> suspension = rs.getString("suspension_reason") == null ? Optional.empty()
                : Optional.of(new Grant.Suspension(rs.getString("suspension_reason"), instant(rs, "suspended_at"),
                        instant(rs, "rectification_deadline")));
        Optional<Grant.Rectification> rectification = rs.getString("rectification_report") == null ? Optional.empty()
                : Optional.of(new Grant.Rectification(rs.getString("rectification_report"), instant(rs, "rectification_at")));
        String applicationId = rs.getString("application_id");
        String organizationId = rs.getString("organization_id");
        LifecycleState state = LifecycleState.valueOf(rs.getString("state"));
        String scenario = rs.getString("scenario");
        PriorityDomain domain = PriorityDomain.valueOf(rs.getString("priority_domain"));
        Jurisdiction.Level level = Jurisdiction.Level.valueOf(rs.getString("level"));
        Jurisdiction jurisdiction = new Jurisdiction(rs.getString("jurisdiction"));
        LocalDate termStart = rs.getObject("term_start", LocalDate.class);
        LocalDate termEnd = rs.getObject("term_end", LocalDate.class);
        Grant.Agreement agreement = new Grant.Agreement(rs.getString("agreement_document"), rs.getString("agreement_sha256"),
                rs.getObject("agreement_signed_on", LocalDate.class));
        Instant createdAt = instant(rs, "created_at");
        String createdBy = rs.getString("created_by");
        Optional<Instant> activatedAt = Optional.ofNullable(instantOrNull(rs, "activated_at"));
        Optional<Instant> endedAt = Optional.ofNullable(instantOrNull(rs, "ended_at"));
        Optional<String> endReason = Optional.ofNullable(rs.getString("end_reason"));
        return new Partial<>(id, children -> new Grant(id, applicationId, organizationId, state, scenario, domain, level, jurisdiction,
                children.list("datasets", id, String.class), termStart, termEnd, agreement,
                children.one("plan", id, Grant.EmergencyPlan.class), suspension, rectification, createdAt, createdBy, activatedAt,
                endedAt, endReason));
    }

    private List<Grant> grants(List<Partial<Grant>> partials) {
        Children children = new Children(jdbc);
        List<String> ids = ids(partials);
        children.load("datasets", ids,
                "SELECT grant_id, dataset_id FROM grant_datasets WHERE grant_id IN (:ids) ORDER BY grant_id, dataset_id", r -> r.getString(2));
        children.load("plan", ids,
                "SELECT grant_id, document_name, sha256, summary, contacts, recorded_at, recorded_by FROM emergency_plans WHERE grant_id IN (:ids)",
                r -> new Grant.EmergencyPlan(r.getString(2), r.getString(3), r.getString(4), r.getString(5), instant(r, 6), r.getString(7)));
        return partials.stream().map(p -> p.complete().apply(children)).toList();
    }

    @Override
    public void putEmergencyPlan(String grantId, Grant.EmergencyPlan p) {
        jdbc.sql("DELETE FROM emergency_plans WHERE grant_id = ?").param(grantId).update();
        jdbc.sql("INSERT INTO emergency_plans (grant_id, document_name, sha256, summary, contacts, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(grantId, p.documentName(), p.sha256(), p.summary(), p.contacts(), ts(p.recordedAt()), p.recordedBy())
                .update();
    }

    @Override
    public void insertDrill(Grant.Drill d) {
        jdbc.sql("INSERT INTO drills (id, grant_id, held_on, scenario, outcome, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.grantId(), d.heldOn(), d.scenario(), d.outcome(), ts(d.recordedAt()), d.recordedBy())
                .update();
    }

    @Override
    public List<Grant.Drill> drills(String grantId) {
        return jdbc.sql("SELECT id, grant_id, held_on, scenario, outcome, recorded_at, recorded_by FROM drills WHERE grant_id = ? ORDER BY held_on, id")
                .param(grantId)
                .query((r, i) -> new Grant.Drill(r.getString(1), r.getString(2), r.getObject(3, LocalDate.class), r.getString(4),
                        r.getString(5), instant(r, 6), r.getString(7)))
                .list();
    }

    // ---- members

    @Override
    public void putMember(Grant.Member m) {
        jdbc.sql("DELETE FROM grant_members WHERE grant_id = ? AND user_id = ?").params(m.grantId(), m.userId()).update();
        jdbc.sql("INSERT INTO grant_members (grant_id, user_id, name, added_by, added_at, removed_by, removed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(m.grantId(), m.userId(), m.name(), m.addedBy(), ts(m.addedAt()), m.removedBy().orElse(null),
                        m.removedAt().map(LifecycleRows::ts).orElse(null))
                .update();
    }

    private static final String MEMBER_COLUMNS = "grant_id, user_id, name, added_by, added_at, removed_by, removed_at";

    @Override
    public Optional<Grant.Member> member(String grantId, String userId) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM grant_members WHERE grant_id = ? AND user_id = ?")
                .params(grantId, userId).query(JdbcGrantStore::mapMember).optional();
    }

    @Override
    public List<Grant.Member> members(String grantId) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM grant_members WHERE grant_id = ? ORDER BY added_at, user_id")
                .param(grantId).query(JdbcGrantStore::mapMember).list();
    }

    private static Grant.Member mapMember(ResultSet r, int n) throws SQLException {
        return new Grant.Member(r.getString(1), r.getString(2), r.getString(3), r.getString(4), instant(r, 5),
                Optional.ofNullable(r.getString(6)), Optional.ofNullable(instantOrNull(r, "removed_at")));
    }

}
