package org.shuyu.controller.adapter.openlineage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.shuyu.controller.outbox.Backoff;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sends the outbox through the transport, strictly by id (a run's START before its end): a pass stops at the first row
 * that could not be delivered for a reason that may pass and backs off exponentially up to {@code retry-max}; a row the
 * receiver refuses for good (a 4xx about the payload) is marked FAILED, logged and counted, and delivery goes on.
 * Delivered rows are marked at the end of a pass (a crash in between resends them: at least once; OpenLineage
 * receivers take a repeated event of a run as the same run).
 */
public class OpenLineageDeliverer {
    private static final Logger log = LoggerFactory.getLogger(OpenLineageDeliverer.class);
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);
    private final OpenLineageOutbox outbox;
    private final OpenLineageTransport transport;
    private final Clock clock;
    private final int batchSize;
    private final Backoff backoff;
    private final Duration deliveredRetention;
    private Instant lastPrune = Instant.MIN;

    /** What one pass did. */
    public record Pass(int delivered, int failed, boolean stopped) {}

    public OpenLineageDeliverer(OpenLineageOutbox outbox, OpenLineageTransport transport, Clock clock, int batchSize,
            Duration retryInitial, Duration retryMax, Duration deliveredRetention) {
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.transport = requireNonNull(transport, "transport is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.batchSize = batchSize;
        this.backoff = new Backoff(retryInitial, retryMax);
        this.deliveredRetention = requireNonNull(deliveredRetention, "deliveredRetention is null");
    }

    private Leadership leadership;

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    @Scheduled(fixedDelayString = "${sandbox.openlineage.delivery-interval:5s}",
            initialDelayString = "${sandbox.openlineage.delivery-interval:5s}")
    void scheduled() {
        if (leadership == null || !leadership.isLeader()) {
            return;
        }
        try {
            deliver();
        } catch (RuntimeException e) {
            log.warn("OpenLineage export: delivery pass failed: {}", e.toString());
        }
    }

    String target() {
        return transport.describe();
    }

    /** One delivery pass; passes never overlap. */
    public synchronized Pass deliver() {
        Instant now = clock.instant();
        if (!now.isBefore(lastPrune.plus(PRUNE_INTERVAL))) {
            outbox.pruneDelivered(now.minus(deliveredRetention));
            lastPrune = now;
        }
        List<Long> delivered = new ArrayList<>();
        int failed = 0;
        try {
            for (OpenLineageOutbox.Row row : outbox.pending(batchSize)) {
                Instant at = clock.instant();
                if (backoff.waiting(row.attempts(), row.nextAttemptAt(), at)) {
                    return new Pass(delivered.size(), failed, true);
                }
                OpenLineageTransport.Result result;
                try {
                    result = transport.send(row.payload());
                } catch (IOException e) {
                    retry(row, at, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                    return new Pass(delivered.size(), failed, true);
                }
                switch (result.outcome()) {
                    case DELIVERED -> delivered.add(row.id());
                    case RETRY -> {
                        retry(row, at, result.detail());
                        return new Pass(delivered.size(), failed, true);
                    }
                    case REFUSED -> {
                        outbox.failed(row.id(), clock.instant(), result.detail());
                        failed++;
                        log.error("OpenLineage export: the receiver refused outbox row {} ({} of job {}) with {}: marked FAILED,"
                                + " delivery goes on; see GET /api/v1/lineage/openlineage", row.id(), row.eventType(), row.jobId(),
                                result.detail());
                    }
                }
            }
            return new Pass(delivered.size(), failed, false);
        } finally {
            outbox.delivered(delivered, clock.instant());
        }
    }

    /** Backs off: retry-initial doubled per earlier attempt, at most retry-max. */
    Duration backoff(int attempts) {
        return backoff.after(attempts);
    }

    private void retry(OpenLineageOutbox.Row row, Instant at, String error) {
        Duration delay = backoff(row.attempts());
        outbox.retry(row.id(), at, at.plus(delay), error);
        log.warn("OpenLineage export: row {} not delivered (attempt {}), retrying in {}: {}", row.id(), row.attempts() + 1, delay, error);
    }
}
