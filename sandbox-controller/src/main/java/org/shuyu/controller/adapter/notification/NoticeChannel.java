package org.shuyu.controller.adapter.notification;

/** One way notices leave the platform: a webhook, mail. */
public interface NoticeChannel {
    /** A short name for logs and {@code last_error} ({@code webhook}, {@code mail}). */
    String name();

    /** Whether this channel has somewhere to send {@code notice} (mail: an address for its recipient). */
    boolean accepts(OutgoingNotice notice);

    void deliver(OutgoingNotice notice) throws DeliveryFailure;
}
