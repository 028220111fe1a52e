package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One version of a data product candidate (R-19b): a workspace table of one grant, bound to that grant's scenario
 * (R-21a), frozen into a snapshot at submission and carried through the airlock ({@link ProductState}).
 * {@code name} plus {@code version} is unique within a grant; a new candidate with an existing name is the next
 * version. {@code groupSizeColumn} names, for an aggregated table, the column holding each group's number of
 * subjects (the minimum-group-size and differencing checks read it).
 */
public record Product(
        String id,
        String grantId,
        String organizationId,
        String name,
        int version,
        ProductKind kind,
        String description,
        String scenario,
        String sourceTable,
        Optional<String> groupSizeColumn,
        ProductState state,
        Optional<String> stateReason,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Optional<Snapshot> snapshot) {

    public Product {
        requireNonNull(id, "id is null");
        requireNonNull(grantId, "grantId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(description, "description is null");
        requireNonNull(scenario, "scenario is null");
        requireNonNull(sourceTable, "sourceTable is null");
        requireNonNull(groupSizeColumn, "groupSizeColumn is null");
        requireNonNull(state, "state is null");
        requireNonNull(stateReason, "stateReason is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(snapshot, "snapshot is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
    }

    /**
     * The frozen content: the snapshot job that made it, the file (relative to the product store), its size and
     * digest. The digest is what reviewers approve and what the registration record names.
     */
    public record Snapshot(String jobId, String file, long rows, long bytes, String sha256, Instant takenAt) {
        public Snapshot {
            requireNonNull(jobId, "jobId is null");
            requireNonNull(file, "file is null");
            requireNonNull(sha256, "sha256 is null");
            requireNonNull(takenAt, "takenAt is null");
        }
    }

    public Product with(ProductState next, Optional<String> reason, Instant at) {
        return new Product(id, grantId, organizationId, name, version, kind, description, scenario, sourceTable,
                groupSizeColumn, next, reason, createdBy, createdAt, at, snapshot);
    }

    public Product withSnapshot(Snapshot taken, Instant at) {
        return new Product(id, grantId, organizationId, name, version, kind, description, scenario, sourceTable,
                groupSizeColumn, state, stateReason, createdBy, createdAt, at, Optional.of(taken));
    }
}
