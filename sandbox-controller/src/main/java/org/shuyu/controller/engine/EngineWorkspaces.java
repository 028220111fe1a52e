package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.job.JobLauncher;

/**
 * What engines need to know of workspaces (implemented by {@link WorkspaceEngineTargets} over the workspace, catalog
 * and mask-salt services): where a READY workspace's engine works, and whether anyone may still work in it.
 */
public interface EngineWorkspaces {
    /**
     * The engine's target: the workspace's names, directories and sources, and its mask salt; throws
     * {@code SandboxException} when the workspace does not exist or is not READY or its access is closed.
     */
    Target target(String workspaceId);

    /** Whether at least one member may work in the workspace now (the same gate as every workspace action). */
    boolean accessOpen(String workspaceId);

    /** The organization of a workspace, for audit records. */
    Optional<String> organizationOf(String workspaceId);

    /** A workspace as an engine sees it. {@code enginesDir} holds one directory per engine. */
    record Target(String workspaceId, String organizationId, String serviceName, String database, Path root,
            Path warehouse, Path files, Path enginesDir, List<JobLauncher.Source> sources, String maskSalt) {
        public Target {
            requireNonNull(workspaceId, "workspaceId is null");
            requireNonNull(organizationId, "organizationId is null");
            requireNonNull(enginesDir, "enginesDir is null");
            sources = List.copyOf(sources);
            requireNonNull(maskSalt, "maskSalt is null");
        }

        @Override
        public String toString() {
            return "EngineWorkspaces.Target[workspaceId=" + workspaceId + "]";
        }
    }
}
