package org.shuyu.controller.notification;

import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;

/**
 * The stored notices as their recipients read them (V23 {@code notifications}, V24 {@code notification_reads}). A
 * viewer is a user id with the roles whose notices reach them in their jurisdiction ({@code Permissions.receivesNoticesAs}).
 */
public interface InboxStore {
    /** The notices to {@code userId} or to one of {@code roles} in {@code jurisdiction}, newest first, at most {@code limit}. */
    List<InboxEntry> visible(String userId, Set<Role> roles, Optional<Jurisdiction> jurisdiction, boolean unreadOnly, int limit);

    /** How many of those the user has not read. */
    long unread(String userId, Set<Role> roles, Optional<Jurisdiction> jurisdiction);

    /** One notice with {@code userId}'s read mark. */
    Optional<InboxEntry> find(long id, String userId);

    /** Marks the notice read for {@code userId} (once: a second mark keeps the first time). */
    void markRead(long id, String userId, Instant at);
}
