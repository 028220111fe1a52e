package org.shuyu.controller.workspace;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Port: makes a workspace's storage exist, or go away. Implementations are idempotent: {@code ensure} on a
 * provisioned workspace repairs what is missing and changes nothing else; {@code teardown} of a removed one
 * succeeds and deletes nothing.
 */
public interface WorkspaceProvisioner {
    Layout ensure(Workspace workspace);

    /** Deletes everything the workspace holds; returns what was deleted. */
    Teardown teardown(Workspace workspace);

    Layout layout(String workspaceId);

    /** Bytes the workspace occupies now (R-09b storage metering). */
    long storageBytes(String workspaceId);

    /**
     * Where a workspace lives: the root; {@code data}, the only tree its jobs may write (the Spark warehouse and
     * the operator's files below it); and job outputs (configs, status, logs), which jobs may not touch.
     */
    record Layout(Path root, Path data, Path warehouse, Path files, Path jobs) {
        public Layout {
            requireNonNull(root, "root is null");
            requireNonNull(data, "data is null");
            requireNonNull(warehouse, "warehouse is null");
            requireNonNull(files, "files is null");
            requireNonNull(jobs, "jobs is null");
        }
    }

    record Teardown(long files, long bytes) {}
}
