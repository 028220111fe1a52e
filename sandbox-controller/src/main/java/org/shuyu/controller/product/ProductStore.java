package org.shuyu.controller.product;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.product.check.ProductChecks;

/** Port: where products, their checks, reviews, the release ledger and the delivery meter are stored. */
public interface ProductStore {
    void insert(Product product);

    /** Updates state, reason, update time and snapshot. */
    void update(Product product);

    Optional<Product> find(String id);

    /** The product with a row lock held for the rest of the caller's transaction. */
    Optional<Product> lock(String id);

    List<Product> all();

    List<Product> ofGrant(String grantId);

    List<Product> inState(ProductState state);

    /** The highest version of {@code name} in the grant, 0 when there is none. */
    int latestVersion(String grantId, String name);

    /** Replaces the product's check results. */
    void putChecks(String productId, List<CheckResult> checks);

    List<CheckResult> checks(String productId);

    /** Stores what the checks measured of an aggregated product (empty: not aggregated or not measurable). */
    void putAggregation(String productId, Optional<ProductChecks.Aggregation> aggregation);

    Optional<ProductChecks.Aggregation> aggregation(String productId);

    void insertReview(String productId, Review review);

    /** Every review of every revision, oldest first (the history reviewers and the operator see). */
    List<Review> reviews(String productId);

    /**
     * The product's current revision: 1, plus one for each time it was returned for revision (a return closes its
     * revision's review round; the resubmission is reviewed as the next one).
     */
    default int revision(String productId) {
        return 1 + (int) reviews(productId).stream().filter(r -> r.decision() == Review.Decision.RETURN).count();
    }

    /** The stored per-column statistics (JSON) of a product's snapshot with digest {@code sha256}, if computed. */
    Optional<String> statistics(String productId, String sha256);

    /** Stores the statistics of a snapshot (a repeat for the same digest is ignored). */
    void putStatistics(String productId, String sha256, String json, Instant computedAt);

    void insertRelease(Release release);

    List<Release> releases(String grantId);

    void insertDelivery(DeliveryRecord delivery);

    void finishDelivery(String callId, Instant endedAt, long rows, long bytes, Optional<String> failure);

    /** The newest delivery calls of a product, at most {@code limit}. */
    List<DeliveryRecord> deliveries(String productId, int limit);

    /**
     * An expert's review of one revision of one product version. RETURN sends it back for revision (with a comment)
     * and ends the revision's round.
     */
    record Review(String reviewer, Decision decision, String comment, Instant reviewedAt, int revision) {
        public enum Decision { APPROVE, REJECT, RETURN }

        /** A review of the first revision. */
        public Review(String reviewer, Decision decision, String comment, Instant reviewedAt) {
            this(reviewer, decision, comment, reviewedAt, 1);
        }
    }

    /**
     * A listed aggregated product in its grant's release ledger: its dimension columns (sorted) and each group's size
     * keyed by the dimension values joined with U+001F, and the k it was released under.
     */
    record Release(String productId, String grantId, List<String> dimensions, Map<String, Long> groups, int k,
            Instant releasedAt) {
        public Release {
            dimensions = List.copyOf(dimensions);
            groups = Map.copyOf(groups);
        }
    }

    /** One metered delivery call. */
    record DeliveryRecord(String callId, String productId, DeliveryChannel channel, String caller, String scenario,
            Instant startedAt, Optional<Instant> endedAt, long rows, long bytes, String outcome, Optional<String> failure) {}
}
