package org.shuyu.controller.replica;

import java.time.Duration;
import java.util.Optional;

/**
 * Leases in the shared database (table {@code controller_leases}, docs/replicas.md). Every operation is one atomic
 * statement (or an insert that fails on the primary key), so any number of replicas may call it concurrently: at most
 * one holds a name at a time, as the database's clock sees it.
 */
public interface LeaseStore {
    /**
     * Takes the lease {@code name} for {@code holder} for {@code duration}, if nobody holds it or its holder let it
     * expire; the epoch then grows by one. Renews it when {@code holder} holds it already (same epoch). Empty when
     * another holder's lease is still valid.
     */
    Optional<Lease> acquire(String name, String holder, Duration duration);

    /** Extends the lease if it is still held with that epoch and has not expired; empty when it was lost. */
    Optional<Lease> renew(Lease lease, Duration duration);

    /** Ends the lease now if it is still held with that epoch (a clean shutdown hands over at once). */
    void release(Lease lease);

    /** Whether {@code lease} is still held with its epoch and unexpired at this moment: the fencing check. */
    boolean holds(Lease lease);

    /** The lease of that name as stored, expired or not. */
    Optional<Lease> find(String name);

    /**
     * Ends now every lease not held by {@code holder}: for a database only one process can open (an embedded H2 file),
     * where every other holder is a dead earlier process. Returns how many ended.
     */
    int expireAllBut(String holder);

    /** Deletes the leases whose name starts with {@code prefix} and that expired more than {@code age} ago. */
    int forgetExpired(String prefix, Duration age);
}
