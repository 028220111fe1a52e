package org.shuyu.controller.grant;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What workspaces need to know of labs and grants, read-only: the lab or grant behind a workspace, a grant's members,
 * which grants and labs hold a workspace, whether a grant's data may be deleted, and the one gate of grant access.
 * The workspace package reads the grant life cycle only through this query, never through the life-cycle store.
 */
public interface GrantsForWorkspaces {
    Optional<Grant> grant(String id);

    Optional<Lab> lab(String id);

    /** The grant's members, current and former. */
    List<Grant.Member> members(String grantId);

    List<Grant> grantsIn(Set<LifecycleState> states);

    List<Lab> labs();

    /** Whether the grant's deletion record has been carried out (its data may go, R-17a). */
    boolean dataDeleted(String grantId);

    /**
     * The gate of grant access: the grant is open and the user a current, vetted member; refused with the grant's
     * codes (NOT_FOUND, GRANT_NOT_ACTIVE, NOT_A_MEMBER, VETTING_INCOMPLETE) otherwise.
     */
    void requireAccess(String grantId, String userId);
}
