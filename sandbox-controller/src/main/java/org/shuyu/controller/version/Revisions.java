package org.shuyu.controller.version;

import java.util.OptionalLong;

/**
 * Port: the current revision of a life-cycle object, and the bump every change of it makes. Read under the caller's
 * row lock (in its transaction) the answer is the revision the change will replace.
 */
public interface Revisions {
    /** The object's revision now; empty when it does not exist. */
    OptionalLong current(Versioned kind, String id);

    /**
     * Adds one to the object's revision in the caller's transaction (taking its row lock if not yet held) and reports
     * the new one to {@link Preconditions}. A stale If-Match on the object that no lock point has checked yet is refused
     * here, before the change can commit.
     */
    void bump(Versioned kind, String id);
}
