package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Service;

/** Reading grants and their records: one the actor may not see answers NOT_FOUND, lists leave it out. */
@Service
public class GrantQueries {
    private final LifecycleStore store;
    private final GrantVisibility visibility;

    public GrantQueries(LifecycleStore store, GrantVisibility visibility) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
    }

    public Grant get(Actor actor, String grantId) {
        return visibility.grant(actor, grantId);
    }

    public List<Grant> list(Actor actor) {
        return store.grants().stream().filter(g -> visibility.mayRead(actor, g)).toList();
    }

    public List<Grant.Drill> drills(String grantId) {
        return store.drills(grantId);
    }

    public List<Grant.Decision> decisions(String grantId) {
        return store.decisions(grantId);
    }

    public List<Grant.Publication> publications() {
        return store.publications();
    }

    /** The provincial filings of the grants the actor's jurisdiction covers (all for the security office). */
    public List<Grant.Filing> filings(Actor actor) {
        return store.filings().stream()
                .filter(f -> store.grant(f.grantId()).map(g -> Permissions.readsFiling(actor, g.jurisdiction())).orElse(false))
                .toList();
    }

    public List<Grant.Deletion> deletions() {
        return store.deletions();
    }
}
