package org.shuyu.controller.quality;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.notification.Todo;
import org.shuyu.controller.notification.TodoSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What quality requests wait for: the provider answers an OPEN request ({@code answer}) and fixes an ACKNOWLEDGED one
 * ({@code fix}), both by the deadline; the operator confirms or reopens a FIXED or REJECTED one ({@code confirm}).
 */
@Component
class QualityTodos implements TodoSource {
    private final QualityStore store;
    private final QualityAccess access;
    private final Clock clock;

    QualityTodos(QualityStore store, QualityAccess access, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.access = requireNonNull(access, "access is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    @Transactional(readOnly = true)
    public List<Todo> pending(Actor actor) {
        Instant now = clock.instant();
        List<Todo> out = new ArrayList<>();
        for (QualityRequest r : store.all()) {
            String path = "/api/v1/quality-requests/" + r.id();
            if (QualityLifecycle.awaitingProvider().contains(r.state())
                    && Permissions.answersQualityRequestsOf(actor, r.providerJurisdiction())) {
                boolean open = r.state() == QualityLifecycle.initial();
                out.add(Todo.due("quality.request", open ? "answer" : "fix", QualityAuditEvents.SUBJECT, r.id(),
                        "Quality request " + r.id() + " against dataset " + r.datasetId() + " is " + r.state(), path, r.dueAt(), now));
            } else if (QualityLifecycle.awaitingOperator().contains(r.state()) && access.operatorOf(actor, r)) {
                out.add(Todo.of("quality.request", "confirm", QualityAuditEvents.SUBJECT, r.id(), "Quality request " + r.id()
                        + " against dataset " + r.datasetId() + " is " + r.state() + ": confirm or reopen", path));
            }
        }
        return out;
    }
}
