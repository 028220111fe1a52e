package org.shuyu.lineage.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.LineageErrorCode;
import org.shuyu.lineage.LineageException;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.StatementKind;
import org.shuyu.policy.Classification;

/**
 * The rows of the lineage tables ({@code V7__lineage.sql}) as the store's classes see them, and the SQL helpers they
 * share: finding and locking datasets and processes, reading columns and sensitivities, PostgreSQL/H2 types
 * (timestamps with offset, {@code bigint} arrays for {@code = ANY(?)}), and the errors every part throws.
 */
final class StoreRows {
    static final String PROCESS_COLUMNS = "id, job_id, step, statement, workspace_id, grant_id, organization_id,"
            + " user_id, started_at, ended_at, state";

    private StoreRows() {}

    record DatasetRow(long id, String name, DatasetKind kind, String workspaceId, boolean dropped) {}

    record ColumnRow(long id, String name, boolean present, Optional<Sensitivity> sensitivity,
            SensitivityOrigin origin) {
        ColumnRow withSensitivity(Optional<Sensitivity> s, SensitivityOrigin o) {
            return new ColumnRow(id, name, true, s, o);
        }
    }

    record ProcessRow(long id, LineageProcess process) {}

    static Optional<DatasetRow> findDataset(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, kind, workspace_id, dropped FROM lineage_datasets WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(datasetRow(rs)) : Optional.empty();
            }
        }
    }

    static Optional<DatasetRow> lockDataset(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, kind, workspace_id, dropped FROM lineage_datasets WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(datasetRow(rs)) : Optional.empty();
            }
        }
    }

    static DatasetRow lockDataset(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, kind, workspace_id, dropped FROM lineage_datasets WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return datasetRow(rs);
            }
        }
    }

    static DatasetRow datasetRow(ResultSet rs) throws SQLException {
        return new DatasetRow(rs.getLong(1), rs.getString(2), DatasetKind.valueOf(rs.getString(3)), rs.getString(4),
                rs.getBoolean(5));
    }

    static Map<String, ColumnRow> loadColumns(Connection c, long datasetId) throws SQLException {
        Map<String, ColumnRow> result = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, dataset_id, name, present, classification, grade,"
                + " origin FROM lineage_columns WHERE dataset_id = ?")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ColumnRow row = columnRow(rs);
                    result.put(row.name(), row);
                }
            }
        }
        return result;
    }

    /** Columns: id, dataset_id, name, present, classification, grade, origin. */
    static ColumnRow columnRow(ResultSet rs) throws SQLException {
        return new ColumnRow(rs.getLong(1), rs.getString(3), rs.getBoolean(4), sensitivity(rs, 5),
                SensitivityOrigin.valueOf(rs.getString(7)));
    }

    static Optional<Sensitivity> sensitivity(ResultSet rs, int classificationColumn) throws SQLException {
        String classification = rs.getString(classificationColumn);
        int grade = rs.getInt(classificationColumn + 1);
        return classification == null ? Optional.empty()
                : Optional.of(new Sensitivity(Classification.valueOf(classification), grade));
    }

    static void setSensitivity(PreparedStatement ps, int index, Optional<Sensitivity> s) throws SQLException {
        if (s.isPresent()) {
            ps.setString(index, s.get().classification().name());
            ps.setInt(index + 1, s.get().grade());
        } else {
            ps.setNull(index, Types.VARCHAR);
            ps.setNull(index + 1, Types.SMALLINT);
        }
    }

    static Optional<ProcessRow> lockProcess(Connection c, String jobId, int step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                + " FROM lineage_processes WHERE job_id = ? AND step = ? FOR UPDATE")) {
            ps.setString(1, jobId);
            ps.setInt(2, step);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(processRow(rs)) : Optional.empty();
            }
        }
    }

    static ProcessRow processRow(ResultSet rs) throws SQLException {
        OffsetDateTime endedAt = rs.getObject(10, OffsetDateTime.class);
        Instant ended = endedAt == null ? null : endedAt.toInstant();
        return new ProcessRow(rs.getLong(1), new LineageProcess(rs.getString(2), rs.getInt(3),
                StatementKind.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), instant(rs, 9), ended, LineageProcess.State.valueOf(rs.getString(11))));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Array longs(Connection c, Collection<Long> values) throws SQLException {
        return c.createArrayOf("bigint", values.toArray(new Long[0]));
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    static LineageException invalid(String message) {
        return new LineageException(LineageErrorCode.INVALID_EVENT, message);
    }

    static LineageException unknownDataset(String name) {
        return new LineageException(LineageErrorCode.UNKNOWN_DATASET, "no lineage for dataset "
                + (name.length() > 80 ? name.substring(0, 80) + "..." : name));
    }
}
