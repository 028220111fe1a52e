package org.shuyu.lineage.store;

import static org.shuyu.lineage.store.StoreRows.findDataset;
import static org.shuyu.lineage.store.StoreRows.loadColumns;
import static org.shuyu.lineage.store.StoreRows.lockDataset;
import static org.shuyu.lineage.store.StoreRows.setSensitivity;
import static org.shuyu.lineage.store.StoreRows.timestamp;
import static org.shuyu.lineage.store.StoreRows.update;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageErrorCode;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageException;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.SensitivityPropagation;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import org.shuyu.lineage.store.StoreRows.ColumnRow;
import org.shuyu.lineage.store.StoreRows.DatasetRow;

/**
 * One START, written on one connection: the process row (idempotent on its content hash), the inputs it reads,
 * the outputs it writes with the sensitivity each output column inherits, and its column and dataset edges. Longer
 * than a screen because the steps share the per-statement state (datasets, columns before and after, incoming
 * edges) that one START builds up; each step is one method.
 */
final class StartWriter {
    private final Connection c;
    private final LineageProcess process;
    private final LineageEvent event;
    private final Map<ColumnRef, Sensitivity> catalog;
    private final Map<String, DatasetRow> datasets = new HashMap<>();
    /** Columns by dataset name then column name, as they were before this statement. */
    private final Map<String, Map<String, ColumnRow>> columns = new HashMap<>();
    /** Output columns by dataset name then column name, after this statement's START. */
    private final Map<String, Map<String, ColumnRow>> written = new HashMap<>();
    private final Map<ColumnRef, Map<ColumnRef, EnumSet<TransformationKind>>> incoming = new HashMap<>();
    private long processId;

    StartWriter(Connection c, LineageProcess process, LineageEvent event, Map<ColumnRef, Sensitivity> catalog) {
        this.c = c;
        this.process = process;
        this.event = event;
        this.catalog = catalog;
    }

    boolean write() throws SQLException {
        String hash = StartContentHash.of(process, event);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_processes (job_id, step, statement,"
                + " workspace_id, grant_id, organization_id, user_id, started_at, state, content_hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, process.jobId());
            ps.setInt(2, process.step());
            ps.setString(3, process.statement().name());
            ps.setString(4, process.workspaceId());
            ps.setString(5, process.grantId());
            ps.setString(6, process.organizationId());
            ps.setString(7, process.user());
            ps.setObject(8, timestamp(process.startedAt()));
            ps.setString(9, hash);
            boolean inserted = ps.executeUpdate() > 0;
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, content_hash FROM lineage_processes WHERE job_id = ? AND step = ?")) {
                q.setString(1, process.jobId());
                q.setInt(2, process.step());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    processId = rs.getLong(1);
                    if (!inserted) {
                        if (rs.getString(2).equals(hash)) {
                            return false;
                        }
                        throw new LineageException(LineageErrorCode.CONFLICTING_DUPLICATE, "process "
                                + process.id() + " was stored with a different START; a retry must repeat it");
                    }
                }
            }
        }
        for (ColumnEdge edge : event.edges()) {
            // several kinds between one pair are all kept (IDENTITY and GROUP_BY of a grouped column)
            incoming.computeIfAbsent(edge.target(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(edge.source(), s -> EnumSet.noneOf(TransformationKind.class)).add(edge.kind());
        }
        Map<String, Set<String>> inputColumns = new TreeMap<>();
        Map<String, DatasetKind> inputKinds = new HashMap<>();
        for (InputDataset input : event.inputs()) {
            inputColumns.computeIfAbsent(input.name(), n -> new TreeSet<>()).addAll(input.columns());
            inputKinds.putIfAbsent(input.name(), input.kind());
        }
        for (ColumnEdge edge : event.edges()) {
            inputColumns.get(edge.source().dataset()).add(edge.source().column());
        }
        for (Map.Entry<String, Set<String>> input : inputColumns.entrySet()) {
            readInput(input.getKey(), inputKinds.get(input.getKey()), input.getValue());
        }
        List<OutputDataset> outputs = new ArrayList<>(event.outputs());
        outputs.sort(Comparator.comparing(OutputDataset::name)); // lock order: by name
        for (OutputDataset output : outputs) {
            writeOutput(output);
        }
        writeEdges();
        return true;
    }

    private void readInput(String name, DatasetKind kind, Set<String> used) throws SQLException {
        DatasetRow row;
        if (kind == DatasetKind.SOURCE) {
            row = ensureDataset(name, DatasetKind.SOURCE, null);
            if (row.kind() != DatasetKind.SOURCE) {
                throw new LineageException(LineageErrorCode.DATASET_MISMATCH,
                        "input " + name + " is reported as a source but is a workspace " + row.kind());
            }
        } else {
            row = findDataset(c, name).orElseThrow(() -> new LineageException(LineageErrorCode.UNKNOWN_DATASET,
                    "input " + name + " was never written by a recorded statement"));
            if (row.kind() == DatasetKind.SOURCE) {
                throw new LineageException(LineageErrorCode.DATASET_MISMATCH,
                        "input " + name + " is reported as a workspace object but is a source");
            }
        }
        datasets.put(name, row);
        if (row.kind() == DatasetKind.SOURCE) {
            Map<String, Sensitivity> graded = new TreeMap<>();
            for (String column : used) {
                Sensitivity s = catalog.get(new ColumnRef(name, column));
                if (s == null) {
                    throw new LineageException(LineageErrorCode.MISSING_SOURCE_SENSITIVITY,
                            "no catalog classification and grade given for source column " + name + "." + column);
                }
                graded.put(column, s);
            }
            Map<String, ColumnRow> stored = ensureColumns(row.id(), used, true);
            try (PreparedStatement ps = c.prepareStatement("UPDATE lineage_columns SET present = TRUE,"
                    + " classification = ?, grade = ?, origin = 'CATALOG' WHERE id = ?")) {
                int n = 0;
                for (Map.Entry<String, Sensitivity> g : graded.entrySet()) {
                    ColumnRow col = stored.get(g.getKey());
                    if (!col.present() || col.origin() != SensitivityOrigin.CATALOG
                            || !col.sensitivity().equals(Optional.of(g.getValue()))) {
                        setSensitivity(ps, 1, Optional.of(g.getValue()));
                        ps.setLong(3, col.id());
                        ps.addBatch();
                        n++;
                        stored.put(g.getKey(), col.withSensitivity(Optional.of(g.getValue()),
                                SensitivityOrigin.CATALOG));
                    }
                }
                if (n > 0) {
                    ps.executeBatch();
                }
            }
            columns.put(name, stored);
        } else {
            Map<String, ColumnRow> stored = loadColumns(c, row.id());
            Set<String> missing = new TreeSet<>();
            for (String column : used) {
                if (!stored.containsKey(column) && carriesSensitivity(new ColumnRef(name, column))) {
                    missing.add(column);
                }
            }
            if (!missing.isEmpty()) {
                throw new LineageException(LineageErrorCode.UNKNOWN_COLUMN, "input " + name
                        + " has no recorded column " + String.join(", ", missing) + " (its sensitivity is unknown)");
            }
            columns.put(name, ensureColumns(row.id(), used, false));
        }
        update(c, "INSERT INTO lineage_process_datasets (process_id, dataset_id, role) VALUES (?, ?, 'INPUT')",
                processId, row.id());
    }

    /** Whether the column is the source of an edge that would carry its sensitivity. */
    private boolean carriesSensitivity(ColumnRef column) {
        for (Map<ColumnRef, EnumSet<TransformationKind>> in : incoming.values()) {
            for (TransformationKind kind : in.getOrDefault(column, EnumSet.noneOf(TransformationKind.class))) {
                if (SensitivityPropagation.propagates(kind)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Optional<Sensitivity> before(ColumnRef column) {
        Map<String, ColumnRow> of = columns.get(column.dataset());
        ColumnRow row = of == null ? null : of.get(column.column());
        return row == null ? Optional.empty() : row.sensitivity();
    }

    private void writeOutput(OutputDataset output) throws SQLException {
        ensureDataset(output.name(), output.kind(), process.workspaceId());
        DatasetRow row = lockDataset(c, output.name()).orElseThrow();
        if (row.kind() == DatasetKind.SOURCE) {
            throw new LineageException(LineageErrorCode.DATASET_MISMATCH,
                    "source dataset " + output.name() + " is never written by a job");
        }
        if (!process.workspaceId().equals(row.workspaceId())) {
            throw new LineageException(LineageErrorCode.DATASET_MISMATCH, "dataset " + output.name()
                    + " belongs to another workspace than the writing job's");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_process_datasets (process_id,"
                + " dataset_id, role, write_mode) VALUES (?, ?, 'OUTPUT', ?)")) {
            ps.setLong(1, processId);
            ps.setLong(2, row.id());
            ps.setString(3, output.mode().name());
            ps.executeUpdate();
        }
        datasets.put(output.name(), row);
        if (output.mode() == WriteMode.DROP) {
            return;
        }
        if (row.dropped()) {
            // a new object of a dropped name: nothing of the old one remains
            update(c, "UPDATE lineage_datasets SET dropped = FALSE, ended_at = NULL, end_reason = NULL,"
                    + " kind = ? WHERE id = ?", output.kind().name(),
                    row.id());
            update(c, "DELETE FROM lineage_sensitivity_sources WHERE column_id IN"
                    + " (SELECT id FROM lineage_columns WHERE dataset_id = ?)", row.id());
            update(c, "UPDATE lineage_columns SET present = FALSE, classification = NULL, grade = NULL,"
                    + " origin = 'NONE' WHERE dataset_id = ?", row.id());
        } else if (row.kind() != output.kind()) {
            update(c, "UPDATE lineage_datasets SET kind = ? WHERE id = ?", output.kind().name(), row.id());
        }
        Set<String> names = new TreeSet<>(output.columns());
        for (ColumnEdge edge : event.edges()) {
            if (edge.target().dataset().equals(output.name())) {
                names.add(edge.target().column());
            }
        }
        Map<String, ColumnRow> stored = ensureColumns(row.id(), names, false);
        written.put(output.name(), stored);
        try (PreparedStatement pc = c.prepareStatement("INSERT INTO lineage_process_columns (process_id,"
                + " column_id, classification, grade) VALUES (?, ?, ?, ?)");
                PreparedStatement uc = c.prepareStatement("UPDATE lineage_columns SET present = TRUE,"
                        + " classification = ?, grade = ?, origin = ? WHERE id = ?");
                PreparedStatement ss = c.prepareStatement("INSERT INTO lineage_sensitivity_sources (column_id,"
                        + " source_column_id, process_id) VALUES (?, ?, ?)")) {
            for (String name : names) {
                ColumnRef target = new ColumnRef(output.name(), name);
                Map<ColumnRef, EnumSet<TransformationKind>> in = incoming.getOrDefault(target, Map.of());
                List<ColumnEdge> into = new ArrayList<>();
                in.forEach((source, kinds) -> kinds.forEach(kind -> into.add(new ColumnEdge(source, target, kind))));
                Set<ColumnRef> inheritedFrom = new HashSet<>();
                Optional<Sensitivity> derived = SensitivityPropagation.derive(into, this::before);
                ColumnRow col = stored.get(name);
                pc.setLong(1, processId);
                pc.setLong(2, col.id());
                setSensitivity(pc, 3, derived);
                pc.addBatch();
                // until the statement completes the table may hold old or new rows: keep the more sensitive
                Optional<Sensitivity> now = row.dropped() ? derived : max(col.sensitivity(), derived);
                setSensitivity(uc, 1, now);
                uc.setString(3, (now.isPresent() ? SensitivityOrigin.INHERITED : SensitivityOrigin.NONE).name());
                uc.setLong(4, col.id());
                uc.addBatch();
                for (ColumnEdge edge : into) {
                    if (SensitivityPropagation.propagates(edge.kind()) && before(edge.source()).isPresent()
                            && inheritedFrom.add(edge.source())) {
                        ss.setLong(1, col.id());
                        ss.setLong(2, columns.get(edge.source().dataset()).get(edge.source().column()).id());
                        ss.setLong(3, processId);
                        ss.addBatch();
                    }
                }
            }
            pc.executeBatch();
            uc.executeBatch();
            ss.executeBatch();
        }
    }

    private void writeEdges() throws SQLException {
        Map<String, Map<String, TransformationKind>> datasetEdges = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_column_edges (process_id, source_id,"
                + " target_id, kind) VALUES (?, ?, ?, ?)")) {
            int n = 0;
            for (Map.Entry<ColumnRef, Map<ColumnRef, EnumSet<TransformationKind>>> in : incoming.entrySet()) {
                ColumnRef target = in.getKey();
                long targetId = written.get(target.dataset()).get(target.column()).id();
                for (Map.Entry<ColumnRef, EnumSet<TransformationKind>> edge : in.getValue().entrySet()) {
                    ColumnRef source = edge.getKey();
                    for (TransformationKind kind : edge.getValue()) {
                        ps.setLong(1, processId);
                        ps.setLong(2, columns.get(source.dataset()).get(source.column()).id());
                        ps.setLong(3, targetId);
                        ps.setString(4, kind.name());
                        ps.addBatch();
                        if (++n % 1_000 == 0) {
                            ps.executeBatch();
                        }
                        datasetEdges.computeIfAbsent(source.dataset(), s -> new TreeMap<>())
                                .merge(target.dataset(), kind, TransformationKind::strongest);
                    }
                }
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_dataset_edges (process_id, source_id,"
                + " target_id, kind) VALUES (?, ?, ?, ?)")) {
            Set<String> inputs = new TreeSet<>();
            event.inputs().forEach(i -> inputs.add(i.name()));
            for (OutputDataset output : event.outputs()) {
                if (output.mode() == WriteMode.DROP) {
                    continue;
                }
                for (String input : inputs) {
                    TransformationKind kind = datasetEdges.getOrDefault(input, Map.of()).get(output.name());
                    ps.setLong(1, processId);
                    ps.setLong(2, datasets.get(input).id());
                    ps.setLong(3, datasets.get(output.name()).id());
                    ps.setString(4, kind == null ? null : kind.name());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private DatasetRow ensureDataset(String name, DatasetKind kind, String workspaceId) throws SQLException {
        Optional<DatasetRow> found = findDataset(c, name);
        if (found.isPresent()) {
            return found.get();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_datasets (name, kind, workspace_id)"
                + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, name);
            ps.setString(2, kind.name());
            ps.setString(3, workspaceId);
            ps.executeUpdate();
        }
        return findDataset(c, name).orElseThrow();
    }

    /** The dataset's columns, creating the named ones that are missing. */
    private Map<String, ColumnRow> ensureColumns(long datasetId, Set<String> names, boolean present)
            throws SQLException {
        Map<String, ColumnRow> stored = loadColumns(c, datasetId);
        List<String> missing = names.stream().filter(n -> !stored.containsKey(n)).toList();
        if (missing.isEmpty()) {
            return stored;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_columns (dataset_id, name, present,"
                + " origin) VALUES (?, ?, ?, 'NONE') ON CONFLICT DO NOTHING")) {
            for (String name : missing) {
                ps.setLong(1, datasetId);
                ps.setString(2, name);
                ps.setBoolean(3, present);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return loadColumns(c, datasetId);
    }

    private static Optional<Sensitivity> max(Optional<Sensitivity> a, Optional<Sensitivity> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : Optional.of(a.get().max(b.get()));
    }
}
