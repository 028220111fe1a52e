package org.shuyu.controller.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Published inside a transaction that changed who may act in a workspace: a grant's state or members
 * ({@code grantId} present), or a person's vetting (every grant of the organization, so empty). After the
 * transaction commits, the identity provider is reconciled with the platform's state.
 */
public record WorkspaceAccessChanged(Optional<String> grantId, String reason) {
    public WorkspaceAccessChanged {
        requireNonNull(grantId, "grantId is null");
        requireNonNull(reason, "reason is null");
    }

    public static WorkspaceAccessChanged grant(String grantId, String reason) {
        return new WorkspaceAccessChanged(Optional.of(grantId), reason);
    }

    public static WorkspaceAccessChanged all(String reason) {
        return new WorkspaceAccessChanged(Optional.empty(), reason);
    }
}
