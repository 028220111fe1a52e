package org.shuyu.controller.replica;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A lease as its holder won it: the name, the holder (a replica id), the fencing epoch (grows at every change of
 * holder) and when it expires unless renewed, in the database's time.
 */
public record Lease(String name, String holder, long epoch, Instant expiresAt) {
    public Lease {
        requireNonNull(name, "name is null");
        requireNonNull(holder, "holder is null");
        requireNonNull(expiresAt, "expiresAt is null");
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be positive");
        }
    }
}
