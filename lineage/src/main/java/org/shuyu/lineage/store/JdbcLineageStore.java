package org.shuyu.lineage.store;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import org.shuyu.policy.Classification;

/**
 * The lineage store on the controller's database (PostgreSQL, or H2 in PostgreSQL mode), tables of
 * {@code V7__lineage.sql}. Plain JDBC on the connection of a {@link ConnectionSource}: every call joins the caller's
 * transaction and never commits, rolls back or closes. Writes lock the dataset rows they change
 * ({@code SELECT ... FOR UPDATE}) so that concurrent statements writing one dataset combine their sensitivities
 * correctly. Queries walk the graph breadth first, one indexed {@code = ANY(?)} query per level, with a visited set
 * (so cycles end) and a node limit.
 */
public final class JdbcLineageStore implements LineageStore, LineageQueries {
    private static final String PROCESS_COLUMNS = "id, job_id, step, statement, workspace_id, grant_id, organization_id,"
            + " user_id, started_at, ended_at, state";
    private static final int MAX_REASON = 2_000;

    private final ConnectionSource connections;
    private final Clock clock;

    public JdbcLineageStore(ConnectionSource connections, Clock clock) {
        this.connections = requireNonNull(connections, "connections is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    // ---------------------------------------------------------------- writes

    @Override
    public boolean recordStart(LineageProcess process, LineageEvent start,
            Map<ColumnRef, Sensitivity> sourceSensitivities) {
        requireNonNull(process, "process is null");
        requireNonNull(start, "start is null");
        requireNonNull(sourceSensitivities, "sourceSensitivities is null");
        validateStart(process, start);
        return write(c -> new StartWriter(c, process, start, Map.copyOf(sourceSensitivities)).write());
    }

    @Override
    public boolean recordEnd(String jobId, int step, LineageProcess.State state, Instant endedAt) {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(state, "state is null");
        requireNonNull(endedAt, "endedAt is null");
        if (state == LineageProcess.State.RUNNING) {
            throw new LineageException(LineageErrorCode.INVALID_STATE_TRANSITION,
                    "a process ends as COMPLETED or FAILED, not RUNNING");
        }
        return write(c -> {
            ProcessRow row = lockProcess(c, jobId, step).orElseThrow(() -> new LineageException(
                    LineageErrorCode.UNKNOWN_PROCESS, "no lineage START stored for job " + jobId + " step " + step));
            if (row.process.state() != LineageProcess.State.RUNNING) {
                if (row.process.state() == state) {
                    return false;
                }
                throw new LineageException(LineageErrorCode.INVALID_STATE_TRANSITION, "process " + row.process.id()
                        + " already ended " + row.process.state() + ", cannot end " + state);
            }
            end(c, row, state, endedAt, "statement " + row.process.id() + " failed");
            return true;
        });
    }

    @Override
    public List<String> failOpenProcesses(String jobId, Instant endedAt, String reason) {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(endedAt, "endedAt is null");
        requireNonNull(reason, "reason is null");
        return write(c -> {
            List<ProcessRow> open = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                    + " FROM lineage_processes WHERE job_id = ? AND state = 'RUNNING' ORDER BY step FOR UPDATE")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        open.add(processRow(rs));
                    }
                }
            }
            Set<String> quarantined = new TreeSet<>();
            for (ProcessRow row : open) {
                quarantined.addAll(end(c, row, LineageProcess.State.FAILED, endedAt, reason));
            }
            return List.copyOf(quarantined);
        });
    }

    @Override
    public void quarantine(String dataset, String jobId, String reason) {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(jobId, "jobId is null");
        requireNonNull(reason, "reason is null");
        write(c -> {
            DatasetRow row = lockDataset(c, dataset).orElseThrow(() -> unknownDataset(dataset));
            if (row.kind == DatasetKind.SOURCE) {
                throw new LineageException(LineageErrorCode.DATASET_MISMATCH,
                        "source dataset " + dataset + " is never written by a job and cannot be quarantined");
            }
            setQuarantine(c, row.id, jobId, reason);
            return null;
        });
    }

    @Override
    public boolean clearQuarantine(String dataset) {
        requireNonNull(dataset, "dataset is null");
        return write(c -> {
            DatasetRow row = lockDataset(c, dataset).orElseThrow(() -> unknownDataset(dataset));
            return update(c, "DELETE FROM lineage_quarantine WHERE dataset_id = ?", row.id) > 0;
        });
    }

    private void validateStart(LineageProcess process, LineageEvent start) {
        if (start.phase() != LineageEvent.Phase.START) {
            throw invalid("recordStart takes a START event, got " + start.phase());
        }
        if (!process.jobId().equals(start.jobId()) || process.step() != start.step()) {
            throw invalid("process " + process.id() + " does not match event " + start.jobId() + "#" + start.step());
        }
        if (process.statement() != start.statement()) {
            throw invalid("process statement " + process.statement() + " differs from event's " + start.statement());
        }
        if (process.state() != LineageProcess.State.RUNNING || process.endedAt() != null) {
            throw invalid("a process starts RUNNING with no end, got " + process.state());
        }
        if (process.jobId().length() > 64 || process.workspaceId().length() > 64
                || process.organizationId().length() > 64 || process.user().length() > 200
                || (process.grantId() != null && process.grantId().length() > 64)) {
            throw invalid("job, workspace, grant or organization id longer than 64, or user longer than 200");
        }
        Set<String> outputs = new HashSet<>();
        for (OutputDataset output : start.outputs()) {
            if (!outputs.add(output.name())) {
                throw invalid("output " + output.name() + " listed twice");
            }
        }
    }

    /** Ends a locked RUNNING process; returns the datasets it quarantined. */
    private List<String> end(Connection c, ProcessRow row, LineageProcess.State state, Instant endedAt, String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE lineage_processes SET state = ?, ended_at = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setObject(2, timestamp(endedAt));
            ps.setLong(3, row.id);
            ps.executeUpdate();
        }
        List<String> quarantined = new ArrayList<>();
        Map<Long, WriteMode> outputs = new LinkedHashMap<>();
        // outputs in name order, the order recordStart locks them in (no deadlock between the two)
        try (PreparedStatement ps = c.prepareStatement("SELECT pd.dataset_id, pd.write_mode"
                + " FROM lineage_process_datasets pd JOIN lineage_datasets d ON d.id = pd.dataset_id"
                + " WHERE pd.process_id = ? AND pd.role = 'OUTPUT'"
                + " ORDER BY d.name")) {
            ps.setLong(1, row.id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    outputs.put(rs.getLong(1), WriteMode.valueOf(rs.getString(2)));
                }
            }
        }
        for (Map.Entry<Long, WriteMode> output : outputs.entrySet()) {
            long datasetId = output.getKey();
            DatasetRow dataset = lockDataset(c, datasetId);
            if (state == LineageProcess.State.FAILED) {
                if (output.getValue() != WriteMode.DROP) {
                    setQuarantine(c, datasetId, row.process.jobId(), reason);
                    quarantined.add(dataset.name);
                }
                continue;
            }
            switch (output.getValue()) {
                case CREATE, OVERWRITE -> {
                    replaceColumns(c, datasetId, row);
                    clearQuarantineBefore(c, datasetId, row.process.startedAt());
                }
                case APPEND -> {
                    // combined with the old sensitivities when it started; nothing changes at the end
                }
                case DROP -> {
                    update(c, "UPDATE lineage_datasets SET dropped = TRUE WHERE id = ?", datasetId);
                    update(c, "UPDATE lineage_columns SET present = FALSE WHERE dataset_id = ?", datasetId);
                    update(c, "DELETE FROM lineage_quarantine WHERE dataset_id = ?", datasetId);
                }
            }
        }
        return quarantined;
    }

    /**
     * A completed CREATE/OVERWRITE: the dataset's columns and sensitivities become those this process wrote,
     * combined with those of processes that started later (their writes may have landed after this one's).
     */
    private void replaceColumns(Connection c, long datasetId, ProcessRow row) throws SQLException {
        Map<Long, Sensitivity> written = new HashMap<>();
        Set<Long> present = new HashSet<>();
        Set<Long> contributors = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pc.column_id, pc.classification, pc.grade, pc.process_id"
                + " FROM lineage_process_columns pc JOIN lineage_processes p ON p.id = pc.process_id"
                + " JOIN lineage_columns c ON c.id = pc.column_id"
                + " WHERE c.dataset_id = ? AND (p.id = ? OR p.started_at > ?)")) {
            ps.setLong(1, datasetId);
            ps.setLong(2, row.id);
            ps.setObject(3, timestamp(row.process.startedAt()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long column = rs.getLong(1);
                    present.add(column);
                    contributors.add(rs.getLong(4));
                    sensitivity(rs, 2).ifPresent(s -> written.merge(column, s, Sensitivity::max));
                }
            }
        }
        update(c, "UPDATE lineage_columns SET present = FALSE, classification = NULL, grade = NULL, origin = 'NONE'"
                + " WHERE dataset_id = ?", datasetId);
        try (PreparedStatement ps = c.prepareStatement("UPDATE lineage_columns SET present = TRUE, classification = ?,"
                + " grade = ?, origin = ? WHERE id = ?")) {
            for (long column : present) {
                setSensitivity(ps, 1, Optional.ofNullable(written.get(column)));
                ps.setString(3, (written.containsKey(column) ? SensitivityOrigin.INHERITED : SensitivityOrigin.NONE)
                        .name());
                ps.setLong(4, column);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM lineage_sensitivity_sources WHERE column_id IN"
                + " (SELECT id FROM lineage_columns WHERE dataset_id = ?) AND NOT (process_id = ANY(?))")) {
            ps.setLong(1, datasetId);
            ps.setArray(2, longs(c, contributors));
            ps.executeUpdate();
        }
    }

    private void clearQuarantineBefore(Connection c, long datasetId, Instant startedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM lineage_quarantine WHERE dataset_id = ? AND since <= ?")) {
            ps.setLong(1, datasetId);
            ps.setObject(2, timestamp(startedAt));
            ps.executeUpdate();
        }
    }

    private void setQuarantine(Connection c, long datasetId, String jobId, String reason) throws SQLException {
        if (jobId.isBlank() || jobId.length() > 64) {
            throw invalid("jobId must be 1 to 64 characters");
        }
        String text = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 3) + "..." : reason;
        OffsetDateTime now = timestamp(clock.instant());
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE lineage_quarantine SET job_id = ?, reason = ?, since = ? WHERE dataset_id = ?")) {
            ps.setString(1, jobId);
            ps.setString(2, text);
            ps.setObject(3, now);
            ps.setLong(4, datasetId);
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO lineage_quarantine (dataset_id, job_id, reason, since) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, datasetId);
            ps.setString(2, jobId);
            ps.setString(3, text);
            ps.setObject(4, now);
            ps.executeUpdate();
        }
    }

    /** One START, written on one connection. */
    private final class StartWriter {
        private final Connection c;
        private final LineageProcess process;
        private final LineageEvent event;
        private final Map<ColumnRef, Sensitivity> catalog;
        private final Map<String, DatasetRow> datasets = new HashMap<>();
        /** Columns by dataset name then column name, as they were before this statement. */
        private final Map<String, Map<String, ColumnRow>> columns = new HashMap<>();
        /** Output columns by dataset name then column name, after this statement's START. */
        private final Map<String, Map<String, ColumnRow>> written = new HashMap<>();
        private final Map<ColumnRef, Map<ColumnRef, TransformationKind>> incoming = new HashMap<>();
        private long processId;

        StartWriter(Connection c, LineageProcess process, LineageEvent event, Map<ColumnRef, Sensitivity> catalog) {
            this.c = c;
            this.process = process;
            this.event = event;
            this.catalog = catalog;
        }

        boolean write() throws SQLException {
            String hash = contentHash(process, event);
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
                incoming.computeIfAbsent(edge.target(), t -> new LinkedHashMap<>())
                        .merge(edge.source(), edge.kind(), TransformationKind::strongest);
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
                if (row.kind != DatasetKind.SOURCE) {
                    throw new LineageException(LineageErrorCode.DATASET_MISMATCH,
                            "input " + name + " is reported as a source but is a workspace " + row.kind);
                }
            } else {
                row = findDataset(c, name).orElseThrow(() -> new LineageException(LineageErrorCode.UNKNOWN_DATASET,
                        "input " + name + " was never written by a recorded statement"));
                if (row.kind == DatasetKind.SOURCE) {
                    throw new LineageException(LineageErrorCode.DATASET_MISMATCH,
                            "input " + name + " is reported as a workspace object but is a source");
                }
            }
            datasets.put(name, row);
            if (row.kind == DatasetKind.SOURCE) {
                Map<String, Sensitivity> graded = new TreeMap<>();
                for (String column : used) {
                    Sensitivity s = catalog.get(new ColumnRef(name, column));
                    if (s == null) {
                        throw new LineageException(LineageErrorCode.MISSING_SOURCE_SENSITIVITY,
                                "no catalog classification and grade given for source column " + name + "." + column);
                    }
                    graded.put(column, s);
                }
                Map<String, ColumnRow> stored = ensureColumns(row.id, used, true);
                try (PreparedStatement ps = c.prepareStatement("UPDATE lineage_columns SET present = TRUE,"
                        + " classification = ?, grade = ?, origin = 'CATALOG' WHERE id = ?")) {
                    int n = 0;
                    for (Map.Entry<String, Sensitivity> g : graded.entrySet()) {
                        ColumnRow col = stored.get(g.getKey());
                        if (!col.present || col.origin != SensitivityOrigin.CATALOG
                                || !col.sensitivity.equals(Optional.of(g.getValue()))) {
                            setSensitivity(ps, 1, Optional.of(g.getValue()));
                            ps.setLong(3, col.id);
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
                Map<String, ColumnRow> stored = loadColumns(c, row.id);
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
                columns.put(name, ensureColumns(row.id, used, false));
            }
            update(c, "INSERT INTO lineage_process_datasets (process_id, dataset_id, role) VALUES (?, ?, 'INPUT')",
                    processId, row.id);
        }

        /** Whether the column is the source of an edge that would carry its sensitivity. */
        private boolean carriesSensitivity(ColumnRef column) {
            for (Map<ColumnRef, TransformationKind> in : incoming.values()) {
                TransformationKind kind = in.get(column);
                if (kind != null && SensitivityPropagation.propagates(kind)) {
                    return true;
                }
            }
            return false;
        }

        private Optional<Sensitivity> before(ColumnRef column) {
            Map<String, ColumnRow> of = columns.get(column.dataset());
            ColumnRow row = of == null ? null : of.get(column.column());
            return row == null ? Optional.empty() : row.sensitivity;
        }

        private void writeOutput(OutputDataset output) throws SQLException {
            ensureDataset(output.name(), output.kind(), process.workspaceId());
            DatasetRow row = lockDataset(c, output.name()).orElseThrow();
            if (row.kind == DatasetKind.SOURCE) {
                throw new LineageException(LineageErrorCode.DATASET_MISMATCH,
                        "source dataset " + output.name() + " is never written by a job");
            }
            if (!process.workspaceId().equals(row.workspaceId)) {
                throw new LineageException(LineageErrorCode.DATASET_MISMATCH, "dataset " + output.name()
                        + " belongs to another workspace than the writing job's");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_process_datasets (process_id,"
                    + " dataset_id, role, write_mode) VALUES (?, ?, 'OUTPUT', ?)")) {
                ps.setLong(1, processId);
                ps.setLong(2, row.id);
                ps.setString(3, output.mode().name());
                ps.executeUpdate();
            }
            datasets.put(output.name(), row);
            if (output.mode() == WriteMode.DROP) {
                return;
            }
            if (row.dropped) {
                // a new object of a dropped name: nothing of the old one remains
                update(c, "UPDATE lineage_datasets SET dropped = FALSE, kind = ? WHERE id = ?", output.kind().name(),
                        row.id);
                update(c, "DELETE FROM lineage_sensitivity_sources WHERE column_id IN"
                        + " (SELECT id FROM lineage_columns WHERE dataset_id = ?)", row.id);
                update(c, "UPDATE lineage_columns SET present = FALSE, classification = NULL, grade = NULL,"
                        + " origin = 'NONE' WHERE dataset_id = ?", row.id);
            } else if (row.kind != output.kind()) {
                update(c, "UPDATE lineage_datasets SET kind = ? WHERE id = ?", output.kind().name(), row.id);
            }
            Set<String> names = new TreeSet<>(output.columns());
            for (ColumnEdge edge : event.edges()) {
                if (edge.target().dataset().equals(output.name())) {
                    names.add(edge.target().column());
                }
            }
            Map<String, ColumnRow> stored = ensureColumns(row.id, names, false);
            written.put(output.name(), stored);
            try (PreparedStatement pc = c.prepareStatement("INSERT INTO lineage_process_columns (process_id,"
                    + " column_id, classification, grade) VALUES (?, ?, ?, ?)");
                    PreparedStatement uc = c.prepareStatement("UPDATE lineage_columns SET present = TRUE,"
                            + " classification = ?, grade = ?, origin = ? WHERE id = ?");
                    PreparedStatement ss = c.prepareStatement("INSERT INTO lineage_sensitivity_sources (column_id,"
                            + " source_column_id, process_id) VALUES (?, ?, ?)")) {
                for (String name : names) {
                    ColumnRef target = new ColumnRef(output.name(), name);
                    Map<ColumnRef, TransformationKind> in = incoming.getOrDefault(target, Map.of());
                    List<ColumnEdge> into = new ArrayList<>();
                    in.forEach((source, kind) -> into.add(new ColumnEdge(source, target, kind)));
                    Optional<Sensitivity> derived = SensitivityPropagation.derive(into, this::before);
                    ColumnRow col = stored.get(name);
                    pc.setLong(1, processId);
                    pc.setLong(2, col.id);
                    setSensitivity(pc, 3, derived);
                    pc.addBatch();
                    // until the statement completes the table may hold old or new rows: keep the more sensitive
                    Optional<Sensitivity> now = row.dropped ? derived : max(col.sensitivity, derived);
                    setSensitivity(uc, 1, now);
                    uc.setString(3, (now.isPresent() ? SensitivityOrigin.INHERITED : SensitivityOrigin.NONE).name());
                    uc.setLong(4, col.id);
                    uc.addBatch();
                    for (ColumnEdge edge : into) {
                        if (SensitivityPropagation.propagates(edge.kind()) && before(edge.source()).isPresent()) {
                            ss.setLong(1, col.id);
                            ss.setLong(2, columns.get(edge.source().dataset()).get(edge.source().column()).id);
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
                for (Map.Entry<ColumnRef, Map<ColumnRef, TransformationKind>> in : incoming.entrySet()) {
                    ColumnRef target = in.getKey();
                    long targetId = written.get(target.dataset()).get(target.column()).id;
                    for (Map.Entry<ColumnRef, TransformationKind> edge : in.getValue().entrySet()) {
                        ColumnRef source = edge.getKey();
                        ps.setLong(1, processId);
                        ps.setLong(2, columns.get(source.dataset()).get(source.column()).id);
                        ps.setLong(3, targetId);
                        ps.setString(4, edge.getValue().name());
                        ps.addBatch();
                        if (++n % 1_000 == 0) {
                            ps.executeBatch();
                        }
                        datasetEdges.computeIfAbsent(source.dataset(), s -> new TreeMap<>())
                                .merge(target.dataset(), edge.getValue(), TransformationKind::strongest);
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
                        ps.setLong(2, datasets.get(input).id);
                        ps.setLong(3, datasets.get(output.name()).id);
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
    }

    private static Optional<Sensitivity> max(Optional<Sensitivity> a, Optional<Sensitivity> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : Optional.of(a.get().max(b.get()));
    }

    /** SHA-256 of what a START says, apart from its times: a retry repeats it exactly. */
    static String contentHash(LineageProcess p, LineageEvent e) {
        StringBuilder s = new StringBuilder();
        field(s, p.statement().name());
        field(s, p.workspaceId());
        field(s, String.valueOf(p.grantId()));
        field(s, p.organizationId());
        field(s, p.user());
        List<String> parts = new ArrayList<>();
        for (InputDataset i : e.inputs()) {
            parts.add("I" + i.name() + "\u0001" + i.kind() + "\u0001" + String.join("\u0002", new TreeSet<>(i.columns())));
        }
        for (OutputDataset o : e.outputs()) {
            parts.add("O" + o.name() + "\u0001" + o.kind() + "\u0001" + o.mode() + "\u0001"
                    + String.join("\u0002", o.columns()));
        }
        for (ColumnEdge edge : e.edges()) {
            parts.add("E" + edge.source().dataset() + "\u0001" + edge.source().column() + "\u0001"
                    + edge.target().dataset() + "\u0001" + edge.target().column() + "\u0001" + edge.kind());
        }
        parts.sort(Comparator.naturalOrder());
        parts.forEach(part -> field(s, part));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void field(StringBuilder s, String value) {
        s.append(value.length()).append(':').append(value).append(';');
    }

    // ---------------------------------------------------------------- look-ups

    @Override
    public Optional<LineageProcess> process(String jobId, int step) {
        requireNonNull(jobId, "jobId is null");
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                    + " FROM lineage_processes WHERE job_id = ? AND step = ?")) {
                ps.setString(1, jobId);
                ps.setInt(2, step);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(processRow(rs).process) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ProcessRecord> processesOf(String jobId) {
        requireNonNull(jobId, "jobId is null");
        return read(c -> {
            Map<Long, LineageProcess> processes = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                    + " FROM lineage_processes WHERE job_id = ? ORDER BY step")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ProcessRow row = processRow(rs);
                        processes.put(row.id, row.process);
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

    @Override
    public List<LineageProcess> openProcesses(String jobId) {
        requireNonNull(jobId, "jobId is null");
        return read(c -> {
            List<LineageProcess> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                    + " FROM lineage_processes WHERE job_id = ? AND state = 'RUNNING' ORDER BY step")) {
                ps.setString(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(processRow(rs).process);
                    }
                }
            }
            return result;
        });
    }

    @Override
    public List<Quarantine> quarantined(String workspaceId) {
        requireNonNull(workspaceId, "workspaceId is null");
        return read(c -> {
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

    @Override
    public boolean isQuarantined(String dataset) {
        return dataset(dataset).map(DatasetInfo::quarantined).orElse(false);
    }

    @Override
    public Optional<DatasetInfo> dataset(String name) {
        requireNonNull(name, "name is null");
        return read(c -> {
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

    @Override
    public Optional<ColumnSensitivity> column(ColumnRef column) {
        requireNonNull(column, "column is null");
        return read(c -> {
            Optional<DatasetRow> dataset = findDataset(c, column.dataset());
            if (dataset.isEmpty()) {
                return Optional.empty();
            }
            ColumnRow row = loadColumns(c, dataset.get().id).get(column.column());
            return row == null ? Optional.empty() : Optional.of(describe(c, column, row));
        });
    }

    @Override
    public List<ColumnSensitivity> columns(String dataset) {
        requireNonNull(dataset, "dataset is null");
        return read(c -> {
            Optional<DatasetRow> row = findDataset(c, dataset);
            if (row.isEmpty() || row.get().dropped) {
                return List.of();
            }
            List<ColumnSensitivity> result = new ArrayList<>();
            for (ColumnRow col : loadColumns(c, row.get().id).values()) {
                if (col.present) {
                    result.add(describe(c, new ColumnRef(dataset, col.name), col));
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
            ps.setLong(1, row.id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sources.add(new ColumnSensitivity.Source(new ColumnRef(rs.getString(1), rs.getString(2)),
                            rs.getString(3) + "#" + rs.getInt(4)));
                }
            }
        }
        return new ColumnSensitivity(column, row.present, row.sensitivity, row.origin, sources);
    }

    // ---------------------------------------------------------------- queries

    @Override
    public LineageGraph query(LineageQuery query) {
        requireNonNull(query, "query is null");
        return read(c -> new Walk(c, query).run());
    }

    /** One query: a breadth-first walk per direction, then one look-up each for nodes, datasets and processes. */
    private final class Walk {
        private final Connection c;
        private final LineageQuery q;
        private final boolean columnLevel;
        private final Map<Long, Integer> depth = new HashMap<>();
        private final Map<Long, DatasetRow> datasetRows = new HashMap<>();
        private final Map<Long, String> processWorkspace = new HashMap<>();
        private final Set<Hop> hops = new LinkedHashSet<>();
        private boolean truncated;

        Walk(Connection c, LineageQuery q) {
            this.c = c;
            this.q = q;
            this.columnLevel = q.columnLevel();
        }

        LineageGraph run() throws SQLException {
            DatasetRow startDataset = null;
            long start = -1;
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.name, d.kind, d.workspace_id, d.dropped, c.id"
                    + " FROM lineage_datasets d LEFT JOIN lineage_columns c ON c.dataset_id = d.id AND c.name = ?"
                    + " WHERE d.name = ?")) {
                ps.setString(1, q.column());
                ps.setString(2, q.dataset());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        startDataset = datasetRow(rs);
                        start = columnLevel ? rs.getLong(6) : startDataset.id;
                        if (rs.wasNull()) {
                            start = -1;
                        }
                    }
                }
            }
            if (startDataset == null || !q.visibility().sees(startDataset.workspaceId)) {
                throw unknownDataset(q.dataset());
            }
            if (start < 0) {
                throw new LineageException(LineageErrorCode.UNKNOWN_COLUMN,
                        "no lineage for column " + q.dataset() + "." + q.column());
            }
            datasetRows.put(startDataset.id, startDataset);
            depth.put(start, 0);
            boolean up = q.direction() != Direction.DOWNSTREAM;
            boolean down = q.direction() != Direction.UPSTREAM;
            if (up) {
                walk(start, true);
            }
            if (down) {
                walk(start, false);
            }
            return assemble();
        }

        private void walk(long start, boolean upstream) throws SQLException {
            String table = columnLevel ? "lineage_column_edges" : "lineage_dataset_edges";
            String near = upstream ? "target_id" : "source_id";
            String far = upstream ? "source_id" : "target_id";
            boolean filter = !q.visibility().all();
            String sql = columnLevel && filter
                    ? "SELECT e." + far + ", e.process_id, e.kind, c.dataset_id, e." + near + " FROM " + table
                            + " e JOIN lineage_columns c ON c.id = e." + far + " WHERE e." + near + " = ANY(?)"
                    : "SELECT " + far + ", process_id, kind, " + far + ", " + near + " FROM " + table + " WHERE "
                            + near + " = ANY(?)";
            Set<Long> seen = new HashSet<>();
            seen.add(start);
            List<Long> frontier = List.of(start);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int level = 1; level <= q.maxDepth() && !frontier.isEmpty(); level++) {
                    ps.setArray(1, longs(c, frontier));
                    List<long[]> rows = new ArrayList<>();
                    List<String> kinds = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(4), rs.getLong(5)});
                            kinds.add(rs.getString(3));
                        }
                    }
                    if (filter) {
                        resolveVisibility(rows);
                    }
                    List<Long> next = new ArrayList<>();
                    for (int i = 0; i < rows.size(); i++) {
                        long[] r = rows.get(i);
                        long farId = r[0];
                        if (filter && !(q.visibility().seesProcessOf(processWorkspace.get(r[1]))
                                && q.visibility().sees(datasetRows.get(r[2]).workspaceId))) {
                            continue;
                        }
                        Integer known = depth.get(farId);
                        if (known == null) {
                            if (depth.size() >= q.maxNodes()) {
                                truncated = true;
                                continue;
                            }
                            depth.put(farId, level);
                        } else if (level < known) {
                            depth.put(farId, level); // reached nearer in the other direction
                        }
                        if (seen.add(farId)) {
                            next.add(farId);
                        }
                        long source = upstream ? farId : r[3];
                        long target = upstream ? r[3] : farId;
                        hops.add(new Hop(source, target, r[1], kinds.get(i)));
                    }
                    frontier = truncated ? List.of() : next;
                }
            }
        }

        /** Loads the datasets and process workspaces of a level's rows that are not known yet. */
        private void resolveVisibility(List<long[]> rows) throws SQLException {
            Set<Long> datasetIds = new HashSet<>();
            Set<Long> processIds = new HashSet<>();
            for (long[] r : rows) {
                if (!datasetRows.containsKey(r[2])) {
                    datasetIds.add(r[2]);
                }
                if (!processWorkspace.containsKey(r[1])) {
                    processIds.add(r[1]);
                }
            }
            loadDatasets(datasetIds);
            if (!processIds.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, workspace_id FROM lineage_processes WHERE id = ANY(?)")) {
                    ps.setArray(1, longs(c, processIds));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            processWorkspace.put(rs.getLong(1), rs.getString(2));
                        }
                    }
                }
            }
        }

        private void loadDatasets(Collection<Long> ids) throws SQLException {
            List<Long> missing = ids.stream().filter(id -> !datasetRows.containsKey(id)).toList();
            if (missing.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, kind, workspace_id, dropped"
                    + " FROM lineage_datasets WHERE id = ANY(?)")) {
                ps.setArray(1, longs(c, missing));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DatasetRow row = datasetRow(rs);
                        datasetRows.put(row.id, row);
                    }
                }
            }
        }

        private LineageGraph assemble() throws SQLException {
            // nodes
            Map<Long, String> nodeIds = new HashMap<>();
            Map<Object, Long> numericId = new java.util.IdentityHashMap<>(); // node record -> its row id
            List<LineageGraph.ColumnNode> columnNodes = new ArrayList<>();
            Map<Long, Integer> datasetDepth = new HashMap<>();
            Set<Long> quarantined = new HashSet<>();
            // one query for the nodes with their datasets and quarantines (round trips dominate small answers)
            String sql = columnLevel
                    ? "SELECT d.id, d.name, d.kind, d.workspace_id, d.dropped, q.dataset_id, c.id, c.dataset_id, c.name,"
                            + " c.present, c.classification, c.grade, c.origin FROM lineage_columns c"
                            + " JOIN lineage_datasets d ON d.id = c.dataset_id"
                            + " LEFT JOIN lineage_quarantine q ON q.dataset_id = d.id WHERE c.id = ANY(?)"
                    : "SELECT d.id, d.name, d.kind, d.workspace_id, d.dropped, q.dataset_id FROM lineage_datasets d"
                            + " LEFT JOIN lineage_quarantine q ON q.dataset_id = d.id WHERE d.id = ANY(?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, longs(c, depth.keySet()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long datasetId = rs.getLong(1);
                        DatasetRow dataset = datasetRows.get(datasetId);
                        if (dataset == null) {
                            dataset = datasetRow(rs);
                            datasetRows.put(datasetId, dataset);
                        }
                        rs.getLong(6);
                        if (!rs.wasNull()) {
                            quarantined.add(datasetId);
                        }
                        if (columnLevel) {
                            long columnId = rs.getLong(7);
                            String name = rs.getString(9);
                            ColumnRef ref = new ColumnRef(dataset.name, name);
                            int d = depth.get(columnId);
                            String id = dataset.name + "." + name;
                            nodeIds.put(columnId, id);
                            datasetDepth.merge(datasetId, d, Math::min);
                            LineageGraph.ColumnNode node = new LineageGraph.ColumnNode(id, ref, d, rs.getBoolean(10),
                                    sensitivity(rs, 11), SensitivityOrigin.valueOf(rs.getString(13)));
                            columnNodes.add(node);
                            numericId.put(node, columnId);
                        } else {
                            datasetDepth.put(datasetId, depth.get(datasetId));
                            nodeIds.put(datasetId, dataset.name);
                        }
                    }
                }
            }
            List<LineageGraph.DatasetNode> datasetNodes = new ArrayList<>();
            datasetDepth.forEach((id, d) -> {
                DatasetRow row = datasetRows.get(id);
                LineageGraph.DatasetNode node = new LineageGraph.DatasetNode(row.name, row.kind,
                        Optional.ofNullable(row.workspaceId), d, row.dropped, quarantined.contains(id));
                datasetNodes.add(node);
                numericId.put(node, id);
            });
            // processes
            Set<Long> processIds = new HashSet<>();
            hops.forEach(h -> processIds.add(h.process));
            Map<Long, LineageProcess> processes = new HashMap<>();
            if (!processIds.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                        + " FROM lineage_processes WHERE id = ANY(?)")) {
                    ps.setArray(1, longs(c, processIds));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ProcessRow row = processRow(rs);
                            processes.put(row.id, row.process);
                        }
                    }
                }
            }
            datasetNodes.sort(Comparator.comparingInt(LineageGraph.DatasetNode::depth)
                    .thenComparing(LineageGraph.DatasetNode::name));
            columnNodes.sort(Comparator.comparingInt(LineageGraph.ColumnNode::depth)
                    .thenComparing(LineageGraph.ColumnNode::id));
            List<Long> processOrder = new ArrayList<>(processes.keySet());
            processOrder.sort(Comparator.comparing((Long id) -> processes.get(id).jobId())
                    .thenComparingInt(id -> processes.get(id).step()));
            List<LineageProcess> processList = new ArrayList<>(processOrder.size());
            processOrder.forEach(id -> processList.add(processes.get(id)));
            // edges in node order: rank nodes and processes once, then sort on the ranks (no string compares)
            Map<Long, Integer> rank = new HashMap<>();
            for (Object node : columnLevel ? columnNodes : datasetNodes) {
                rank.put(numericId.get(node), rank.size());
            }
            Map<Long, Integer> processRank = new HashMap<>();
            Map<Long, String> processIdText = new HashMap<>();
            for (Long id : processOrder) {
                processRank.put(id, processRank.size());
                processIdText.put(id, processes.get(id).id());
            }
            List<RankedHop> ordered = new ArrayList<>(hops.size());
            for (Hop h : hops) {
                ordered.add(new RankedHop(rank.get(h.source), rank.get(h.target), processRank.get(h.process), h));
            }
            ordered.sort(RankedHop.ORDER);
            List<LineageGraph.Edge> edges = new ArrayList<>(ordered.size());
            Map<String, Optional<TransformationKind>> kinds = new HashMap<>();
            for (RankedHop r : ordered) {
                Hop h = r.hop;
                Optional<TransformationKind> kind = kinds.computeIfAbsent(String.valueOf(h.kind),
                        k -> Optional.ofNullable(h.kind).map(TransformationKind::valueOf));
                edges.add(new LineageGraph.Edge(nodeIds.get(h.source), nodeIds.get(h.target), kind,
                        processIdText.get(h.process)));
            }
            String startId = columnLevel ? q.dataset() + "." + q.column() : q.dataset();
            return new LineageGraph(startId, q.direction(), columnLevel, datasetNodes, columnNodes, edges, processList,
                    truncated);
        }
    }

    private record Hop(long source, long target, long process, String kind) {}

    private record RankedHop(int source, int target, int process, Hop hop) {
        static final Comparator<RankedHop> ORDER = Comparator.comparingInt(RankedHop::source)
                .thenComparingInt(RankedHop::target).thenComparingInt(RankedHop::process);
    }

    // ---------------------------------------------------------------- rows and helpers

    private record DatasetRow(long id, String name, DatasetKind kind, String workspaceId, boolean dropped) {}

    private record ColumnRow(long id, String name, boolean present, Optional<Sensitivity> sensitivity,
            SensitivityOrigin origin) {
        ColumnRow withSensitivity(Optional<Sensitivity> s, SensitivityOrigin o) {
            return new ColumnRow(id, name, true, s, o);
        }
    }

    private record ProcessRow(long id, LineageProcess process) {}

    private static Optional<DatasetRow> findDataset(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, kind, workspace_id, dropped FROM lineage_datasets WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(datasetRow(rs)) : Optional.empty();
            }
        }
    }

    private static Optional<DatasetRow> lockDataset(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, kind, workspace_id, dropped FROM lineage_datasets WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(datasetRow(rs)) : Optional.empty();
            }
        }
    }

    private static DatasetRow lockDataset(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, kind, workspace_id, dropped FROM lineage_datasets WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return datasetRow(rs);
            }
        }
    }

    private static DatasetRow datasetRow(ResultSet rs) throws SQLException {
        return new DatasetRow(rs.getLong(1), rs.getString(2), DatasetKind.valueOf(rs.getString(3)), rs.getString(4),
                rs.getBoolean(5));
    }

    private static Map<String, ColumnRow> loadColumns(Connection c, long datasetId) throws SQLException {
        Map<String, ColumnRow> result = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, dataset_id, name, present, classification, grade,"
                + " origin FROM lineage_columns WHERE dataset_id = ?")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ColumnRow row = columnRow(rs);
                    result.put(row.name, row);
                }
            }
        }
        return result;
    }

    /** Columns: id, dataset_id, name, present, classification, grade, origin. */
    private static ColumnRow columnRow(ResultSet rs) throws SQLException {
        return new ColumnRow(rs.getLong(1), rs.getString(3), rs.getBoolean(4), sensitivity(rs, 5),
                SensitivityOrigin.valueOf(rs.getString(7)));
    }

    private static Optional<Sensitivity> sensitivity(ResultSet rs, int classificationColumn) throws SQLException {
        String classification = rs.getString(classificationColumn);
        int grade = rs.getInt(classificationColumn + 1);
        return classification == null ? Optional.empty()
                : Optional.of(new Sensitivity(Classification.valueOf(classification), grade));
    }

    private static void setSensitivity(PreparedStatement ps, int index, Optional<Sensitivity> s) throws SQLException {
        if (s.isPresent()) {
            ps.setString(index, s.get().classification().name());
            ps.setInt(index + 1, s.get().grade());
        } else {
            ps.setNull(index, Types.VARCHAR);
            ps.setNull(index + 1, Types.SMALLINT);
        }
    }

    private static Optional<ProcessRow> lockProcess(Connection c, String jobId, int step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PROCESS_COLUMNS
                + " FROM lineage_processes WHERE job_id = ? AND step = ? FOR UPDATE")) {
            ps.setString(1, jobId);
            ps.setInt(2, step);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(processRow(rs)) : Optional.empty();
            }
        }
    }

    private static ProcessRow processRow(ResultSet rs) throws SQLException {
        OffsetDateTime endedAt = rs.getObject(10, OffsetDateTime.class);
        Instant ended = endedAt == null ? null : endedAt.toInstant();
        return new ProcessRow(rs.getLong(1), new LineageProcess(rs.getString(2), rs.getInt(3),
                StatementKind.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), instant(rs, 9), ended, LineageProcess.State.valueOf(rs.getString(11))));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Array longs(Connection c, Collection<Long> values) throws SQLException {
        return c.createArrayOf("bigint", values.toArray(new Long[0]));
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static LineageException invalid(String message) {
        return new LineageException(LineageErrorCode.INVALID_EVENT, message);
    }

    private static LineageException unknownDataset(String name) {
        return new LineageException(LineageErrorCode.UNKNOWN_DATASET, "no lineage for dataset "
                + (name.length() > 80 ? name.substring(0, 80) + "..." : name));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Work<T> work) {
        return run(work, false);
    }

    private <T> T write(Work<T> work) {
        return run(work, true);
    }

    private <T> T run(Work<T> work, boolean writes) {
        Connection c;
        try {
            c = connections.get();
        } catch (SQLException e) {
            throw new LineageException(LineageErrorCode.STORAGE_FAILURE, "no database connection", e);
        }
        try {
            if (writes && c.getAutoCommit()) {
                throw new LineageException(LineageErrorCode.NOT_IN_TRANSACTION,
                        "lineage writes must run inside the caller's transaction (auto-commit is on)");
            }
            return work.run(c);
        } catch (SQLException e) {
            throw new LineageException(LineageErrorCode.STORAGE_FAILURE, "lineage store: " + e.getMessage(), e);
        } finally {
            try {
                connections.release(c);
            } catch (SQLException e) {
                // the caller owns the connection; a failed release is theirs to see on their next use
            }
        }
    }
}
