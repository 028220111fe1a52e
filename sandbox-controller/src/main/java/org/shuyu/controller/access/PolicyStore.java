package org.shuyu.controller.access;

import java.time.Instant;
import java.util.Optional;

/** Port: the version history of each Ranger policy service (a version per change of its compiled policies). */
public interface PolicyStore {
    record Version(String serviceName, long version, String fingerprint, Instant computedAt) {}

    Optional<Version> latest(String serviceName);

    /** Inserts the next version; false if another writer inserted that version first. */
    boolean insert(Version version);
}
