package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * At startup, before the controller serves a request: stops the engines earlier controller incarnations left running
 * ({@link WorkspaceEngines#stopLeftovers}), so a restart leaves no engine orphaned.
 */
@Component
class LeftoverEngines implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(LeftoverEngines.class);
    private final WorkspaceEngines engines;

    LeftoverEngines(WorkspaceEngines engines) {
        this.engines = requireNonNull(engines, "engines is null");
    }

    @Override
    public void afterSingletonsInstantiated() {
        int stopped = engines.stopLeftovers();
        if (stopped > 0) {
            log.warn("{} engine(s) left by an earlier controller process were stopped (CONTROLLER_RESTARTED)", stopped);
        }
    }

    private Leadership leadership;

    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    /**
     * On the leader, every {@code sandbox.replica.sweep-interval}: the same clean-up for replicas that died and did
     * not come back (their heartbeat expired; a live replica's work is never touched). docs/replicas.md.
     */
    @Scheduled(fixedDelayString = "${sandbox.replica.sweep-interval:10s}", initialDelayString = "${sandbox.replica.sweep-interval:10s}")
    public void sweepDeadReplicas() {
        if (leadership == null || !leadership.isLeader()) {
            return;
        }
        try {
            int stopped = engines.stopLeftovers();
            if (stopped > 0) {
                log.warn("{} engine(s) of a controller replica that died were stopped (CONTROLLER_RESTARTED)", stopped);
            }
        } catch (RuntimeException e) {
            log.error("sweep of dead replicas' engines failed; the next pass retries", e);
        }
    }
}
