package org.shuyu.controller.product;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditEvent.Outcome;
import org.shuyu.controller.identity.Actor;

/**
 * Every audit event of products and their deliveries: subject type "product", the product's organization, and a
 * detail that starts with its grant (Flight calls refused before the gate: the call). No product or delivery class
 * assembles an {@link AuditEvent} by hand.
 */
public final class ProductAuditEvents {
    /** Who the background pipeline (snapshot and checks) acts as in the log. */
    public static final String AIRLOCK = "system:airlock";

    private ProductAuditEvents() {}

    /** A step a person took on a product. */
    public static AuditEvent byActor(Actor actor, String action, Product p, Outcome outcome, Optional<String> code,
            String detail) {
        return new AuditEvent(actor.userId(), roles(actor), action, "product", p.id(), Optional.of(p.organizationId()),
                outcome, code, "grant " + p.grantId() + "; " + detail);
    }

    /** A step a person took that took effect. */
    public static AuditEvent done(Actor actor, String action, Product p, String detail) {
        return byActor(actor, action, p, Outcome.DONE, Optional.empty(), detail);
    }

    /** A step of the airlock's background pipeline (detail abbreviated). */
    public static AuditEvent bySystem(String action, Product p, Outcome outcome, Optional<String> code, String detail) {
        return new AuditEvent(AIRLOCK, Set.of(), action, "product", p.id(), Optional.of(p.organizationId()), outcome, code,
                "grant " + p.grantId() + "; " + abbreviate(detail));
    }

    /** A delivery call refused before it started (the product may be unknown). */
    public static AuditEvent deliveryRefused(Actor caller, String productId, Optional<Product> product,
            DeliveryChannel channel, String scenario, String code, String message) {
        return new AuditEvent(caller.userId(), roles(caller), "product.delivery", "product",
                productId == null || productId.isBlank() ? "(none)" : abbreviate(productId),
                product.map(Product::organizationId), Outcome.REFUSED, Optional.of(code),
                channel + " call refused" + (scenario == null ? "" : " for scenario: " + abbreviate(scenario)) + ": "
                        + message);
    }

    /**
     * A Flight call refused before it reached the delivery gate (no or a bad token, a malformed ticket): the subject
     * is the call, as the web layer records a refused request.
     */
    public static AuditEvent flightCallRefused(Optional<Actor> actor, String call, String code, String reason) {
        Set<String> roles = actor.map(ProductAuditEvents::roles).orElse(Set.of());
        return new AuditEvent(actor.map(Actor::userId).orElse("anonymous"), roles, "flight " + call, "request",
                "flight " + call, Optional.empty(), Outcome.REFUSED, Optional.of(code), abbreviate(reason));
    }

    /** A text as the log keeps it: at most 1000 characters. */
    public static String abbreviate(String s) {
        return s.length() > 1000 ? s.substring(0, 997) + "..." : s;
    }

    private static Set<String> roles(Actor actor) {
        return actor.roles().stream().map(Enum::name).collect(Collectors.toSet());
    }
}
