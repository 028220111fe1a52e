package org.shuyu.lineage.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.Sensitivity;

/**
 * The lineage graph's writes and point look-ups (docs/lineage.md). Writes must run inside the caller's
 * transaction (they are several statements that commit together); a refused call throws
 * {@link org.shuyu.lineage.LineageException} and the caller rolls back.
 */
public interface LineageStore {
    /**
     * Stores a statement's START: the process (state RUNNING), the datasets and columns it reads and writes, its
     * column and dataset edges, and the sensitivity each output column inherits ({@code sourceSensitivities} holds
     * the catalog's classification and grade of the source columns the event reads; every source column the event
     * names must be in it). Until the statement completes, a written column keeps the more sensitive of its old and
     * new sensitivity. A repeated START of the same (job, step) with the same content is a no-op.
     *
     * @return true if stored now, false if the same START was already stored
     */
    boolean recordStart(LineageProcess process, LineageEvent start, Map<ColumnRef, Sensitivity> sourceSensitivities);

    /**
     * Ends a RUNNING process as COMPLETED or FAILED. COMPLETED applies its writes: CREATE and OVERWRITE replace the
     * dataset's column set and sensitivities, DROP marks it dropped, and both clear a quarantine set before the
     * process started. FAILED quarantines every dataset it wrote (its content is unknown). Repeating the same end is
     * a no-op.
     *
     * @return true if ended now, false if it had already ended that way
     */
    boolean recordEnd(String jobId, int step, LineageProcess.State state, Instant endedAt);

    /**
     * Fails every RUNNING process of a job (the job ended without their COMPLETE) and quarantines what they wrote.
     *
     * @return the datasets quarantined, sorted
     */
    List<String> failOpenProcesses(String jobId, Instant endedAt, String reason);

    Optional<LineageProcess> process(String jobId, int step);

    /** The processes of a job by step, with their inputs and outputs. */
    List<ProcessRecord> processesOf(String jobId);

    /** The column edges (several per column pair when their kinds differ) and written columns of a job's statements. */
    JobColumns columnsOf(String jobId);

    /** The RUNNING processes of a job by step. */
    List<LineageProcess> openProcesses(String jobId);

    /** Quarantines a workspace dataset (the newest job and reason replace an older one). */
    void quarantine(String dataset, String jobId, String reason);

    /** @return true if the dataset was quarantined */
    boolean clearQuarantine(String dataset);

    /** The quarantined datasets of a workspace, by name. */
    List<Quarantine> quarantined(String workspaceId);

    boolean isQuarantined(String dataset);

    Optional<DatasetInfo> dataset(String name);

    /** A column's current sensitivity and where it came from. */
    Optional<ColumnSensitivity> column(ColumnRef column);

    /** The current columns of a dataset, by name (empty for an unknown or dropped dataset). */
    List<ColumnSensitivity> columns(String dataset);
}
