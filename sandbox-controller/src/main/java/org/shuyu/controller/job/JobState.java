package org.shuyu.controller.job;

/** Where a job is; {@link JobLifecycle} says how it moves. Only QUEUED and RUNNING are not final. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, REFUSED, CANCELLED;

    /** Whether the job has ended: a final state of {@link JobLifecycle#TABLE}. */
    public boolean finished() {
        return JobLifecycle.ended(this);
    }
}
