package org.shuyu.controller.notification;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored notice as one user sees it in the inbox: the notice with its id and time, and whether (and when) this
 * user has read it. A notice to a role is shared by its holders; {@code readAt} is the viewer's own read mark.
 */
public record InboxEntry(long id, Instant createdAt, Notice notice, Optional<Instant> readAt) {
    public InboxEntry {
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(notice, "notice is null");
        requireNonNull(readAt, "readAt is null");
    }

    public boolean read() {
        return readAt.isPresent();
    }
}
