package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

/**
 * Published inside the transaction that carries out an ended grant's deletion (R-17a), after the workspace's data
 * was erased, so features that keep more of the operator's data (product snapshots) erase theirs too.
 */
public record GrantDataErased(String grantId, String deletionId) {
    public GrantDataErased {
        requireNonNull(grantId, "grantId is null");
        requireNonNull(deletionId, "deletionId is null");
    }
}
