package org.shuyu.controller.product;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.identity.Actor;

/**
 * What a delivery adapter (the Arrow Flight server, the package download endpoint) asks around every call. The gate
 * is the only way to a product's snapshot file: raw datasets and workspace tables are never reachable through it.
 */
public interface DeliveryGate {
    /**
     * Opens one call: the product exists, is LISTED, its kind is delivered through {@code channel}, its grant is
     * active (not suspended, terminated, revoked or expired), and {@code scenario} is the product's approved
     * scenario (R-21a, compared like grant scenarios: trimmed, spaces collapsed, case ignored). The start is audited;
     * a refusal is audited and thrown as a {@link org.shuyu.controller.error.SandboxException}
     * (NOT_FOUND, PRODUCT_NOT_LISTED, WRONG_DELIVERY_CHANNEL, GRANT_NOT_ACTIVE, SCENARIO_MISMATCH).
     */
    Delivery open(Actor caller, String productId, String scenario, DeliveryChannel channel);

    /**
     * Whether an open call may go on: cheap while nothing changed (a revocation epoch is compared); after a
     * delisting or a grant change it checks the product and grant again. Adapters ask before every batch or chunk.
     */
    boolean stillAllowed(Delivery delivery);

    /** Ends a call: meters rows and bytes sent and audits the outcome ({@code failure} empty when it completed). */
    void close(Delivery delivery, long rows, long bytes, Optional<String> failure);

    /** The listed products delivered through {@code channel} (for Flight's ListFlights), newest first. */
    List<Product> listed(DeliveryChannel channel);

    /** An open call: who, which product (its frozen snapshot file), when, and the epoch it was opened in. */
    record Delivery(String callId, Actor caller, Product product, String scenario, DeliveryChannel channel, Path file,
            long epoch, Instant startedAt) {}
}
