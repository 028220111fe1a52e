package org.shuyu.controller.quality;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies what time decides to quality requests: a request still waiting for the provider past its deadline is
 * marked overdue, audited and notified, once per deadline. Runs like the life-cycle scheduler (same interval setting,
 * on the leader replica only); each request in its own transaction, from state alone, so a pass can run again.
 */
@Component
public class QualityScheduler {
    private static final Logger log = LoggerFactory.getLogger(QualityScheduler.class);
    private final QualityStore store;
    private final QualityService service;
    private final Clock clock;
    private Leadership leadership;

    public QualityScheduler(QualityStore store, QualityService service, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.service = requireNonNull(service, "service is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    @Scheduled(fixedDelayString = "${sandbox.lifecycle.scheduler-interval:60s}", initialDelayString = "${sandbox.lifecycle.scheduler-interval:60s}")
    public void scheduled() {
        if (leadership == null || !leadership.isLeader()) {
            return;
        }
        int marked = runOnce();
        if (marked > 0) {
            log.info("quality pass: {} requests marked overdue", marked);
        }
    }

    /** One pass; returns how many requests it marked overdue. */
    public synchronized int runOnce() {
        int marked = 0;
        for (QualityRequest r : store.dueUnmarked(QualityLifecycle.awaitingProvider(), clock.instant())) {
            try {
                marked += service.markOverdueIfDue(r.id()) ? 1 : 0;
            } catch (RuntimeException e) {
                log.error("cannot mark quality request {} overdue; will retry", r.id(), e);
            }
        }
        return marked;
    }
}
