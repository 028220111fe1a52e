package org.shuyu.controller.idempotency;

import java.time.Clock;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges expired idempotency keys (kept 24 hours) on a schedule, so the table holds one day of creations at most.
 * A retry after expiry is a new request.
 */
@Component
public class ExpiredKeys {
    private static final Logger log = LoggerFactory.getLogger(ExpiredKeys.class);
    private final IdempotencyKeys keys;
    private final Clock clock;

    public ExpiredKeys(IdempotencyKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    private Leadership leadership;

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    private boolean leads() {
        return leadership != null && leadership.isLeader();
    }

    @Scheduled(fixedDelayString = "${sandbox.api.idempotency-purge-interval:15m}",
            initialDelayString = "${sandbox.api.idempotency-purge-interval:15m}")
    public void purge() {
        if (!leads()) {
            return;
        }
        int purged = keys.purgeExpired(clock.instant());
        if (purged > 0) {
            log.info("purged {} expired idempotency keys", purged);
        }
    }
}
