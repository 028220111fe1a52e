package org.shuyu.controller.product;

import java.nio.file.Path;
import org.shuyu.controller.identity.Actor;

/**
 * Port: freezes a workspace table into a snapshot file by running a snapshot job as {@code actor} (so the actor's
 * workspace access and the workspace's policies apply, and the read is in the lineage). Blocks until done; a
 * failure throws {@link org.shuyu.controller.error.SandboxException} with {@code SNAPSHOT_FAILED}.
 */
public interface SnapshotTaker {
    Taken take(Actor actor, String workspaceId, String table, long maxRows, Path target);

    /** The snapshot job and what it wrote to the target. */
    record Taken(String jobId, long rows, long bytes) {}
}
