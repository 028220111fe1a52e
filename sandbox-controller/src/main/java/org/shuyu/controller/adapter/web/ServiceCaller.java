package org.shuyu.controller.adapter.web;

import static java.util.Objects.requireNonNull;

import org.shuyu.controller.job.Job;

/**
 * Who called {@code /service/**} ({@link RuntimeCredentialFilter}): a running job's runtime (its runtime credential),
 * or a workspace's warm engine (its engine credential, valid while the engine runs). Each endpoint says which it
 * accepts; the security chain admits each only where listed.
 */
sealed interface ServiceCaller {
    /** A running job (or statement) of this controller incarnation. */
    record RunningJob(Job job) implements ServiceCaller {
        public RunningJob {
            requireNonNull(job, "job is null");
        }
    }

    /** A running workspace engine. */
    record Engine(String engineId, String workspaceId) implements ServiceCaller {
        public Engine {
            requireNonNull(engineId, "engineId is null");
            requireNonNull(workspaceId, "workspaceId is null");
        }
    }
}
