package org.shuyu.controller.job;

import static org.shuyu.controller.job.JobEvent.*;
import static org.shuyu.controller.job.JobState.*;

import java.util.EnumSet;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.workflow.TransitionTable;

/**
 * THE transition table of a job (a JOB, PREVIEW or SNAPSHOT run): QUEUED until the launcher starts it, then RUNNING,
 * and one of four final states. A run that ends reports a state ({@link JobLauncher.Outcome#state()}), which
 * {@link #ending(JobState)} turns into the event the table applies. The audit action is named for a JOB
 * ({@code job.succeeded}); previews and snapshots record it under their own prefix ({@link JobAuditEvents}).
 * Whether the submitter may still work in the workspace when the job starts is decided by the workspace gate, not
 * here: a closed gate REFUSEs the queued job instead of STARTing it.
 */
public final class JobLifecycle {
    public static final TransitionTable<JobState, JobEvent, Void> TABLE = TransitionTable
            .<JobState, JobEvent, Void>builder("job life cycle", JobState.class, JobEvent.class)
            .initial(QUEUED)
            .refusal(TransitionTable.illegalTransition(ErrorCode.ILLEGAL_TRANSITION, Enum::name))
            .on(QUEUED, START).to(RUNNING).add()
            .on(QUEUED, FAIL).to(FAILED).audit("job.failed").add()
            .on(QUEUED, REFUSE).to(REFUSED).audit("job.refused").add()
            .on(QUEUED, CANCEL).to(CANCELLED).audit("job.cancelled").add()
            .on(QUEUED, ABANDON).to(FAILED).audit("job.failed").add()
            .on(RUNNING, SUCCEED).to(SUCCEEDED).audit("job.succeeded").add()
            .on(RUNNING, FAIL).to(FAILED).audit("job.failed").add()
            .on(RUNNING, REFUSE).to(REFUSED).audit("job.refused").add()
            .on(RUNNING, CANCEL).to(CANCELLED).audit("job.cancelled").add()
            .on(RUNNING, ABANDON).to(FAILED).audit("job.failed").add()
            .build();

    private JobLifecycle() {}

    /** Whether a job in {@code state} has ended (no event leads out of it). */
    public static boolean ended(JobState state) {
        return TABLE.finalStates().contains(state);
    }

    /** The states of jobs that have not ended yet. */
    public static Set<JobState> unfinished() {
        Set<JobState> states = EnumSet.allOf(JobState.class);
        states.removeAll(TABLE.finalStates());
        return states;
    }

    /** The event by which a run ends in {@code reported} (the state its outcome carries). */
    public static JobEvent ending(JobState reported) {
        return switch (reported) {
            case SUCCEEDED -> SUCCEED;
            case FAILED -> FAIL;
            case REFUSED -> REFUSE;
            case CANCELLED -> CANCEL;
            case QUEUED, RUNNING -> throw new IllegalArgumentException("a run cannot end " + reported);
        };
    }
}
