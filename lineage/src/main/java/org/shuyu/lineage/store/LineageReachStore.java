package org.shuyu.lineage.store;

import java.time.Instant;
import java.util.Optional;
import org.shuyu.lineage.EndReason;
import org.shuyu.lineage.store.ReachRecords.DeliveryFacts;
import org.shuyu.lineage.store.ReachRecords.DeliveryStart;
import org.shuyu.lineage.store.ReachRecords.ProductFreeze;
import org.shuyu.lineage.store.ReachRecords.ProductListing;

/**
 * The graph beyond the workspace (docs/lineage.md, "Beyond the workspace" and "Ended datasets"): a product frozen
 * from a workspace table (FREEZE: table to PRODUCT, column edges IDENTITY, sensitivities carried), its listing
 * (LIST: PRODUCT to LISTING), each delivery (DELIVERY: LISTING to CONSUMER, counts only), and the end of datasets.
 * Writes run inside the caller's transaction, like {@link LineageStore}'s, and are idempotent: a repeat with the same
 * content returns false, with other content it is refused ({@code CONFLICTING_DUPLICATE}).
 */
public interface LineageReachStore {
    /** Records a freeze; {@code UNKNOWN_DATASET}/{@code UNKNOWN_COLUMN} if the table or a column has no lineage. */
    boolean recordFreeze(ProductFreeze freeze);

    /** Records a listing; {@code UNKNOWN_DATASET} if the product was never frozen. */
    boolean recordListing(ProductListing listing);

    /** Ends a product's listing (delisted); false if it had already ended or was never listed. */
    boolean endListing(String productId, Instant at, EndReason reason);

    /** Records an opened delivery (state RUNNING); {@code UNKNOWN_DATASET} unless the product's listing exists and has not ended. */
    boolean recordDeliveryStart(DeliveryStart delivery);

    /** Ends a delivery with what it sent; false if it had already ended that way. */
    boolean recordDeliveryEnd(String deliveryId, Instant endedAt, long rows, long bytes, boolean completed);

    /** Marks every table and view of a workspace that has not ended as ended (TORN_DOWN); returns how many. */
    int endWorkspace(String workspaceId, Instant at);

    Optional<DeliveryFacts> delivery(String deliveryId);
}
