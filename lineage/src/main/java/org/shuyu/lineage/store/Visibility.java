package org.shuyu.lineage.store;

import java.util.Objects;
import java.util.Set;

/**
 * Which workspaces' lineage a caller may see. Security supervisors and authorities see {@link #ALL}; a member sees
 * the datasets of their own workspaces and the sources those read. Sources (catalog datasets) are visible when
 * reached through visible nodes; a process is visible when its workspace is.
 */
public record Visibility(boolean all, Set<String> workspaces) {
    public static final Visibility ALL = new Visibility(true, Set.of());

    public Visibility {
        workspaces = Set.copyOf(Objects.requireNonNull(workspaces, "workspaces is null"));
        if (all && !workspaces.isEmpty()) {
            throw new IllegalArgumentException("ALL lists no workspaces");
        }
    }

    public static Visibility workspaces(Set<String> workspaceIds) {
        return new Visibility(false, workspaceIds);
    }

    /** Whether an object owned by {@code workspaceId} (null: a source, owned by none) may be seen. */
    public boolean sees(String workspaceId) {
        return all || workspaceId == null || workspaces.contains(workspaceId);
    }

    /** Whether a process of {@code workspaceId} may be seen. */
    public boolean seesProcessOf(String workspaceId) {
        return all || workspaces.contains(workspaceId);
    }
}
