package org.shuyu.controller.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading quality requests: each caller sees the ones {@link QualityAccess} lets it see, and no other. */
@Service
public class QualityQueries {
    private final QualityStore store;
    private final QualityAccess access;

    public QualityQueries(QualityStore store, QualityAccess access) {
        this.store = requireNonNull(store, "store is null");
        this.access = requireNonNull(access, "access is null");
    }

    @Transactional(readOnly = true)
    public QualityRequest get(Actor actor, String id) {
        return access.visible(actor, store.find(id).orElseThrow(() -> SandboxException.notFound("quality request", id)));
    }

    /** The requests the actor may see, newest first, optionally of one state and one dataset. */
    @Transactional(readOnly = true)
    public List<QualityRequest> list(Actor actor, Optional<QualityState> state, Optional<String> datasetId) {
        return store.all().stream()
                .filter(r -> state.map(s -> s == r.state()).orElse(true))
                .filter(r -> datasetId.map(d -> d.equals(r.datasetId())).orElse(true))
                .filter(r -> access.mayRead(actor, r))
                .toList();
    }
}
