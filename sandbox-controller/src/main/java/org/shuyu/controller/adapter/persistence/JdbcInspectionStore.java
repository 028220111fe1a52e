package org.shuyu.controller.adapter.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.inspection.Finding;
import org.shuyu.controller.inspection.FindingState;
import org.shuyu.controller.inspection.Inspection;
import org.shuyu.controller.inspection.InspectionState;
import org.shuyu.controller.inspection.InspectionStore;
import org.shuyu.controller.inspection.Severity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Inspections and findings on the controller's database (V28 {@code inspections}, {@code inspection_findings}). */
@Repository
public class JdbcInspectionStore implements InspectionStore {
    private static final String INSPECTION_COLUMNS = "id, organization_id, jurisdiction, state, inspection_date, scope_systems,"
            + " scope_data_use, scope_security, scope_grants, inspectors, created_by, created_at, closed_at";
    private static final String FINDING_COLUMNS = "id, inspection_id, organization_id, grant_id, severity, description, deadline,"
            + " state, rectification_report, submitted_at, rejection_reason, verified_by, verified_at, suspension_requested_by,"
            + " suspended_at, created_by, created_at";
    private final JdbcClient jdbc;

    public JdbcInspectionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(Inspection i) {
        jdbc.sql("INSERT INTO inspections (" + INSPECTION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(i.id(), i.organizationId(), i.jurisdiction().code(), i.state().name(), i.inspectionDate(),
                        i.scope().systems(), i.scope().dataUse(), i.scope().securityCapability(),
                        String.join(",", i.scope().grantIds()), String.join(",", i.inspectors()), i.createdBy(),
                        Timestamp.from(i.createdAt()), i.closedAt().map(Timestamp::from).orElse(null))
                .update();
    }

    @Override
    public void update(Inspection i) {
        jdbc.sql("UPDATE inspections SET state = ?, closed_at = ? WHERE id = ?")
                .params(i.state().name(), i.closedAt().map(Timestamp::from).orElse(null), i.id()).update();
    }

    @Override
    public Optional<Inspection> find(String id) {
        return jdbc.sql("SELECT " + INSPECTION_COLUMNS + " FROM inspections WHERE id = ?").param(id)
                .query(JdbcInspectionStore::inspection).optional();
    }

    @Override
    public Optional<Inspection> lock(String id) {
        return jdbc.sql("SELECT " + INSPECTION_COLUMNS + " FROM inspections WHERE id = ? FOR UPDATE").param(id)
                .query(JdbcInspectionStore::inspection).optional();
    }

    @Override
    public List<Inspection> all() {
        return jdbc.sql("SELECT " + INSPECTION_COLUMNS + " FROM inspections ORDER BY created_at DESC, id")
                .query(JdbcInspectionStore::inspection).list();
    }

    @Override
    public void insertFinding(Finding f) {
        jdbc.sql("INSERT INTO inspection_findings (" + FINDING_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(f.id(), f.inspectionId(), f.organizationId(), f.grantId().orElse(null), f.severity().name(),
                        f.description(), Timestamp.from(f.deadline()), f.state().name(), f.rectificationReport().orElse(null),
                        ts(f.submittedAt()), f.rejectionReason().orElse(null), f.verifiedBy().orElse(null), ts(f.verifiedAt()),
                        f.suspensionRequestedBy().orElse(null), ts(f.suspendedAt()), f.createdBy(), Timestamp.from(f.createdAt()))
                .update();
    }

    @Override
    public void updateFinding(Finding f) {
        jdbc.sql("UPDATE inspection_findings SET deadline = ?, state = ?, rectification_report = ?, submitted_at = ?,"
                        + " rejection_reason = ?, verified_by = ?, verified_at = ?, suspension_requested_by = ?, suspended_at = ?"
                        + " WHERE id = ?")
                .params(Timestamp.from(f.deadline()), f.state().name(), f.rectificationReport().orElse(null), ts(f.submittedAt()),
                        f.rejectionReason().orElse(null), f.verifiedBy().orElse(null), ts(f.verifiedAt()),
                        f.suspensionRequestedBy().orElse(null), ts(f.suspendedAt()), f.id())
                .update();
    }

    @Override
    public List<Finding> findings(String inspectionId) {
        return jdbc.sql("SELECT " + FINDING_COLUMNS + " FROM inspection_findings WHERE inspection_id = ? ORDER BY created_at, id")
                .param(inspectionId).query(JdbcInspectionStore::finding).list();
    }

    @Override
    public Optional<Finding> findFinding(String findingId) {
        return jdbc.sql("SELECT " + FINDING_COLUMNS + " FROM inspection_findings WHERE id = ?").param(findingId)
                .query(JdbcInspectionStore::finding).optional();
    }

    @Override
    public Optional<Finding> lockFinding(String findingId) {
        return jdbc.sql("SELECT " + FINDING_COLUMNS + " FROM inspection_findings WHERE id = ? FOR UPDATE").param(findingId)
                .query(JdbcInspectionStore::finding).optional();
    }

    @Override
    public List<Finding> findingsIn(Collection<FindingState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + FINDING_COLUMNS + " FROM inspection_findings WHERE state IN (:states) ORDER BY deadline, id")
                .param("states", states.stream().map(Enum::name).toList()).query(JdbcInspectionStore::finding).list();
    }

    private static Timestamp ts(Optional<Instant> at) {
        return at.map(Timestamp::from).orElse(null);
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant);
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Inspection inspection(ResultSet rs, int row) throws SQLException {
        return new Inspection(rs.getString("id"), rs.getString("organization_id"), new Jurisdiction(rs.getString("jurisdiction")),
                InspectionState.valueOf(rs.getString("state")), rs.getObject("inspection_date", LocalDate.class),
                new Inspection.Scope(rs.getBoolean("scope_systems"), rs.getBoolean("scope_data_use"),
                        rs.getBoolean("scope_security"), list(rs.getString("scope_grants"))),
                list(rs.getString("inspectors")), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                instant(rs, "closed_at"));
    }

    private static Finding finding(ResultSet rs, int row) throws SQLException {
        return new Finding(rs.getString("id"), rs.getString("inspection_id"), rs.getString("organization_id"),
                Optional.ofNullable(rs.getString("grant_id")), Severity.valueOf(rs.getString("severity")),
                rs.getString("description"), rs.getTimestamp("deadline").toInstant(), FindingState.valueOf(rs.getString("state")),
                Optional.ofNullable(rs.getString("rectification_report")), instant(rs, "submitted_at"),
                Optional.ofNullable(rs.getString("rejection_reason")), Optional.ofNullable(rs.getString("verified_by")),
                instant(rs, "verified_at"), Optional.ofNullable(rs.getString("suspension_requested_by")),
                instant(rs, "suspended_at"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
    }
}
