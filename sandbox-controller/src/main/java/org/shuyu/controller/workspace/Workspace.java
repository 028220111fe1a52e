package org.shuyu.controller.workspace;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * An isolated place to compute for one active lab or grant (R-19a): its own directory, Spark warehouse,
 * database namespace and Ranger policy service. The id is the lab's or grant's id.
 */
public record Workspace(
        String id,
        Kind kind,
        String organizationId,
        String databaseName,
        State state,
        Instant createdAt,
        Optional<Instant> provisionedAt,
        Optional<Instant> closedAt,
        Optional<Instant> tornDownAt,
        long storageBytes) {

    public enum Kind { GRANT, LAB }

    /**
     * PROVISIONING: recorded, its storage not yet confirmed. READY: provisioned; whether work may happen
     * right now also depends on the lab's or grant's state (a suspended grant keeps a READY workspace with
     * access closed). CLOSED: its lab or grant ended; jobs stopped, data awaiting deletion. TORN_DOWN: data
     * deleted.
     */
    public enum State { PROVISIONING, READY, CLOSED, TORN_DOWN }

    public Workspace {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(databaseName, "databaseName is null");
        requireNonNull(state, "state is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(provisionedAt, "provisionedAt is null");
        requireNonNull(closedAt, "closedAt is null");
        requireNonNull(tornDownAt, "tornDownAt is null");
    }

    /** The workspace's Spark database: {@code ws_} and the id with every other character made '_'. */
    public static String databaseFor(String id) {
        return "ws_" + id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    public Workspace with(State next, Instant at) {
        return new Workspace(id, kind, organizationId, databaseName, next, createdAt,
                next == State.READY && provisionedAt.isEmpty() ? Optional.of(at) : provisionedAt,
                next == State.CLOSED ? Optional.of(at) : closedAt,
                next == State.TORN_DOWN ? Optional.of(at) : tornDownAt, storageBytes);
    }

    public Workspace withStorage(long bytes) {
        return new Workspace(id, kind, organizationId, databaseName, state, createdAt, provisionedAt, closedAt, tornDownAt, bytes);
    }
}
