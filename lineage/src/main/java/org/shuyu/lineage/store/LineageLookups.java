package org.shuyu.lineage.store;

import static java.util.Objects.requireNonNull;
import static org.shuyu.lineage.store.StoreRows.PROCESS_COLUMNS;
import static org.shuyu.lineage.store.StoreRows.findDataset;
import static org.shuyu.lineage.store.StoreRows.instant;
import static org.shuyu.lineage.store.StoreRows.loadColumns;
import static org.shuyu.lineage.store.StoreRows.processRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.WriteMode;
import org.shuyu.lineage.store.StoreRows.ColumnRow;
import org.shuyu.lineage.store.StoreRows.DatasetRow;
import org.shuyu.lineage.store.StoreRows.ProcessRow;

/**
 * The store's point look-ups: a job's processes, open processes, quarantines, a dataset, its columns and where
 * each column's sensitivity came from.
 */
final class LineageLookups {
    private final StoreConnections connections;

    LineageLookups(StoreConnections connections) {
        this.connections = requireNonNull(connections, "connections is null");
    }

    Optional<LineageProcess> process(String jobId, int step) {
        requireNonNull(jobId, "jobId is null");
        return connections.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                    + " FROM lineage_processes WHERE job_id = ? AND step = ?")) {
                ps.setString(1, jobId);
                ps.setInt(2, step);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(processRow(rs).process()) : Optional.empty();
                }
            }
        });
    }

    List<ProcessRecord> processesOf(String jobId) {
        requireNonNull(jobId, "jobId is null");
        return connections.read(c -> {
            Map<Long, LineageProcess> processes = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                    + " FROM lineage_processes WHERE job_id = ? ORDER BY step")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ProcessRow row = processRow(rs);
                        processes.put(row.id(), row.process());
                    }
                }
            }
            Map<Long, List<String>> inputs = new HashMap<>();
            Map<Long, List<ProcessRecord.Output>> outputs = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT pd.process_id, d.name, pd.role, pd.write_mode"
                    + " FROM lineage_process_datasets pd JOIN lineage_processes p ON p.id = pd.process_id"
                    + " JOIN lineage_datasets d ON d.id = pd.dataset_id WHERE p.job_id = ? ORDER BY d.name")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        if (rs.getString(3).equals("INPUT")) {
                            inputs.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString(2));
                        } else {
                            outputs.computeIfAbsent(id, k -> new ArrayList<>())
                                    .add(new ProcessRecord.Output(rs.getString(2), WriteMode.valueOf(rs.getString(4))));
                        }
                    }
                }
            }
            List<ProcessRecord> result = new ArrayList<>();
            processes.forEach((id, p) -> result.add(new ProcessRecord(p, inputs.getOrDefault(id, List.of()),
                    outputs.getOrDefault(id, List.of()))));
            return result;
        });
    }

    List<LineageProcess> openProcesses(String jobId) {
        requireNonNull(jobId, "jobId is null");
        return connections.read(c -> {
            List<LineageProcess> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                    + " FROM lineage_processes WHERE job_id = ? AND state = 'RUNNING' ORDER BY step")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(processRow(rs).process());
                    }
                }
            }
            return result;
        });
    }

    List<Quarantine> quarantined(String workspaceId) {
        requireNonNull(workspaceId, "workspaceId is null");
        return connections.read(c -> {
            List<Quarantine> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.name, d.workspace_id, q.job_id, q.reason, q.since"
                    + " FROM lineage_quarantine q JOIN lineage_datasets d ON d.id = q.dataset_id"
                    + " WHERE d.workspace_id = ? ORDER BY d.name")) {
                ps.setString(1, workspaceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new Quarantine(rs.getString(1), Optional.ofNullable(rs.getString(2)),
                                rs.getString(3), rs.getString(4), instant(rs, 5)));
                    }
                }
            }
            return result;
        });
    }

    boolean isQuarantined(String dataset) {
        return dataset(dataset).map(DatasetInfo::quarantined).orElse(false);
    }

    Optional<DatasetInfo> dataset(String name) {
        requireNonNull(name, "name is null");
        return connections.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.name, d.kind, d.workspace_id, d.dropped, q.job_id,"
                    + " q.reason, q.since FROM lineage_datasets d LEFT JOIN lineage_quarantine q ON q.dataset_id = d.id"
                    + " WHERE d.name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Optional<String> workspace = Optional.ofNullable(rs.getString(3));
                    Optional<Quarantine> q = rs.getString(5) == null ? Optional.empty()
                            : Optional.of(new Quarantine(name, workspace, rs.getString(5), rs.getString(6),
                                    instant(rs, 7)));
                    return Optional.of(new DatasetInfo(name, DatasetKind.valueOf(rs.getString(2)), workspace,
                            rs.getBoolean(4), q));
                }
            }
        });
    }

    Optional<ColumnSensitivity> column(ColumnRef column) {
        requireNonNull(column, "column is null");
        return connections.read(c -> {
            Optional<DatasetRow> dataset = findDataset(c, column.dataset());
            if (dataset.isEmpty()) {
                return Optional.empty();
            }
            ColumnRow row = loadColumns(c, dataset.get().id()).get(column.column());
            return row == null ? Optional.empty() : Optional.of(describe(c, column, row));
        });
    }

    List<ColumnSensitivity> columns(String dataset) {
        requireNonNull(dataset, "dataset is null");
        return connections.read(c -> {
            Optional<DatasetRow> row = findDataset(c, dataset);
            if (row.isEmpty() || row.get().dropped()) {
                return List.of();
            }
            List<ColumnSensitivity> result = new ArrayList<>();
            for (ColumnRow col : loadColumns(c, row.get().id()).values()) {
                if (col.present()) {
                    result.add(describe(c, new ColumnRef(dataset, col.name()), col));
                }
            }
            return result;
        });
    }

    private ColumnSensitivity describe(Connection c, ColumnRef column, ColumnRow row) throws SQLException {
        List<ColumnSensitivity.Source> sources = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT sd.name, sc.name, p.job_id, p.step"
                + " FROM lineage_sensitivity_sources s JOIN lineage_columns sc ON sc.id = s.source_column_id"
                + " JOIN lineage_datasets sd ON sd.id = sc.dataset_id JOIN lineage_processes p ON p.id = s.process_id"
                + " WHERE s.column_id = ? ORDER BY sd.name, sc.name, p.job_id, p.step")) {
            ps.setLong(1, row.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sources.add(new ColumnSensitivity.Source(new ColumnRef(rs.getString(1), rs.getString(2)),
                            rs.getString(3) + "#" + rs.getInt(4)));
                }
            }
        }
        return new ColumnSensitivity(column, row.present(), row.sensitivity(), row.origin(), sources);
    }
}
