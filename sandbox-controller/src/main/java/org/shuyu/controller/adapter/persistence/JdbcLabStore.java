package org.shuyu.controller.adapter.persistence;

import static org.shuyu.controller.adapter.persistence.LifecycleRows.Children;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.Partial;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.first;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.ids;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.instant;
import static org.shuyu.controller.adapter.persistence.LifecycleRows.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.grant.Lab;
import org.shuyu.controller.grant.LabStore;
import org.shuyu.controller.grant.LifecycleState;
import org.shuyu.controller.identity.Jurisdiction;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Labs and their evaluation reports on the controller's database, with plain SQL. */
final class JdbcLabStore implements LabStore {
    private final JdbcClient jdbc;

    JdbcLabStore(JdbcClient jdbc) {
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
        return first(labs(jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs WHERE id = ?").param(id).query(JdbcLabStore::mapLab).list()));
    }

    @Override
    public Optional<Lab> lockLab(String id) {
        return first(labs(jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs WHERE id = ? FOR UPDATE").param(id)
                .query(JdbcLabStore::mapLab).list()));
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
        return labs(jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs ORDER BY requested_at, id").query(JdbcLabStore::mapLab).list());
    }

    @Override
    public List<Lab> labsEndingBy(LifecycleState state, LocalDate day) {
        return labs(jdbc.sql("SELECT " + LAB_COLUMNS + " FROM labs WHERE state = ? AND term_end <= ? ORDER BY id")
                .params(state.name(), day)
                .query(JdbcLabStore::mapLab)
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
        Children children = new Children(jdbc);
        List<String> ids = ids(partials);
        children.load("datasets", ids, "SELECT lab_id, dataset_id FROM lab_datasets WHERE lab_id IN (:ids) ORDER BY lab_id, dataset_id",
                r -> r.getString(2));
        children.load("report", ids,
                "SELECT lab_id, id, lab_id, issued_at, issued_by, conclusion, summary, findings, content, sha256 FROM lab_reports WHERE lab_id IN (:ids)",
                r -> new Lab.LabReport(r.getString(2), r.getString(3), instant(r, 4), r.getString(5),
                        Lab.Conclusion.valueOf(r.getString(6)), r.getString(7), r.getString(8), r.getString(9), r.getString(10)));
        return partials.stream().map(p -> p.complete().apply(children)).toList();
    }

}
