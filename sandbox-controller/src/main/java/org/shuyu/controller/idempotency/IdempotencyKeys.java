package org.shuyu.controller.idempotency;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: the stored first results of creations sent with an Idempotency-Key, one per caller and key. {@link #begin}
 * inserts the in-flight marker and is the one place a race between duplicates is decided (a unique key).
 */
public interface IdempotencyKeys {
    /** Marks the key in flight for this request; false when the caller already holds the key (any state). */
    boolean begin(String caller, String key, String method, String path, String fingerprint, Instant now, Instant expiresAt);

    /** The caller's entry for the key, if any (expired ones included: see {@link #forgetExpired}). */
    Optional<Entry> find(String caller, String key);

    /** Stores the first result of the request that holds the key in flight. */
    void complete(String caller, String key, Answer answer, Instant expiresAt);

    /** Forgets an in-flight key whose request failed, so it can be retried. */
    void release(String caller, String key);

    /** Forgets the caller's key if it has expired; true if it did. */
    boolean forgetExpired(String caller, String key, Instant now);

    /** Forgets every expired key; returns how many. */
    int purgeExpired(Instant now);

    /** Whether an entry is still running or holds a stored result. */
    enum State { IN_FLIGHT, COMPLETED }

    /**
     * A stored entry.
     *
     * @param fingerprint SHA-256 of the request's method, path, query, content type and body
     * @param answer the stored answer once completed
     */
    record Entry(String method, String path, String fingerprint, State state, Optional<Answer> answer, Instant expiresAt) {}

    /**
     * A stored answer: status, the headers a replay repeats (Location, ETag, Content-Type), and the body.
     *
     * @param headers header lines "Name: value", one per line
     * @param body the body bytes, base64
     */
    record Answer(int status, String headers, String body) {}
}
