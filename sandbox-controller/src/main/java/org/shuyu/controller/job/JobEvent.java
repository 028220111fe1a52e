package org.shuyu.controller.job;

/**
 * What happens to a job ({@link JobLifecycle}): the launcher starts it, its run ends as the runtime (or the launcher)
 * reports, a member or a closing workspace cancels it, or a new controller incarnation abandons what an earlier one left.
 */
public enum JobEvent {
    /** The launcher is about to start the runtime and the submitter may still work in the workspace. */
    START,
    /** The runtime reported success (and its lineage is complete). */
    SUCCEED,
    /** The run failed: the runtime, the launcher, a timeout, or incomplete lineage. */
    FAIL,
    /** The runtime or the controller refused it (enforcement, or the workspace closed before it started). */
    REFUSE,
    /** A member cancelled it, or its workspace or its submitter's access closed. */
    CANCEL,
    /** An earlier controller incarnation left it unfinished: it cannot be followed and ends as failed. */
    ABANDON
}
