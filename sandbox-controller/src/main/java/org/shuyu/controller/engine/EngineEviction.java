package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every {@code sandbox.engines.eviction-interval}: health, metering and idle eviction of engines ({@link WorkspaceEngines#evictIdle}). */
@Component
class EngineEviction {
    private static final Logger log = LoggerFactory.getLogger(EngineEviction.class);
    private final WorkspaceEngines engines;

    EngineEviction(WorkspaceEngines engines) {
        this.engines = requireNonNull(engines, "engines is null");
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

    @Scheduled(fixedDelayString = "${sandbox.engines.eviction-interval:30s}",
            initialDelayString = "${sandbox.engines.eviction-interval:30s}")
    void pass() {
        if (!leads()) {
            return;
        }
        try {
            int stopped = engines.evictIdle();
            if (stopped > 0) {
                log.info("{} idle or dead engine(s) stopped", stopped);
            }
        } catch (RuntimeException e) {
            log.error("engine eviction pass failed; the next pass retries", e);
        }
    }
}
