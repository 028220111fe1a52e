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

    /** Where a workspace lives: the root, the Spark warehouse, the operator's files, and job outputs. */
    record Layout(Path root, Path warehouse, Path files, Path jobs) {
        public Layout {
            requireNonNull(root, "root is null");
            requireNonNull(warehouse, "warehouse is null");
            requireNonNull(files, "files is null");
            requireNonNull(jobs, "jobs is null");
        }
    }

    record Teardown(long files, long bytes) {}
}
