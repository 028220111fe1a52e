package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.personnel.PersonnelVetting;
import org.shuyu.controller.personnel.VettingItem;
import org.springframework.stereotype.Service;

/**
 * The gate every workspace action passes: the grant must be active, the user a current member, and vetted as a
 * person of the grant's operator. Suspension, termination, revocation, expiry, removal of the member and
 * withdrawal of a vetting item close it at once. It reads the platform's own state only: whatever the identity
 * provider's groups say, and however long a token still lives.
 */
@Service
public class GrantAccess {
    private final GrantStore store;
    private final GrantVisibility visibility;
    private final PersonnelVetting vetting;

    public GrantAccess(GrantStore store, GrantVisibility visibility, PersonnelVetting vetting) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.vetting = requireNonNull(vetting, "vetting is null");
    }

    public void requireAccess(String grantId, String userId) {
        Grant grant = store.grant(grantId).orElseThrow(() -> SandboxException.notFound("grant", grantId));
        if (!grant.state().accessOpen()) {
            throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "grant " + grantId + " is " + grant.state().shortName()
                    + "; platform access is closed");
        }
        if (store.member(grantId, userId).filter(Grant.Member::current).isEmpty()) {
            throw new SandboxException(ErrorCode.NOT_A_MEMBER, userId + " is not a current member of grant " + grantId);
        }
        List<VettingItem> missing = vetting.missing(grant.organizationId(), userId);
        if (!missing.isEmpty()) {
            throw new SandboxException(ErrorCode.VETTING_INCOMPLETE, userId + " may not act in the workspace of grant " + grantId
                    + " before vetting is complete (R-18); lacks " + VettingItem.labels(missing) + " (" + missing.stream()
                    .map(Enum::name).collect(Collectors.joining(", ")) + "); the accountable person of organization "
                    + grant.organizationId() + " records them in its personnel registry");
        }
    }

    /**
     * The workspace gate for the caller itself ({@code GET /grants/{id}/access}): a caller who may not see the grant
     * (not a current member, not its operator's accountable person, no supervisor) gets NOT_FOUND, as for a grant
     * that does not exist; one who may see it gets the gate's own refusal.
     */
    public void requireAccess(Actor actor, String grantId) {
        visibility.grant(actor, grantId);
        requireAccess(grantId, actor.userId());
    }
}
