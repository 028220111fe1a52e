package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
        return first(labs(jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs WHERE id = ?").param(id).query(JdbcLifecycleStore::mapLab).list()));
    }

    @Override
    public Optional<Lab> lockLab(String id) {
        return first(labs(jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs WHERE id = ? FOR UPDATE").param(id)
                .query(JdbcLifecycleStore::mapLab).list()));
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
        return labs(jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs ORDER BY requested_at, id").query(JdbcLifecycleStore::mapLab).list());
    }

    @Override
    public List<Lab> labsEndingBy(LifecycleState state, LocalDate day) {
        return labs(jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs WHERE state = ? AND term_end <= ? ORDER BY id")
                .params(state.name(), day)
                .query(JdbcLifecycleStore::mapLab)
                .list());
    }

    /** Reads a lab's own row; its datasets and report are filled in once the row's result set is closed. */
    private static Partial<Lab> mapLab(ResultSet rs, int n) throws SQLException {
        String id = rs.getString("id");
        String organizationId = rs.getString("organization_id");
        Jurisdiction jurisdiction = new Jurisdiction(rs.getString("jurisdiction"));
        LifecycleState state = LifecycleState.valueOf(rs.getString("state"));
        String approach = rs.getString("development_approach");
        String marketPlan = rs.getString("market_plan");
        int months = rs.getInt("requested_months");
        Optional<LocalDate> termStart = Optional.ofNullable(rs.getObject("term_start", LocalDate.class));
        Optional<LocalDate> termEnd = Optional.ofNullable(rs.getObject("term_end", LocalDate.class));
        Instant requestedAt = instant(rs, "requested_at");
        String requestedBy = rs.getString("requested_by");
        Optional<String> note = Optional.ofNullable(rs.getString("decision_note"));
        return new Partial<>(id, children -> new Lab(id, organizationId, jurisdiction, state, children.list("datasets", id, String.class),
                approach, marketPlan, months, termStart, termEnd, requestedAt, requestedBy, note,
                children.one("report", id, Lab.LabReport.class)));
    }

    private List<Lab> labs(List<Partial<Lab>> partials) {
        Children children = new Children();
        List<String> ids = ids(partials);
        children.load("datasets", ids, "SELECT lab_id, dataset_id FROM lab_datasets WHERE lab_id IN (:ids) ORDER BY lab_id, dataset_id",
                r -> r.getString(2));
        children.load("report", ids,
                "SELECT lab_id, id, lab_id, issued_at, issued_by, conclusion, summary, findings, content, sha256 FROM lab_reports WHERE lab_id IN (:ids)",
                r -> new Lab.LabReport(r.getString(2), r.getString(3), instant(r, 4), r.getString(5),
                        Lab.Conclusion.valueOf(r.getString(6)), r.getString(7), r.getString(8), r.getString(9), r.getString(10)));
        return partials.stream().map(p -> p.complete().apply(children)).toList();
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
        return first(applications(jdbc.sql("SELECT " + APP_COLUMNS + " FROM applications WHERE id = ?").param(id)
                .query(JdbcLifecycleStore::mapApplication).list()));
    }

    @Override
    public Optional<Application> lockApplication(String id) {
        return first(applications(jdbc.sql("SELECT " + APP_COLUMNS + " FROM applications WHERE id = ? FOR UPDATE").param(id)
                .query(JdbcLifecycleStore::mapApplication).list()));
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
        return applications(jdbc.sql("SELECT " + APP_COLUMNS + " FROM applications ORDER BY created_at, id")
                .query(JdbcLifecycleStore::mapApplication).list());
    }

    /** Reads an application's own row; its datasets, materials, reviews and decisions are filled in afterwards. */
    private static Partial<Application> mapApplication(ResultSet rs, int n) throws SQLException {
        String id = rs.getString("id");
        String labId = rs.getString("lab_id");
        String organizationId = rs.getString("organization_id");
        Optional<String> announcementId = Optional.ofNullable(rs.getString("announcement_id"));
        LifecycleState state = LifecycleState.valueOf(rs.getString("state"));
        String scenario = rs.getString("scenario");
        PriorityDomain domain = PriorityDomain.valueOf(rs.getString("priority_domain"));
        Jurisdiction.Level level = Jurisdiction.Level.valueOf(rs.getString("level"));
        Jurisdiction jurisdiction = new Jurisdiction(rs.getString("jurisdiction"));
        Instant createdAt = instant(rs, "created_at");
        String createdBy = rs.getString("created_by");
        Optional<Instant> submittedAt = Optional.ofNullable(instantOrNull(rs, "submitted_at"));
        Optional<String> closedReason = Optional.ofNullable(rs.getString("closed_reason"));
        return new Partial<>(id, children -> {
            Map<MaterialKind, Application.Material> materials = new EnumMap<>(MaterialKind.class);
            children.list("materials", id, Application.Material.class).forEach(m -> materials.put(m.kind(), m));
            List<Application.Review> reviews = children.list("reviews", id, ReviewRow.class).stream()
                    .map(r -> new Application.Review(r.id(), r.reviewer(), r.kind(), children.list("opinions", r.id(), Application.Opinion.class),
                            r.recordedAt()))
                    .toList();
            return new Application(id, labId, organizationId, announcementId, state, scenario, domain, level, jurisdiction,
                    children.list("datasets", id, String.class), materials, reviews,
                    children.one("deliberation", id, Application.Deliberation.class), children.one("approval", id, Application.Approval.class),
                    createdAt, createdBy, submittedAt, closedReason);
        });
    }

    private record ReviewRow(String id, String reviewer, Application.ReviewerKind kind, Instant recordedAt) {}

    private List<Application> applications(List<Partial<Application>> partials) {
        Children children = new Children();
        List<String> ids = ids(partials);
        children.load("datasets", ids,
                "SELECT application_id, dataset_id FROM application_datasets WHERE application_id IN (:ids) ORDER BY application_id, dataset_id",
                r -> r.getString(2));
        children.load("materials", ids,
                "SELECT application_id, kind, document_name, sha256, period_end, provided_at, provided_by FROM application_materials "
                        + "WHERE application_id IN (:ids)",
                r -> new Application.Material(MaterialKind.valueOf(r.getString(2)), r.getString(3), r.getString(4),
                        Optional.ofNullable(r.getObject(5, LocalDate.class)), instant(r, 6), r.getString(7)));
        List<String> reviewIds = children.load("reviews", ids,
                "SELECT application_id, id, reviewer, reviewer_kind, recorded_at FROM application_reviews WHERE application_id IN (:ids) "
                        + "ORDER BY application_id, recorded_at, id",
                r -> new ReviewRow(r.getString(2), r.getString(3), Application.ReviewerKind.valueOf(r.getString(4)), instant(r, 5)))
                .stream().map(r -> ((ReviewRow) r).id()).toList();
        children.load("opinions", reviewIds,
                "SELECT review_id, point, verdict, comment FROM review_opinions WHERE review_id IN (:ids) ORDER BY review_id, point",
                r -> new Application.Opinion(ReviewPoint.valueOf(r.getString(2)), Application.Verdict.valueOf(r.getString(3)), r.getString(4)));
        children.load("deliberation", ids,
                "SELECT application_id, body, jurisdiction, meeting_date, attendees, minutes, outcome, recorded_by, recorded_at FROM deliberations "
                        + "WHERE application_id IN (:ids)",
                r -> new Application.Deliberation(r.getString(2), new Jurisdiction(r.getString(3)), r.getObject(4, LocalDate.class),
                        r.getString(5), r.getString(6), Application.Outcome.valueOf(r.getString(7)), r.getString(8), instant(r, 9)));
        children.load("approval", ids,
                "SELECT application_id, approver_role, jurisdiction, decision_number, approved_on, note, approved_by, approved_at FROM approvals "
                        + "WHERE application_id IN (:ids)",
                r -> new Application.Approval(r.getString(2), new Jurisdiction(r.getString(3)), r.getString(4), r.getObject(5, LocalDate.class),
                        r.getString(6), r.getString(7), instant(r, 8)));
        return partials.stream().map(p -> p.complete().apply(children)).toList();
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
        return first(grants(jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants WHERE id = ?").param(id)
                .query(JdbcLifecycleStore::mapGrant).list()));
    }

    @Override
    public Optional<Grant> lockGrant(String id) {
        return first(grants(jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants WHERE id = ? FOR UPDATE").param(id)
                .query(JdbcLifecycleStore::mapGrant).list()));
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
        return grants(jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants ORDER BY created_at, id").query(JdbcLifecycleStore::mapGrant).list());
    }

    @Override
    public List<Grant> grantsIn(Set<LifecycleState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        String in = states.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "));
        return grants(jdbc.sql("SELECT " + GRANT_COLUMNS + " FROM grants WHERE state IN (" + in + ") ORDER BY id")
                .query(JdbcLifecycleStore::mapGrant).list());
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
        Children children = new Children();
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

    // ---- two-phase loading
    //
    // A row mapper runs while its result set, and so its connection, is open. Outside a transaction every
    // JdbcClient call takes its own pooled connection, so a mapper that queried again held one connection while it
    // waited for a second: a handful of concurrent list requests then held the whole pool and deadlocked it (issue
    // 14). Mappers here read only their own row into a Partial; the children of all rows are loaded afterwards, one
    // query per kind of child for the whole list, and the Partials completed from them.

    /** A parent row read from its result set, completed from its children once they are loaded. */
    private record Partial<T>(String id, Function<Children, T> complete) {}

    /** Children by kind and parent id, each kind loaded with one query (in chunks) for all parents. */
    private final class Children {
        private static final int CHUNK = 500;
        private final Map<String, Map<String, List<Object>>> byKind = new HashMap<>();

        /** Runs {@code sql} (its first column the parent id, {@code :ids} the parents) and returns every child loaded. */
        List<Object> load(String kind, List<String> parentIds, String sql, ChildMapper mapper) {
            Map<String, List<Object>> byParent = byKind.computeIfAbsent(kind, k -> new HashMap<>());
            List<Object> all = new ArrayList<>();
            for (int from = 0; from < parentIds.size(); from += CHUNK) {
                List<String> chunk = parentIds.subList(from, Math.min(parentIds.size(), from + CHUNK));
                jdbc.sql(sql).param("ids", chunk)
                        .query((rs, n) -> Map.entry(rs.getString(1), mapper.map(rs)))
                        .list()
                        .forEach(e -> {
                            byParent.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                            all.add(e.getValue());
                        });
            }
            return all;
        }

        <T> List<T> list(String kind, String parentId, Class<T> type) {
            return byKind.getOrDefault(kind, Map.of()).getOrDefault(parentId, List.of()).stream().map(type::cast).toList();
        }

        <T> Optional<T> one(String kind, String parentId, Class<T> type) {
            List<T> found = list(kind, parentId, type);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    @FunctionalInterface
    private interface ChildMapper {
        Object map(ResultSet rs) throws SQLException;
    }

    private static List<String> ids(List<? extends Partial<?>> partials) {
        return partials.stream().map(Partial::id).distinct().toList();
    }

    private static <T> Optional<T> first(List<T> found) {
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
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
