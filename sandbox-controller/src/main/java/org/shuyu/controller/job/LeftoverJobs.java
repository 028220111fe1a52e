package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
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
}
