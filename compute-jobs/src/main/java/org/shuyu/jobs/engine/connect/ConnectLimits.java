package org.shuyu.jobs.engine.connect;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * What the Connect guard needs to know about its engine: the result cap (the engine's {@code maxResultRows}, the same
 * cap as previews and statements) and the workspace database, the only place Connect writes may go.
 */
public record ConnectLimits(int maxResultRows, String workspaceDatabase) {
    public ConnectLimits {
        if (maxResultRows < 1) {
            throw new IllegalArgumentException("maxResultRows must be at least 1");
        }
        requireNonNull(workspaceDatabase, "workspaceDatabase is null");
        if (workspaceDatabase.isBlank()) {
            throw new IllegalArgumentException("workspaceDatabase is blank");
        }
        workspaceDatabase = workspaceDatabase.toLowerCase(Locale.ROOT);
    }
}
