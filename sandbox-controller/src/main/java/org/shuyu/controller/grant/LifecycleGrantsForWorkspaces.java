package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** {@link GrantsForWorkspaces} on the life-cycle store, with {@link GrantAccess#requireAccess} as the access gate. */
@Component
class LifecycleGrantsForWorkspaces implements GrantsForWorkspaces {
    private final LifecycleStore store;
    private final GrantAccess grants;

    LifecycleGrantsForWorkspaces(LifecycleStore store, GrantAccess grants) {
        this.store = requireNonNull(store, "store is null");
        this.grants = requireNonNull(grants, "grants is null");
    }

    @Override
    public Optional<Grant> grant(String id) {
        return store.grant(id);
    }

    @Override
    public Optional<Lab> lab(String id) {
        return store.lab(id);
    }

    @Override
    public List<Grant.Member> members(String grantId) {
        return store.members(grantId);
    }

    @Override
    public List<Grant> grantsIn(Set<LifecycleState> states) {
        return store.grantsIn(states);
    }

    @Override
    public List<Lab> labs() {
        return store.labs();
    }

    @Override
    public boolean dataDeleted(String grantId) {
        return store.deletions().stream().filter(d -> d.grantId().equals(grantId))
                .anyMatch(d -> d.state() == Grant.DeletionState.DONE);
    }

    @Override
    public void requireAccess(String grantId, String userId) {
        grants.requireAccess(grantId, userId);
    }
}
