package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.grant.Application;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.Lab;
import org.shuyu.controller.grant.LifecycleEvent;
import org.shuyu.controller.grant.LifecycleState;
import org.shuyu.controller.grant.LifecycleStore;
import org.shuyu.controller.grant.MaterialKind;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.grant.ReviewPoint;
import org.shuyu.controller.identity.Jurisdiction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The life cycle on the controller's database (PostgreSQL or H2), with plain SQL. */
@Component
public class JdbcLifecycleStore implements LifecycleStore {
    private final JdbcClient jdbc;

    public JdbcLifecycleStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- labs

    private static final String LAB_COLUMNS = "id, organization_id, jurisdiction, state, development_approach, market_plan, "
            + "requested_months, term_start, term_end, requested_at, requested_by, decision_note";

    @Override
    public void insertLab(Lab lab) {
        jdbc.sql("INSERT INTO labs (" + LAB_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(lab.id(), lab.organizationId(), lab.jurisdiction().code(), lab.state().name(), lab.developmentApproach(),
                        lab.marketPlan(), lab.requestedMonths(), lab.termStart().orElse(null), lab.termEnd().orElse(null),
                        ts(lab.requestedAt()), lab.requestedBy(), lab.decisionNote().orElse(null))
                .update();
        for (String dataset : lab.datasetIds()) {
            jdbc.sql("INSERT INTO lab_datasets (lab_id, dataset_id) VALUES (?, ?)").params(lab.id(), dataset).update();
        }
    }

    @Override
    public Optional<Lab> lab(String id) {
        return jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs WHERE id = ?").param(id).query(this::mapLab).optional();
    }

    @Override
    public Optional<Lab> lockLab(String id) {
        return jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs WHERE id = ? FOR UPDATE").param(id).query(this::mapLab).optional();
    }

    @Override
    public void updateLab(Lab lab) {
        jdbc.sql("UPDATE labs SET state = ?, term_start = ?, term_end = ?, decision_note = ? WHERE id = ?")
                .params(lab.state().name(), lab.termStart().orElse(null), lab.termEnd().orElse(null),
                        lab.decisionNote().orElse(null), lab.id())
                .update();
    }

    @Override
    public void insertLabReport(Lab.LabReport r) {
        jdbc.sql("INSERT INTO lab_reports (id, lab_id, issued_at, issued_by, conclusion, summary, findings, content, sha256) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.labId(), ts(r.issuedAt()), r.issuedBy(), r.conclusion().name(), r.summary(), r.findings(),
                        r.content(), r.sha256())
                .update();
    }

    @Override
    public List<Lab> labs() {
        return jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs ORDER BY requested_at, id").query(this::mapLab).list();
    }

    @Override
    public List<Lab> labsEndingBy(LifecycleState state, LocalDate day) {
        return jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs WHERE state = ? AND term_end <= ? ORDER BY id")
                .params(state.name(), day)
                .query(this::mapLab)
                .list();
    }

    private Lab mapLab(ResultSet rs, int n) throws SQLException {
        String id = rs.getString("id");
        List<String> datasets = jdbc.sql("SELECT dataset_id FROM lab_datasets WHERE lab_id = ? ORDER BY dataset_id")
                .param(id).query(String.class).list();
        Optional<Lab.LabReport> report = jdbc.sql(
                        "SELECT id, lab_id, issued_at, issued_by, conclusion, summary, findings, content, sha256 FROM lab_reports WHERE lab_id = ?")
                .param(id)
                .query((r, i) -> new Lab.LabReport(r.getString(1), r.getString(2), instant(r, 3), r.getString(4),
                        Lab.Conclusion.valueOf(r.getString(5)), r.getString(6), r.getString(7), r.getString(8), r.getString(9)))
                .optional();
        return new Lab(id, rs.getString("organization_id"), new Jurisdiction(rs.getString("jurisdiction")),
                LifecycleState.valueOf(rs.getString("state")), datasets, rs.getString("development_approach"),
                rs.getString("market_plan"), rs.getInt("requested_months"),
                Optional.ofNullable(rs.getObject("term_start", LocalDate.class)),
                Optional.ofNullable(rs.getObject("term_end", LocalDate.class)), instant(rs, "requested_at"),
                rs.getString("requested_by"), Optional.ofNullable(rs.getString("decision_note")), report);
    }

    // ---- applications

    private static final String APP_COLUMNS = "id, lab_id, organization_id, announcement_id, state, scenario, priority_domain, "
            + "level, jurisdiction, created_at, created_by, submitted_at, closed_reason";

    @Override
    public void insertApplication(Application a) {
        jdbc.sql("INSERT INTO applications (" + APP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(a.id(), a.labId(), a.organizationId(), a.announcementId().orElse(null), a.state().name(), a.scenario(),
                        a.priorityDomain().name(), a.level().name(), a.jurisdiction().code(), ts(a.createdAt()), a.createdBy(),
                        a.submittedAt().map(JdbcLifecycleStore::ts).orElse(null), a.closedReason().orElse(null))
                .update();
        for (String dataset : a.datasetIds()) {
            jdbc.sql("INSERT INTO application_datasets (application_id, dataset_id) VALUES (?, ?)").params(a.id(), dataset).update();
        }
        for (Application.Material m : a.materials().values()) {
            putMaterial(a.id(), m);
        }
    }

    @Override
    public Optional<Application> application(String id) {
        return jdbc.sql("SELECT " + APP_COLUMNS + " FROM applications WHERE id = ?").param(id).query(this::mapApplication).optional();
    }

    @Override
    public Optional<Application> lockApplication(String id) {
        return jdbc.sql("SELECT " + APP_COLUMNS + " FROM applications WHERE id = ? FOR UPDATE").param(id)
                .query(this::mapApplication).optional();
    }

    @Override
    public void updateApplication(Application a) {
        jdbc.sql("UPDATE applications SET state = ?, submitted_at = ?, closed_reason = ? WHERE id = ?")
                .params(a.state().name(), a.submittedAt().map(JdbcLifecycleStore::ts).orElse(null), a.closedReason().orElse(null), a.id())
                .update();
    }

    @Override
    public void putMaterial(String applicationId, Application.Material m) {
        jdbc.sql("DELETE FROM application_materials WHERE application_id = ? AND kind = ?").params(applicationId, m.kind().name()).update();
        jdbc.sql("INSERT INTO application_materials (application_id, kind, document_name, sha256, period_end, provided_at, provided_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(applicationId, m.kind().name(), m.documentName(), m.sha256(), m.periodEnd().orElse(null), ts(m.providedAt()),
                        m.providedBy())
                .update();
    }

    @Override
    public void insertReview(String applicationId, Application.Review r) {
        jdbc.sql("INSERT INTO application_reviews (id, application_id, reviewer, reviewer_kind, recorded_at) VALUES (?, ?, ?, ?, ?)")
                .params(r.id(), applicationId, r.reviewer(), r.kind().name(), ts(r.recordedAt()))
                .update();
        for (Application.Opinion o : r.opinions()) {
            jdbc.sql("INSERT INTO review_opinions (review_id, point, verdict, comment) VALUES (?, ?, ?, ?)")
                    .params(r.id(), o.point().name(), o.verdict().name(), o.comment())
                    .update();
        }
    }

    @Override
    public void insertDeliberation(String applicationId, Application.Deliberation d) {
        jdbc.sql("INSERT INTO deliberations (application_id, body, jurisdiction, meeting_date, attendees, minutes, outcome, recorded_by, recorded_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(applicationId, d.body(), d.jurisdiction().code(), d.meetingDate(), d.attendees(), d.minutes(), d.outcome().name(),
                        d.recordedBy(), ts(d.recordedAt()))
                .update();
    }

    @Override
    public void insertApproval(String applicationId, Application.Approval a) {
        jdbc.sql("INSERT INTO approvals (application_id, approver_role, jurisdiction, decision_number, approved_on, note, approved_by, approved_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(applicationId, a.approverRole(), a.jurisdiction().code(), a.decisionNumber(), a.approvedOn(), a.note(),
                        a.approvedBy(), ts(a.approvedAt()))
                .update();
    }

    @Override
    public List<Application> applications() {
        return jdbc.sql("SELECT " + APP_COLUMNS + " FROM applications ORDER BY created_at, id").query(this::mapApplication).list();
    }

    private Application mapApplication(ResultSet rs, int n) throws SQLException {
        String id = rs.getString("id");
        List<String> datasets = jdbc.sql("SELECT dataset_id FROM application_datasets WHERE application_id = ? ORDER BY dataset_id")
                .param(id).query(String.class).list();
        Map<MaterialKind, Application.Material> materials = new EnumMap<>(MaterialKind.class);
        jdbc.sql("SELECT kind, document_name, sha256, period_end, provided_at, provided_by FROM application_materials WHERE application_id = ?")
                .param(id)
                .query((r, i) -> new Application.Material(MaterialKind.valueOf(r.getString(1)), r.getString(2), r.getString(3),
                        Optional.ofNullable(r.getObject(4, LocalDate.class)), instant(r, 5), r.getString(6)))
                .list()
                .forEach(m -> materials.put(m.kind(), m));
        List<Application.Review> reviews = jdbc.sql(
                        "SELECT id, reviewer, reviewer_kind, recorded_at FROM application_reviews WHERE application_id = ? ORDER BY recorded_at, id")
                .param(id)
                .query((r, i) -> new Application.Review(r.getString(1), r.getString(2), Application.ReviewerKind.valueOf(r.getString(3)),
                        opinions(r.getString(1)), instant(r, 4)))
                .list();
        Optional<Application.Deliberation> deliberation = jdbc.sql(
                        "SELECT body, jurisdiction, meeting_date, attendees, minutes, outcome, recorded_by, recorded_at FROM deliberations WHERE application_id = ?")
                .param(id)
                .query((r, i) -> new Application.Deliberation(r.getString(1), new Jurisdiction(r.getString(2)),
                        r.getObject(3, LocalDate.class), r.getString(4), r.getString(5), Application.Outcome.valueOf(r.getString(6)),
                        r.getString(7), instant(r, 8)))
                .optional();
        Optional<Application.Approval> approval = jdbc.sql(
                        "SELECT approver_role, jurisdiction, decision_number, approved_on, note, approved_by, approved_at FROM approvals WHERE application_id = ?")
                .param(id)
                .query((r, i) -> new Application.Approval(r.getString(1), new Jurisdiction(r.getString(2)), r.getString(3),
                        r.getObject(4, LocalDate.class), r.getString(5), r.getString(6), instant(r, 7)))
                .optional();
        return new Application(id, rs.getString("lab_id"), rs.getString("organization_id"),
                Optional.ofNullable(rs.getString("announcement_id")), LifecycleState.valueOf(rs.getString("state")),
                rs.getString("scenario"), PriorityDomain.valueOf(rs.getString("priority_domain")),
                Jurisdiction.Level.valueOf(rs.getString("level")), new Jurisdiction(rs.getString("jurisdiction")), datasets,
                materials, reviews, deliberation, approval, instant(rs, "created_at"), rs.getString("created_by"),
                Optional.ofNullable(instantOrNull(rs, "submitted_at")), Optional.ofNullable(rs.getString("closed_reason")));
    }

    private List<Application.Opinion> opinions(String reviewId) {
        return jdbc.sql("SELECT point, verdict, comment FROM review_opinions WHERE review_id = ? ORDER BY point")
                .param(reviewId)
                .query((r, i) -> new Application.Opinion(ReviewPoint.valueOf(r.getString(1)),
                        Application.Verdict.valueOf(r.getString(2)), r.getString(3)))
                .list();
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
                        g.activatedAt().map(JdbcLifecycleStore::ts).orElse(null), null, null, null, null, null, null, null,
                        scenarioKey)
                .update();
        for (String dataset : g.datasetIds()) {
            jdbc.sql("INSERT INTO grant_datasets (grant_id, dataset_id) VALUES (?, ?)").params(g.id(), dataset).update();
        }
        g.emergencyPlan().ifPresent(plan -> putEmergencyPlan(g.id(), plan));
    }

    @Override
    public Optional<Grant> grant(String id) {
        return jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants WHERE id = ?").param(id).query(this::mapGrant).optional();
    }

    @Override
    public Optional<Grant> lockGrant(String id) {
        return jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants WHERE id = ? FOR UPDATE").param(id).query(this::mapGrant).optional();
    }

    @Override
    public void updateGrant(Grant g) {
        jdbc.sql("UPDATE grants SET state = ?, activated_at = ?, suspension_reason = ?, suspended_at = ?, rectification_deadline = ?, "
                        + "rectification_report = ?, rectification_at = ?, ended_at = ?, end_reason = ? WHERE id = ?")
                .params(g.state().name(), g.activatedAt().map(JdbcLifecycleStore::ts).orElse(null),
                        g.suspension().map(Grant.Suspension::reason).orElse(null),
                        g.suspension().map(s -> ts(s.suspendedAt())).orElse(null),
                        g.suspension().map(s -> ts(s.rectificationDeadline())).orElse(null),
                        g.rectification().map(Grant.Rectification::report).orElse(null),
                        g.rectification().map(r -> ts(r.reportedAt())).orElse(null),
                        g.endedAt().map(JdbcLifecycleStore::ts).orElse(null), g.endReason().orElse(null), g.id())
                .update();
    }

    @Override
    public List<Grant> grants() {
        return jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants ORDER BY created_at, id").query(this::mapGrant).list();
    }

    @Override
    public List<Grant> grantsIn(Set<LifecycleState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        String in = states.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "));
        return jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants WHERE state IN (" + in + ") ORDER BY id").query(this::mapGrant).list();
    }

    @Override
    public boolean liveGrantWithScenario(String organizationId, String scenarioKey, Set<LifecycleState> liveStates) {
        String in = liveStates.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "));
        return jdbc.sql("SELECT COUNT(*) FROM grants WHERE organization_id = ? AND scenario_key = ? AND state IN (" + in + ")")
                .params(organizationId, scenarioKey)
                .query(Long.class)
                .single() > 0;
    }

    private Grant mapGrant(ResultSet rs, int n) throws SQLException {
        String id = rs.getString("id");
        List<String> datasets = jdbc.sql("SELECT dataset_id FROM grant_datasets WHERE grant_id = ? ORDER BY dataset_id")
                .param(id).query(String.class).list();
        Optional<Grant.EmergencyPlan> plan = jdbc.sql(
                        "SELECT document_name, sha256, summary, contacts, recorded_at, recorded_by FROM emergency_plans WHERE grant_id = ?")
                .param(id)
                .query((r, i) -> new Grant.EmergencyPlan(r.getString(1), r.getString(2), r.getString(3), r.getString(4), instant(r, 5),
                        r.getString(6)))
                .optional();
        Optional<Grant.Suspension> suspension = rs.getString("suspension_reason") == null ? Optional.empty()
                : Optional.of(new Grant.Suspension(rs.getString("suspension_reason"), instant(rs, "suspended_at"),
                        instant(rs, "rectification_deadline")));
        Optional<Grant.Rectification> rectification = rs.getString("rectification_report") == null ? Optional.empty()
                : Optional.of(new Grant.Rectification(rs.getString("rectification_report"), instant(rs, "rectification_at")));
        return new Grant(id, rs.getString("application_id"), rs.getString("organization_id"),
                LifecycleState.valueOf(rs.getString("state")), rs.getString("scenario"),
                PriorityDomain.valueOf(rs.getString("priority_domain")), Jurisdiction.Level.valueOf(rs.getString("level")),
                new Jurisdiction(rs.getString("jurisdiction")), datasets, rs.getObject("term_start", LocalDate.class),
                rs.getObject("term_end", LocalDate.class),
                new Grant.Agreement(rs.getString("agreement_document"), rs.getString("agreement_sha256"),
                        rs.getObject("agreement_signed_on", LocalDate.class)),
                plan, suspension, rectification, instant(rs, "created_at"), rs.getString("created_by"),
                Optional.ofNullable(instantOrNull(rs, "activated_at")), Optional.ofNullable(instantOrNull(rs, "ended_at")),
                Optional.ofNullable(rs.getString("end_reason")));
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

    private static final String DECISION_COLUMNS = "id, grant_id, kind, state, jurisdiction, meeting_date, minutes, reason, "
            + "decided_by, decided_at, approved_by, approved_at, executed_at";

    @Override
    public void insertDecision(Grant.Decision d) {
        jdbc.sql("INSERT INTO decisions (" + DECISION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.grantId(), d.kind().name(), d.state().name(), d.jurisdiction().code(), d.meetingDate(), d.minutes(),
                        d.reason(), d.decidedBy(), ts(d.decidedAt()), d.approvedBy().orElse(null),
                        d.approvedAt().map(JdbcLifecycleStore::ts).orElse(null), d.executedAt().map(JdbcLifecycleStore::ts).orElse(null))
                .update();
    }

    @Override
    public Optional<Grant.Decision> decision(String id) {
        return jdbc.sql("SELECT " + DECISION_COLUMNS + " FROM decisions WHERE id = ?").param(id).query(this::mapDecision).optional();
    }

    @Override
    public void updateDecision(Grant.Decision d) {
        jdbc.sql("UPDATE decisions SET state = ?, approved_by = ?, approved_at = ?, executed_at = ? WHERE id = ?")
                .params(d.state().name(), d.approvedBy().orElse(null), d.approvedAt().map(JdbcLifecycleStore::ts).orElse(null),
                        d.executedAt().map(JdbcLifecycleStore::ts).orElse(null), d.id())
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

    // ---- members

    @Override
    public void putMember(Grant.Member m) {
        jdbc.sql("DELETE FROM grant_members WHERE grant_id = ? AND user_id = ?").params(m.grantId(), m.userId()).update();
        jdbc.sql("INSERT INTO grant_members (grant_id, user_id, name, added_by, added_at, removed_by, removed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(m.grantId(), m.userId(), m.name(), m.addedBy(), ts(m.addedAt()), m.removedBy().orElse(null),
                        m.removedAt().map(JdbcLifecycleStore::ts).orElse(null))
                .update();
    }

    private static final String MEMBER_COLUMNS = "grant_id, user_id, name, added_by, added_at, removed_by, removed_at";

    @Override
    public Optional<Grant.Member> member(String grantId, String userId) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM grant_members WHERE grant_id = ? AND user_id = ?")
                .params(grantId, userId).query(JdbcLifecycleStore::mapMember).optional();
    }

    @Override
    public List<Grant.Member> members(String grantId) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM grant_members WHERE grant_id = ? ORDER BY added_at, user_id")
                .param(grantId).query(JdbcLifecycleStore::mapMember).list();
    }

    private static Grant.Member mapMember(ResultSet r, int n) throws SQLException {
        return new Grant.Member(r.getString(1), r.getString(2), r.getString(3), r.getString(4), instant(r, 5),
                Optional.ofNullable(r.getString(6)), Optional.ofNullable(instantOrNull(r, "removed_at")));
    }

    // ---- deletions

    private static final String DELETION_COLUMNS = "id, grant_id, organization_id, reason, scope, state, scheduled_at, due_at, "
            + "completed_at, deleted_files, deleted_bytes, logs_kept_until, detail";

    @Override
    public void insertDeletion(Grant.Deletion d) {
        jdbc.sql("INSERT INTO data_deletions (" + DELETION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.grantId(), d.organizationId(), d.reason().name(), d.scope(), d.state().name(), ts(d.scheduledAt()),
                        ts(d.dueAt()), d.completedAt().map(JdbcLifecycleStore::ts).orElse(null), d.deletedFiles().orElse(null),
                        d.deletedBytes().orElse(null), d.logsKeptUntil(), d.detail().orElse(null))
                .update();
    }

    @Override
    public void updateDeletion(Grant.Deletion d) {
        jdbc.sql("UPDATE data_deletions SET state = ?, completed_at = ?, deleted_files = ?, deleted_bytes = ?, detail = ? WHERE id = ?")
                .params(d.state().name(), d.completedAt().map(JdbcLifecycleStore::ts).orElse(null), d.deletedFiles().orElse(null),
                        d.deletedBytes().orElse(null), d.detail().orElse(null), d.id())
                .update();
    }

    @Override
    public Optional<Grant.Deletion> lockDeletion(String id) {
        return jdbc.sql("SELECT " + DELETION_COLUMNS + " FROM data_deletions WHERE id = ? FOR UPDATE").param(id)
                .query(JdbcLifecycleStore::mapDeletion).optional();
    }

    @Override
    public List<Grant.Deletion> deletions() {
        return jdbc.sql("SELECT " + DELETION_COLUMNS + " FROM data_deletions ORDER BY scheduled_at, id").query(JdbcLifecycleStore::mapDeletion).list();
    }

    @Override
    public List<Grant.Deletion> deletionsDue(Instant now) {
        return jdbc.sql("SELECT " + DELETION_COLUMNS + " FROM data_deletions WHERE state = 'SCHEDULED' AND due_at <= ? ORDER BY due_at, id")
                .param(ts(now)).query(JdbcLifecycleStore::mapDeletion).list();
    }

    private static Grant.Deletion mapDeletion(ResultSet r, int n) throws SQLException {
        return new Grant.Deletion(r.getString("id"), r.getString("grant_id"), r.getString("organization_id"),
                LifecycleEvent.valueOf(r.getString("reason")), r.getString("scope"), Grant.DeletionState.valueOf(r.getString("state")),
                instant(r, "scheduled_at"), instant(r, "due_at"), Optional.ofNullable(instantOrNull(r, "completed_at")),
                Optional.ofNullable((Long) r.getObject("deleted_files", Long.class)),
                Optional.ofNullable((Long) r.getObject("deleted_bytes", Long.class)), r.getObject("logs_kept_until", LocalDate.class),
                Optional.ofNullable(r.getString("detail")));
    }

    // ---- helpers

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
