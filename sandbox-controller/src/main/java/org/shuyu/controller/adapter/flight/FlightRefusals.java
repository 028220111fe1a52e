package org.shuyu.controller.adapter.flight;

import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.product.ProductAuditEvents;
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
            try {
                audit.appendRefusal(ProductAuditEvents.flightCallRefused(actor, call, code.name(), reason));
            } catch (RuntimeException e) {
                log.error("could not audit a refused Flight call ({} {}): {}", call, code, e.toString());
            }
        };
    }
}
