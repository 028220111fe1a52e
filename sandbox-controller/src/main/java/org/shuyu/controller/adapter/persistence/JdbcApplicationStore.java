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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.grant.Application;
import org.shuyu.controller.grant.ApplicationStore;
import org.shuyu.controller.grant.LifecycleState;
import org.shuyu.controller.grant.MaterialKind;
import org.shuyu.controller.grant.ReviewPoint;
import org.shuyu.controller.identity.Jurisdiction;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Applications with their materials, reviews, deliberation and approval, with plain SQL. */
final class JdbcApplicationStore implements ApplicationStore {
    private final JdbcClient jdbc;

    JdbcApplicationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- applications

    private static final String APP_COLUMNS = "id, lab_id, organization_id, announcement_id, state, scenario, priority_domain, "
            + "level, jurisdiction, created_at, created_by, submitted_at, closed_reason";

    @Override
    public void insertApplication(Application a) {
        jdbc.sql("INSERT INTO applications (" + APP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(a.id(), a.labId(), a.organizationId(), a.announcementId().orElse(null), a.state().name(), a.scenario(),
                        a.priorityDomain().name(), a.level().name(), a.jurisdiction().code(), ts(a.createdAt()), a.createdBy(),
                        a.submittedAt().map(LifecycleRows::ts).orElse(null), a.closedReason().orElse(null))
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
                .query(JdbcApplicationStore::mapApplication).list()));
    }

    @Override
    public Optional<Application> lockApplication(String id) {
        return first(applications(jdbc.sql("SELECT " + APP_COLUMNS + " FROM applications WHERE id = ? FOR UPDATE").param(id)
                .query(JdbcApplicationStore::mapApplication).list()));
    }

    @Override
    public void updateApplication(Application a) {
        jdbc.sql("UPDATE applications SET state = ?, submitted_at = ?, closed_reason = ? WHERE id = ?")
                .params(a.state().name(), a.submittedAt().map(LifecycleRows::ts).orElse(null), a.closedReason().orElse(null), a.id())
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
                .query(JdbcApplicationStore::mapApplication).list());
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
        Children children = new Children(jdbc);
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

}
