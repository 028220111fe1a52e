package org.shuyu.controller.audit;

import static java.util.Objects.requireNonNull;

/**
 * One thing verification found wrong with the chain, at the sequence number where it shows (a tampered row
 * may even carry a seq below 1).
 */
public record AuditAnomaly(long seq, Kind kind, String detail) {
    public AuditAnomaly {
        requireNonNull(kind, "kind is null");
        requireNonNull(detail, "detail is null");
    }

    public enum Kind {
        /** The record's content no longer matches its stored hash (or the chain head's hash). */
        ALTERED,
        /** A sequence number is absent: a record was removed, or the tail was cut off behind the head. */
        MISSING,
        /** The record links to a record that exists elsewhere in the chain: it was moved. */
        REORDERED,
        /** The record links to a hash that no stored record has. */
        BROKEN_LINK,
        /**
         * The chain disagrees with its head anchored outside the database: the anchored record is absent (the log
         * was cut back, even with a "fixed" audit_head) or has another hash (rewritten).
         */
        ANCHOR
    }
}
