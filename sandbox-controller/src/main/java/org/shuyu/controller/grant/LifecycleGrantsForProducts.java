package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@link GrantsForProducts} read from the grant store. */
@Component
class LifecycleGrantsForProducts implements GrantsForProducts {
    private final LifecycleStore store;

    LifecycleGrantsForProducts(LifecycleStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public Optional<Grant> grant(String id) {
        return store.grant(id);
    }

    @Override
    public Optional<Grant> lockGrant(String id) {
        return store.lockGrant(id);
    }

    @Override
    public boolean isOrWasMember(String grantId, String userId) {
        return store.members(grantId).stream().anyMatch(m -> m.userId().equals(userId));
    }
}
