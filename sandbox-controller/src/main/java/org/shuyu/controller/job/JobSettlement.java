package org.shuyu.controller.job;

/**
 * Port: what the end of a job must settle before it is recorded, implemented by lineage ("no lineage, no success",
 * docs/lineage.md). Called inside the transaction that records the end, with the job still unfinished; returns the
 * outcome to record, which may differ from the reported one (a success without complete lineage fails).
 */
public interface JobSettlement {
    JobLauncher.Outcome settle(Job job, JobLauncher.Outcome reported);
}
