package org.shuyu.controller.audit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Port: the audit chain's head anchored outside the database (R-24d). After each committed append the log
 * advances the anchor to its new head; verification then checks that the chain still holds the anchored record
 * with the anchored hash. A database rewritten behind the anchor (tail deleted and {@code audit_head} "fixed",
 * a restored backup, a recomputed tail) no longer matches it. The anchor only moves forward.
 */
public interface AuditAnchor {
    /** The last anchored head; empty if nothing was anchored yet. Throws if the anchor exists but is unreadable. */
    Optional<Head> read();

    /**
     * Makes {@code head} the anchor, durably, if it is later than the current one (concurrent commits may arrive
     * out of order); a no-op otherwise.
     */
    void advance(Head head);

    /** Where the anchor lives, for messages. */
    String describe();

    /** A chain head: the last record's seq and hash (seq 0 and the genesis hash for an empty chain). */
    record Head(long seq, String hash) {
        public Head {
            requireNonNull(hash, "hash is null");
            if (seq < 0) {
                throw new IllegalArgumentException("seq must not be negative");
            }
        }
    }

    /** No anchor: for tests of the chain alone. The controller always runs with one (or says why not). */
    AuditAnchor NONE = new AuditAnchor() {
        @Override
        public Optional<Head> read() {
            return Optional.empty();
        }

        @Override
        public void advance(Head head) {}

        @Override
        public String describe() {
            return "no anchor";
        }
    };
}
