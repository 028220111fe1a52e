package org.shuyu.controller.notification;

import java.util.Collection;

/**
 * The port every workflow notifies through. {@link #send} stores the notice in the caller's transaction (so a
 * transition and its notices commit or roll back together); delivery to the outside (webhook, mail) happens later from
 * the stored rows, on the leader, and never blocks or fails the transition. docs/notifications.md.
 */
public interface Notifications {
    void send(Notice notice);

    default void sendAll(Collection<Notice> notices) {
        notices.forEach(this::send);
    }
}
