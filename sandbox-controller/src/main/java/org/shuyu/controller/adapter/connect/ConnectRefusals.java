package org.shuyu.controller.adapter.connect;

import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where refused Connect calls are recorded: the audit log in the controller, nowhere in some unit tests. */
@FunctionalInterface
interface ConnectRefusals {
    ConnectRefusals NONE = (actor, method, workspaceId, refusal) -> { };

    void refused(Optional<Actor> actor, String method, Optional<String> workspaceId, ConnectRefusal refusal);

    static ConnectRefusals audited(AuditLog audit) {
        Logger log = LoggerFactory.getLogger(ConnectRefusals.class);
        return (actor, method, workspaceId, refusal) -> {
            try {
                audit.appendRefusal(ConnectAuditEvents.callRefused(actor, method, workspaceId, refusal.code().name(), refusal.reason()));
            } catch (RuntimeException e) {
                // The refusal itself stands; losing its record is a platform fault worth an error log.
                log.error("could not audit a refused Spark Connect call ({} {}): {}", method, refusal.code(), e.toString());
            }
        };
    }
}
