package org.shuyu.controller.lineage;

import java.time.Instant;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.workspace.Workspace;

/**
 * Port: an export of each job's stored lineage as run events (OpenLineage, docs/openlineage.md). Both calls run inside
 * the transaction that stores the lineage or settles the job, so an implementation only enqueues durably in the same
 * database and delivers later: a receiver that is down delays the export and never blocks or fails a job.
 */
public interface LineageExport {
    /** The job's first statement's lineage was stored: the job's run started at {@code at}. */
    void started(Job job, Workspace workspace, Instant at);

    /**
     * The job settled with {@code outcome} (the outcome it is recorded with) at {@code at}: its lineage is final (every
     * statement COMPLETED or FAILED, what failed statements wrote quarantined).
     */
    void ended(Job job, Workspace workspace, JobLauncher.Outcome outcome, Instant at);

    /** An export that records nothing (not configured). */
    LineageExport NONE = new LineageExport() {
        @Override
        public void started(Job job, Workspace workspace, Instant at) {}

        @Override
        public void ended(Job job, Workspace workspace, JobLauncher.Outcome outcome, Instant at) {}
    };
}
