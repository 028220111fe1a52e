package org.shuyu.lineage.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A quarantined dataset: which job's statement left it in an unknown state, why, since when. */
public record Quarantine(String dataset, Optional<String> workspaceId, String jobId, String reason, Instant since) {
    public Quarantine {
        Objects.requireNonNull(dataset, "dataset is null");
        Objects.requireNonNull(workspaceId, "workspaceId is null");
        Objects.requireNonNull(jobId, "jobId is null");
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(since, "since is null");
    }
}
