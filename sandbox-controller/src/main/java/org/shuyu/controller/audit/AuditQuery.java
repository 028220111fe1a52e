package org.shuyu.controller.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A search of the audit log: optional exact actor and subject id, an optional time window
 * ({@code from} inclusive, {@code to} exclusive), and a page of at most {@code limit} records with a
 * sequence number greater than {@code after}, in sequence order.
 */
public record AuditQuery(
        Optional<String> actor,
        Optional<String> subject,
        Optional<Instant> from,
        Optional<Instant> to,
        long after,
        int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        requireNonNull(actor, "actor is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (after < 0) {
            throw new IllegalArgumentException("after must not be negative, got " + after);
        }
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("from must not be after to");
        }
    }
}
