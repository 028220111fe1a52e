package org.shuyu.controller.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.Sensitivity;

/**
 * Port: where lineage is stored (the {@code lineage} library's graph store in the controller's database). Every
 * call joins the caller's transaction.
 */
public interface LineageRepository {
    /** What storing a START did. */
    enum Stored { NEW, DUPLICATE, CONFLICT }

    /** Stores a statement's START with its process; a repeated identical START is a DUPLICATE, a different one a CONFLICT. */
    Stored recordStart(LineageProcess process, LineageEvent start, Map<ColumnRef, Sensitivity> sourceSensitivities);

    /** Ends a stored process; empty if no START was stored for it. */
    Optional<LineageProcess> recordEnd(String jobId, int step, LineageProcess.State state, Instant endedAt);

    /** Every process of a job, by step. */
    List<LineageProcess> processes(String jobId);

    /** The datasets a stored process writes (empty if none or unknown). */
    List<OutputDataset> outputs(String jobId, int step);

    /** Quarantines a dataset (idempotent); {@code reason} says why. */
    void quarantine(String dataset, String jobId, String reason);

    /** The quarantined table and view names (without database) of a workspace database. */
    Set<String> quarantinedIn(String workspaceDatabase);
}
