package org.shuyu.controller.grant;

import java.util.Optional;

/**
 * The narrow, read-mostly view of grants that other features (products) need: a grant by id, the same under the
 * current transaction's row lock (to serialize work on one grant), and whether a person is or was one of its members.
 * Other features ask this and never the grant persistence port.
 */
public interface GrantsForProducts {
    Optional<Grant> grant(String id);

    /** The grant, its row locked until the current transaction ends. */
    Optional<Grant> lockGrant(String id);

    /** Whether {@code userId} is, or was, a member of the grant. */
    boolean isOrWasMember(String grantId, String userId);
}
