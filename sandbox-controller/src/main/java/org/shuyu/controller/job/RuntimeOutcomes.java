package org.shuyu.controller.job;

import java.util.Optional;
import org.shuyu.runtime.contract.RuntimeExit;
import org.shuyu.runtime.contract.RuntimeFiles;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeStatus;

/**
 * How a run's end maps to a job's outcome, for every launcher: the status the runtime reported with its exit code,
 * or the exit code alone when it reported none, and the metered use.
 */
public final class RuntimeOutcomes {
    private RuntimeOutcomes() {}

    /**
     * A runtime that ended without a status.json: {@link RuntimeExit#OUT_OF_MEMORY} (the JVM's
     * {@code -XX:+ExitOnOutOfMemoryError}), {@link RuntimeExit#ORPHANED} (the runtime's parent watch, when its
     * controller is gone; docs/spark-enforcement.md); anything else crashed.
     */
    public static JobLauncher.Outcome withoutStatus(int exit) {
        Optional<RuntimeExit> meaning = RuntimeExit.of(exit);
        if (meaning.equals(Optional.of(RuntimeExit.OUT_OF_MEMORY))) {
            return JobLauncher.Outcome.of(JobState.FAILED, "OUT_OF_MEMORY", "the runtime ran out of memory (exit code " + exit + ")");
        }
        if (meaning.equals(Optional.of(RuntimeExit.ORPHANED))) {
            return JobLauncher.Outcome.of(JobState.FAILED, "ORPHANED", "the runtime stopped because its controller was gone (exit code "
                    + exit + ")");
        }
        return JobLauncher.Outcome.of(JobState.FAILED, "RUNTIME_CRASHED", "the runtime exited with code " + exit
                + " without reporting a status");
    }

    /**
     * A run the contract refuses to describe (see {@link RuntimeRequests}): failed as the runtime would have failed it,
     * with its {@code INVALID_CONFIG} code and the rule broken.
     */
    public static JobLauncher.Outcome invalidRequest(IllegalArgumentException e) {
        return JobLauncher.Outcome.of(JobState.FAILED, "INVALID_CONFIG", "invalid runtime configuration " + RuntimeFiles.REQUEST
                + ": " + e.getMessage());
    }

    /** The job state a reported status stands for: SUCCEEDED only with exit code 0. */
    public static JobState stateOf(RuntimeStatus status, int exit) {
        return switch (status.state()) {
            case SUCCEEDED -> exit == RuntimeExit.SUCCEEDED.code() ? JobState.SUCCEEDED : JobState.FAILED;
            case REFUSED -> JobState.REFUSED;
            case FAILED -> JobState.FAILED;
        };
    }

    /**
     * The outcome the runtime reported in its status.json; SUCCEEDED with a non-zero exit code counts as failed. The
     * preview (the runtime's {@value RuntimeFiles#PREVIEW}) is kept only for a success.
     */
    public static JobLauncher.Outcome fromStatus(RuntimeStatus status, int exit, Optional<JobLauncher.Usage> usage,
            Optional<String> preview) {
        JobState state = stateOf(status, exit);
        return new JobLauncher.Outcome(state, Optional.of(status.code()), Optional.of(status.message()), status.step(), usage,
                state == JobState.SUCCEEDED ? preview : Optional.empty());
    }

    /** The runtime's own measurement if it wrote one; otherwise the wall time the launcher saw. */
    public static JobLauncher.Usage usage(Optional<RuntimeMetrics> metrics, long wallMillis) {
        return metrics.map(m -> new JobLauncher.Usage(m.cpuSeconds(), m.peakMemoryBytes(), m.wallMillis()))
                .orElse(new JobLauncher.Usage(0, 0, wallMillis));
    }

    /** The outcome with {@code usage} in place of its own. */
    public static JobLauncher.Outcome withUsage(JobLauncher.Outcome outcome, JobLauncher.Usage usage) {
        return new JobLauncher.Outcome(outcome.state(), outcome.code(), outcome.message(), outcome.step(), Optional.of(usage),
                outcome.previewJson(), outcome.snapshot());
    }
}
