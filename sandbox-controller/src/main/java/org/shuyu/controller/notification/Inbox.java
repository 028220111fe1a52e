package org.shuyu.controller.notification;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.Role;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user's inbox (docs/notifications.md): the notices addressed to them and to the holders of a role in their
 * jurisdiction ({@link Recipient#includes}), newest first, each with the user's own read mark. A notice that is not
 * the caller's is answered as if it did not exist (NOTIFICATION_NOT_FOUND), so that ids do not tell what others get.
 */
@Service
public class Inbox {
    private final InboxStore store;
    private final Clock clock;

    public Inbox(InboxStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Transactional(readOnly = true)
    public List<InboxEntry> of(Actor actor, boolean unreadOnly, int limit) {
        Set<Role> roles = noticeRoles(actor);
        // The store's query selects by the same rule; the recipient's own check keeps the two from drifting apart.
        return store.visible(actor.userId(), roles, actor.jurisdiction(), unreadOnly, limit).stream()
                .filter(e -> e.notice().recipient().includes(actor)).toList();
    }

    @Transactional(readOnly = true)
    public long unread(Actor actor) {
        return store.unread(actor.userId(), noticeRoles(actor), actor.jurisdiction());
    }

    /** Marks a notice of the caller's read for the caller; marking it again changes nothing. */
    @Transactional
    public InboxEntry markRead(Actor actor, String id) {
        long number = parse(id);
        InboxEntry entry = store.find(number, actor.userId()).filter(e -> e.notice().recipient().includes(actor))
                .orElseThrow(() -> notFound(id));
        if (!entry.read()) {
            store.markRead(number, actor.userId(), clock.instant());
        }
        return store.find(number, actor.userId()).orElseThrow(() -> notFound(id));
    }

    private static Set<Role> noticeRoles(Actor actor) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (Permissions.receivesNoticesAs(actor, role)) {
                roles.add(role);
            }
        }
        return roles;
    }

    private static long parse(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            throw notFound(id);
        }
        return Long.parseLong(id);
    }

    private static SandboxException notFound(String id) {
        String shown = id == null ? "" : id.length() > 20 ? id.substring(0, 20) + "..." : id;
        return new SandboxException(ErrorCode.NOTIFICATION_NOT_FOUND, "no notice " + shown + " for you");
    }
}
