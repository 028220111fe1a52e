package org.shuyu.controller.job;

/** Where a job is. Only QUEUED and RUNNING are not final. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, REFUSED, CANCELLED;

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
