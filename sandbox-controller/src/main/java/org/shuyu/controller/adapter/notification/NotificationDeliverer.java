package org.shuyu.controller.adapter.notification;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.shuyu.controller.outbox.Backoff;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Delivers stored notices through the configured channels (docs/notifications.md), on the leader replica only, in
 * passes of at most {@code batchSize} rows that are due. A row is DELIVERED when every channel that has somewhere to
 * send it took it; NONE when no channel has (nothing configured, or no address for its recipient); otherwise its
 * attempt is counted and it is retried after {@code retryInitial} doubled per earlier attempt (at most
 * {@code retryMax}), until {@code maxAttempts} attempts made it FAILED with the last error. A receiver that cannot be
 * reached at all ends the pass (the other rows wait for the next one). Delivery runs after the transition that sent
 * the notice committed, on its own: it never blocks or fails one. At least once: a crash between sending and marking
 * sends again, with the same notice id.
 */
public class NotificationDeliverer {
    private static final Logger log = LoggerFactory.getLogger(NotificationDeliverer.class);
    private final NotificationOutbox outbox;
    private final List<NoticeChannel> channels;
    private final Clock clock;
    private final int batchSize;
    private final int maxAttempts;
    private final Backoff backoff;
    private Leadership leadership;

    /** What one pass did. */
    public record Pass(int delivered, int none, int retried, int failed) {}

    public NotificationDeliverer(NotificationOutbox outbox, List<NoticeChannel> channels, Clock clock, int batchSize,
            int maxAttempts, Duration retryInitial, Duration retryMax) {
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.channels = List.copyOf(channels);
        this.clock = requireNonNull(clock, "clock is null");
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.backoff = new Backoff(retryInitial, retryMax);
    }

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    @Scheduled(fixedDelayString = "${sandbox.notifications.delivery-interval:10s}",
            initialDelayString = "${sandbox.notifications.delivery-interval:10s}")
    void scheduled() {
        if (leadership == null || !leadership.isLeader()) {
            return;
        }
        try {
            deliver();
        } catch (RuntimeException e) {
            log.warn("notifications: delivery pass failed: {}", e.getClass().getName());
        }
    }

    public List<NoticeChannel> channels() {
        return channels;
    }

    /** One delivery pass; passes never overlap. */
    public synchronized Pass deliver() {
        int delivered = 0;
        int none = 0;
        int retried = 0;
        int failed = 0;
        Instant now = clock.instant();
        for (OutgoingNotice row : outbox.due(now, backoff.latestWait(now), batchSize)) {
            List<NoticeChannel> targets = channels.stream().filter(c -> c.accepts(row)).toList();
            if (targets.isEmpty()) {
                outbox.none(row.id());
                none++;
                continue;
            }
            DeliveryFailure failure = null;
            for (NoticeChannel channel : targets) {
                try {
                    channel.deliver(row);
                } catch (DeliveryFailure e) {
                    failure = e;
                    break;
                }
            }
            if (failure == null) {
                outbox.delivered(row.id(), clock.instant());
                delivered++;
                continue;
            }
            int attempts = row.attempts() + 1;
            if (attempts >= maxAttempts) {
                outbox.failed(row.id(), failure.getMessage());
                failed++;
                log.error("notifications: notice {} ({}) not delivered after {} attempts, marked FAILED: {}", row.id(),
                        row.notice().kind(), attempts, failure.getMessage());
            } else {
                Duration delay = backoff(row.attempts());
                outbox.retry(row.id(), clock.instant().plus(delay), failure.getMessage());
                retried++;
                log.warn("notifications: notice {} not delivered (attempt {}), retrying in {}: {}", row.id(), attempts, delay,
                        failure.getMessage());
            }
            if (failure.unreachable()) {
                break;
            }
        }
        return new Pass(delivered, none, retried, failed);
    }

    /** The wait after the {@code earlier}+1-th failed attempt: retry-initial doubled per earlier attempt, at most retry-max. */
    Duration backoff(int earlier) {
        return backoff.after(earlier);
    }
}
