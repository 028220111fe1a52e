package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * At startup, before the controller serves a request or launches a job: stops and fails what earlier controller
 * incarnations left running or queued ({@link JobCancellations#abandonOrphans}).
 */
@Component
public class LeftoverJobs implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(LeftoverJobs.class);
    private final JobCancellations jobs;

    public LeftoverJobs(JobCancellations jobs) {
        this.jobs = requireNonNull(jobs, "jobs is null");
    }

    @Override
    public void afterSingletonsInstantiated() {
        int orphans = jobs.abandonOrphans();
        if (orphans > 0) {
            log.warn("{} job(s) left unfinished by an earlier controller process were stopped and failed (CONTROLLER_RESTARTED)",
                    orphans);
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
            int orphans = jobs.abandonOrphans();
            if (orphans > 0) {
                log.warn("{} job(s) of a controller replica that died were stopped and failed (CONTROLLER_RESTARTED)", orphans);
            }
        } catch (RuntimeException e) {
            log.error("sweep of dead replicas' jobs failed; the next pass retries", e);
        }
    }
}
