package org.shuyu.controller.adapter.persistence;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.annual.AnnualEvaluation;
import org.shuyu.controller.annual.AnnualFigures;
import org.shuyu.controller.annual.AnnualReport;
import org.shuyu.controller.annual.AnnualReportState;
import org.shuyu.controller.annual.AnnualReportStore;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Jurisdiction;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Annual reports, evaluations and re-application justifications on the controller's database (V29). */
@Repository
public class JdbcAnnualReportStore implements AnnualReportStore {
    private static final String SELECT = """
            SELECT id, organization_id, jurisdiction, report_year, state, security_measures, incidents_narrative, plans,
                due_at, overdue_at, fig_products_listed, fig_delivery_calls, fig_delivered_rows, fig_delivered_bytes,
                fig_suspensions, fig_refused_jobs, fig_job_runs, fig_cpu_seconds, fig_grant_ids, figures_computed_at,
                figures_sha256, submitted_at, submitted_by, return_comments, returned_at, returned_by, created_at, created_by,
                updated_at
            FROM annual_reports""";
    private static final String EVALUATIONS = """
            SELECT report_id, organization_id, report_year, grade, comments, document_name, document_sha256, evaluated_on,
                evaluated_by, evaluated_at
            FROM annual_evaluations""";

    private final JdbcClient jdbc;

    public JdbcAnnualReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(AnnualReport r) {
        try {
            jdbc.sql("""
                    INSERT INTO annual_reports (id, organization_id, jurisdiction, report_year, state, security_measures,
                        incidents_narrative, plans, due_at, created_at, created_by, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(r.id(), r.organizationId(), r.jurisdiction().code(), r.year(), r.state().name(),
                            r.sections().securityMeasures(), r.sections().incidentsNarrative(), r.sections().plans(),
                            ts(r.due()), ts(r.createdAt()), r.createdBy(), ts(r.updatedAt()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new SandboxException(ErrorCode.ANNUAL_REPORT_EXISTS, "organization " + r.organizationId()
                    + " already has an annual report for " + r.year());
        }
    }

    @Override
    public Optional<AnnualReport> find(String id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(JdbcAnnualReportStore::report).optional();
    }

    @Override
    public Optional<AnnualReport> lock(String id) {
        return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(id).query(JdbcAnnualReportStore::report).optional();
    }

    @Override
    public Optional<AnnualReport> find(String organizationId, int year) {
        return jdbc.sql(SELECT + " WHERE organization_id = ? AND report_year = ?").params(organizationId, year)
                .query(JdbcAnnualReportStore::report).optional();
    }

    @Override
    public void update(AnnualReport r) {
        Optional<AnnualFigures> f = r.frozenFigures();
        jdbc.sql("""
                UPDATE annual_reports SET state = ?, security_measures = ?, incidents_narrative = ?, plans = ?, due_at = ?,
                    overdue_at = ?, fig_products_listed = ?, fig_delivery_calls = ?, fig_delivered_rows = ?,
                    fig_delivered_bytes = ?, fig_suspensions = ?, fig_refused_jobs = ?, fig_job_runs = ?, fig_cpu_seconds = ?,
                    fig_grant_ids = ?, figures_computed_at = ?, figures_sha256 = ?, submitted_at = ?, submitted_by = ?,
                    return_comments = ?, returned_at = ?, returned_by = ?, updated_at = ?
                WHERE id = ?""")
                .params(r.state().name(), r.sections().securityMeasures(), r.sections().incidentsNarrative(),
                        r.sections().plans(), ts(r.due()), r.overdueAt().map(JdbcAnnualReportStore::ts).orElse(null),
                        f.map(AnnualFigures::productsListed).orElse(null), f.map(AnnualFigures::deliveryCalls).orElse(null),
                        f.map(AnnualFigures::deliveredRows).orElse(null), f.map(AnnualFigures::deliveredBytes).orElse(null),
                        f.map(AnnualFigures::suspensions).orElse(null), f.map(AnnualFigures::refusedJobs).orElse(null),
                        f.map(AnnualFigures::jobRuns).orElse(null), f.map(AnnualFigures::cpuSeconds).orElse(null),
                        f.map(x -> String.join(",", x.grantIds())).orElse(null),
                        f.map(x -> ts(x.computedAt())).orElse(null), r.figuresSha256().orElse(null),
                        r.submittedAt().map(JdbcAnnualReportStore::ts).orElse(null), r.submittedBy().orElse(null),
                        r.returned().map(AnnualReport.Returned::comments).orElse(null),
                        r.returned().map(x -> ts(x.at())).orElse(null), r.returned().map(AnnualReport.Returned::by).orElse(null),
                        ts(r.updatedAt()), r.id())
                .update();
    }

    @Override
    public List<AnnualReport> all() {
        return jdbc.sql(SELECT + " ORDER BY report_year DESC, id").query(JdbcAnnualReportStore::report).list();
    }

    @Override
    public List<AnnualReport> overdueUnflagged(List<AnnualReportState> states, Instant now) {
        if (states.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", states.stream().map(s -> "'" + s.name() + "'").toList());
        return jdbc.sql(SELECT + " WHERE state IN (" + in + ") AND overdue_at IS NULL AND due_at < ? ORDER BY due_at, id")
                .param(ts(now)).query(JdbcAnnualReportStore::report).list();
    }

    @Override
    public void insertEvaluation(AnnualEvaluation e) {
        jdbc.sql("""
                INSERT INTO annual_evaluations (report_id, organization_id, report_year, grade, comments, document_name,
                    document_sha256, evaluated_on, evaluated_by, evaluated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.reportId(), e.organizationId(), e.year(), e.grade().name(), e.comments(), e.documentName(),
                        e.documentSha256(), Date.valueOf(e.evaluatedOn()), e.evaluatedBy(), ts(e.evaluatedAt()))
                .update();
    }

    @Override
    public Optional<AnnualEvaluation> evaluation(String reportId) {
        return jdbc.sql(EVALUATIONS + " WHERE report_id = ?").param(reportId).query(JdbcAnnualReportStore::evaluation)
                .optional();
    }

    @Override
    public List<AnnualEvaluation> evaluationsOf(String organizationId) {
        return jdbc.sql(EVALUATIONS + " WHERE organization_id = ? ORDER BY report_year DESC, evaluated_at DESC")
                .param(organizationId).query(JdbcAnnualReportStore::evaluation).list();
    }

    @Override
    public void putJustification(Justification j) {
        int updated = jdbc.sql("UPDATE reapplication_justifications SET justification = ?, recorded_by = ?, recorded_at = ?"
                        + " WHERE application_id = ?")
                .params(j.text(), j.recordedBy(), ts(j.recordedAt()), j.applicationId()).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO reapplication_justifications (application_id, justification, recorded_by, recorded_at)"
                            + " VALUES (?, ?, ?, ?)")
                    .params(j.applicationId(), j.text(), j.recordedBy(), ts(j.recordedAt())).update();
        }
    }

    @Override
    public Optional<Justification> justification(String applicationId) {
        return jdbc.sql("SELECT application_id, justification, recorded_by, recorded_at FROM reapplication_justifications"
                        + " WHERE application_id = ?").param(applicationId)
                .query((rs, n) -> new Justification(rs.getString("application_id"), rs.getString("justification"),
                        rs.getString("recorded_by"), rs.getTimestamp("recorded_at").toInstant()))
                .optional();
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    private static AnnualReport report(ResultSet rs, int n) throws SQLException {
        Optional<String> sha = Optional.ofNullable(rs.getString("figures_sha256"));
        Optional<AnnualFigures> figures = Optional.empty();
        if (sha.isPresent()) {
            String ids = rs.getString("fig_grant_ids");
            figures = Optional.of(new AnnualFigures(rs.getLong("fig_products_listed"), rs.getLong("fig_delivery_calls"),
                    rs.getLong("fig_delivered_rows"), rs.getLong("fig_delivered_bytes"), rs.getLong("fig_suspensions"),
                    rs.getLong("fig_refused_jobs"), rs.getLong("fig_job_runs"), rs.getDouble("fig_cpu_seconds"),
                    ids == null || ids.isEmpty() ? List.of() : Arrays.asList(ids.split(",")),
                    instant(rs, "figures_computed_at").orElseThrow()));
        }
        Optional<AnnualReport.Returned> returned = Optional.empty();
        if (rs.getString("return_comments") != null) {
            returned = Optional.of(new AnnualReport.Returned(rs.getString("return_comments"),
                    instant(rs, "returned_at").orElseThrow(), rs.getString("returned_by")));
        }
        return new AnnualReport(rs.getString("id"), rs.getString("organization_id"),
                new Jurisdiction(rs.getString("jurisdiction")), rs.getInt("report_year"),
                AnnualReportState.valueOf(rs.getString("state")),
                new AnnualReport.Sections(rs.getString("security_measures"), rs.getString("incidents_narrative"),
                        rs.getString("plans")),
                instant(rs, "due_at").orElseThrow(), instant(rs, "overdue_at"), figures, sha,
                instant(rs, "submitted_at"), Optional.ofNullable(rs.getString("submitted_by")), returned,
                instant(rs, "created_at").orElseThrow(), rs.getString("created_by"), instant(rs, "updated_at").orElseThrow());
    }

    private static AnnualEvaluation evaluation(ResultSet rs, int n) throws SQLException {
        return new AnnualEvaluation(rs.getString("report_id"), rs.getString("organization_id"), rs.getInt("report_year"),
                AnnualEvaluation.Grade.valueOf(rs.getString("grade")), rs.getString("comments"), rs.getString("document_name"),
                rs.getString("document_sha256"), rs.getObject("evaluated_on", LocalDate.class), rs.getString("evaluated_by"),
                rs.getTimestamp("evaluated_at").toInstant());
    }
}
