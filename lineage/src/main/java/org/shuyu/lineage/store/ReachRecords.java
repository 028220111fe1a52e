package org.shuyu.lineage.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the platform reports to the graph beyond the workspace: freezes, listings and deliveries (values never). */
public final class ReachRecords {
    private ReachRecords() {}

    /**
     * A workspace {@code table} (database.table) frozen into the snapshot of product {@code productId}, with the
     * snapshot's {@code columns}, by the snapshot job {@code snapshotJobId} run as {@code user} at {@code frozenAt}.
     */
    public record ProductFreeze(String productId, String workspaceId, String grantId, String organizationId,
            String user, String table, List<String> columns, String snapshotJobId, Instant frozenAt, int revision) {
        public ProductFreeze {
            if (revision < 1) {
                throw new IllegalArgumentException("revision must be at least 1, got " + revision);
            }
            requireNonNull(productId, "productId is null");
            requireNonNull(workspaceId, "workspaceId is null");
            requireNonNull(organizationId, "organizationId is null");
            requireNonNull(user, "user is null");
            requireNonNull(table, "table is null");
            columns = List.copyOf(columns);
            requireNonNull(snapshotJobId, "snapshotJobId is null");
            requireNonNull(frozenAt, "frozenAt is null");
        }

        /** The freeze of a product's first revision. */
        public ProductFreeze(String productId, String workspaceId, String grantId, String organizationId, String user,
                String table, List<String> columns, String snapshotJobId, Instant frozenAt) {
            this(productId, workspaceId, grantId, organizationId, user, table, columns, snapshotJobId, frozenAt, 1);
        }
    }

    /** Product {@code productId} listed (and so registered) by {@code user} at {@code listedAt}. */
    public record ProductListing(String productId, String user, Instant listedAt) {
        public ProductListing {
            requireNonNull(productId, "productId is null");
            requireNonNull(user, "user is null");
            requireNonNull(listedAt, "listedAt is null");
        }
    }

    /**
     * Delivery {@code deliveryId} of product {@code productId} to consumer {@code consumerUser} (of
     * {@code consumerOrganization}, if known) through {@code channel} for {@code scenario}, opened at
     * {@code startedAt}.
     */
    public record DeliveryStart(String deliveryId, String productId, String consumerUser,
            Optional<String> consumerOrganization, String channel, String scenario, Instant startedAt) {
        public DeliveryStart {
            requireNonNull(deliveryId, "deliveryId is null");
            requireNonNull(productId, "productId is null");
            requireNonNull(consumerUser, "consumerUser is null");
            requireNonNull(consumerOrganization, "consumerOrganization is null");
            requireNonNull(channel, "channel is null");
            requireNonNull(scenario, "scenario is null");
            requireNonNull(startedAt, "startedAt is null");
        }
    }

    /** How a delivery ended. */
    public enum DeliveryOutcome { OPEN, COMPLETED, STOPPED }

    /**
     * One delivery as the graph holds it: its process ({@code delivery:<id>#1}), the listing it read, the consumer
     * dataset it reached, who, the channel and scenario, rows and bytes sent, outcome and times.
     */
    public record DeliveryFacts(String processId, String deliveryId, String productId, String listing, String consumer,
            String consumerUser, Optional<String> consumerOrganization, String channel, String scenario, long rows,
            long bytes, DeliveryOutcome outcome, Instant startedAt, Optional<Instant> endedAt) {
        public DeliveryFacts {
            requireNonNull(processId, "processId is null");
            requireNonNull(deliveryId, "deliveryId is null");
            requireNonNull(productId, "productId is null");
            requireNonNull(listing, "listing is null");
            requireNonNull(consumer, "consumer is null");
            requireNonNull(consumerUser, "consumerUser is null");
            requireNonNull(consumerOrganization, "consumerOrganization is null");
            requireNonNull(channel, "channel is null");
            requireNonNull(scenario, "scenario is null");
            requireNonNull(outcome, "outcome is null");
            requireNonNull(startedAt, "startedAt is null");
            requireNonNull(endedAt, "endedAt is null");
        }
    }
}
