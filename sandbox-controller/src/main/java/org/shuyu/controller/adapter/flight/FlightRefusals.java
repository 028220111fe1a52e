package org.shuyu.controller.adapter.flight;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits the Flight calls refused before they reach the delivery gate (no or a bad token, a malformed ticket), as
 * the web layer's RefusalAuditor does for HTTP; the gate audits its own refusals. Every call leaves a record.
 */
@FunctionalInterface
interface FlightRefusals {
    FlightRefusals NONE = (actor, call, code, reason) -> { };

    void refused(Optional<Actor> actor, String call, ErrorCode code, String reason);

    static FlightRefusals audited(AuditLog audit) {
        Logger log = LoggerFactory.getLogger(FlightRefusals.class);
        return (actor, call, code, reason) -> {
            Set<String> roles = actor.map(a -> a.roles().stream().map(Enum::name).collect(Collectors.toSet()))
                    .orElse(Set.of());
            try {
                audit.appendRefusal(new AuditEvent(actor.map(Actor::userId).orElse("anonymous"), roles, "flight " + call,
                        "request", "flight " + call, Optional.empty(), AuditEvent.Outcome.REFUSED, Optional.of(code.name()),
                        reason.length() > 1000 ? reason.substring(0, 997) + "..." : reason));
            } catch (RuntimeException e) {
                log.error("could not audit a refused Flight call ({} {}): {}", call, code, e.toString());
            }
        };
    }
}
