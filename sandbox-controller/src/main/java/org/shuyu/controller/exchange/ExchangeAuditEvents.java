package org.shuyu.controller.exchange;

import java.util.Optional;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;

/**
 * Every audit event of exchange recommendations: subject type "exchange-recommendation", the operator's organization,
 * a detail that names the product and the grant. Details carry identifiers, states and digests, never data values.
 */
public final class ExchangeAuditEvents {
    private ExchangeAuditEvents() {}

    public static AuditEvent done(Actor actor, String action, ExchangeRecommendation r, String detail) {
        return AuditEvent.done(actor, action, "exchange-recommendation", r.id(), Optional.of(r.organizationId()),
                "product " + r.productId() + "; grant " + r.grantId() + "; exchange " + abbreviate(r.exchange()) + "; "
                        + abbreviate(detail));
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 597) + "..." : s;
    }
}
