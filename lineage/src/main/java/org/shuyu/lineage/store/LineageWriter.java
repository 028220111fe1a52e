package org.shuyu.lineage.store;

import static java.util.Objects.requireNonNull;
import static org.shuyu.lineage.store.StoreRows.PROCESS_COLUMNS;
import static org.shuyu.lineage.store.StoreRows.invalid;
import static org.shuyu.lineage.store.StoreRows.lockDataset;
import static org.shuyu.lineage.store.StoreRows.lockProcess;
import static org.shuyu.lineage.store.StoreRows.longs;
import static org.shuyu.lineage.store.StoreRows.processRow;
import static org.shuyu.lineage.store.StoreRows.sensitivity;
import static org.shuyu.lineage.store.StoreRows.setSensitivity;
import static org.shuyu.lineage.store.StoreRows.timestamp;
import static org.shuyu.lineage.store.StoreRows.unknownDataset;
import static org.shuyu.lineage.store.StoreRows.update;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.LineageErrorCode;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageException;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.WriteMode;
import org.shuyu.lineage.store.StoreRows.DatasetRow;
import org.shuyu.lineage.store.StoreRows.ProcessRow;

/**
 * The writing side of the store: a statement's START (through {@link StartWriter}), its end, failing a job's open
 * processes, and quarantines. Writes lock the dataset rows they change ({@code SELECT ... FOR UPDATE}), always in
 * dataset-name order, so that concurrent statements writing one dataset combine their sensitivities correctly and
 * never deadlock.
 */
final class LineageWriter {
    private static final int MAX_REASON = 2_000;

    private final StoreConnections connections;
    private final Clock clock;

    LineageWriter(StoreConnections connections, Clock clock) {
        this.connections = requireNonNull(connections, "connections is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    boolean recordStart(LineageProcess process, LineageEvent start,
            Map<ColumnRef, Sensitivity> sourceSensitivities) {
        requireNonNull(process, "process is null");
        requireNonNull(start, "start is null");
        requireNonNull(sourceSensitivities, "sourceSensitivities is null");
        validateStart(process, start);
        return connections.write(c -> new StartWriter(c, process, start, Map.copyOf(sourceSensitivities)).write());
    }

    boolean recordEnd(String jobId, int step, LineageProcess.State state, Instant endedAt) {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(state, "state is null");
        requireNonNull(endedAt, "endedAt is null");
        if (state == LineageProcess.State.RUNNING) {
            throw new LineageException(LineageErrorCode.INVALID_STATE_TRANSITION,
                    "a process ends as COMPLETED or FAILED, not RUNNING");
        }
        return connections.write(c -> {
            ProcessRow row = lockProcess(c, jobId, step).orElseThrow(() -> new LineageException(
                    LineageErrorCode.UNKNOWN_PROCESS, "no lineage START stored for job " + jobId + " step " + step));
            if (row.process().state() != LineageProcess.State.RUNNING) {
                if (row.process().state() == state) {
                    return false;
                }
                throw new LineageException(LineageErrorCode.INVALID_STATE_TRANSITION, "process " + row.process().id()
                        + " already ended " + row.process().state() + ", cannot end " + state);
            }
            end(c, row, state, endedAt, "statement " + row.process().id() + " failed");
            return true;
        });
    }

    List<String> failOpenProcesses(String jobId, Instant endedAt, String reason) {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(endedAt, "endedAt is null");
        requireNonNull(reason, "reason is null");
        return connections.write(c -> {
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

    void quarantine(String dataset, String jobId, String reason) {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(jobId, "jobId is null");
        requireNonNull(reason, "reason is null");
        connections.write(c -> {
            DatasetRow row = lockDataset(c, dataset).orElseThrow(() -> unknownDataset(dataset));
            if (row.kind() == DatasetKind.SOURCE) {
                throw new LineageException(LineageErrorCode.DATASET_MISMATCH,
                        "source dataset " + dataset + " is never written by a job and cannot be quarantined");
            }
            setQuarantine(c, row.id(), jobId, reason);
            return null;
        });
    }

    boolean clearQuarantine(String dataset) {
        requireNonNull(dataset, "dataset is null");
        return connections.write(c -> {
            DatasetRow row = lockDataset(c, dataset).orElseThrow(() -> unknownDataset(dataset));
            return update(c, "DELETE FROM lineage_quarantine WHERE dataset_id = ?", row.id()) > 0;
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
            ps.setLong(3, row.id());
            ps.executeUpdate();
        }
        List<String> quarantined = new ArrayList<>();
        Map<Long, WriteMode> outputs = new LinkedHashMap<>();
        // outputs in name order, the order recordStart locks them in (no deadlock between the two)
        try (PreparedStatement ps = c.prepareStatement("SELECT pd.dataset_id, pd.write_mode"
                + " FROM lineage_process_datasets pd JOIN lineage_datasets d ON d.id = pd.dataset_id"
                + " WHERE pd.process_id = ? AND pd.role = 'OUTPUT'"
                + " ORDER BY d.name")) {
            ps.setLong(1, row.id());
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
                    setQuarantine(c, datasetId, row.process().jobId(), reason);
                    quarantined.add(dataset.name());
                }
                continue;
            }
            switch (output.getValue()) {
                case CREATE, OVERWRITE -> {
                    replaceColumns(c, datasetId, row);
                    clearQuarantineBefore(c, datasetId, row.process().startedAt());
                }
                case APPEND -> {
                    // combined with the old sensitivities when it started; nothing changes at the end
                }
                case DROP -> {
                    update(c, "UPDATE lineage_datasets SET dropped = TRUE, ended_at = ?, end_reason = 'DROPPED'"
                            + " WHERE id = ?", timestamp(endedAt), datasetId);
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
            ps.setLong(2, row.id());
            ps.setObject(3, timestamp(row.process().startedAt()));
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
}
