package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.springframework.stereotype.Service;

/**
 * The job side of interactive statements (issue 16), for the sessions feature: a STATEMENT is a job like any other,
 * so it starts ({@link JobRecorder#markRunning}: the gate is checked again) and ends ({@link JobRecorder#finish}:
 * lineage settlement, metering, audit, credential cleared) through the very same recorder; only the process is a
 * warm engine's statement instead of a launched runtime.
 */
@Service
public class StatementRuns {
    /** The code the engine reports for a statement it cancelled (its status state is FAILED on the wire). */
    public static final String CANCELLED = "CANCELLED";

    private final JobStore store;
    private final JobRecorder recorder;

    public StatementRuns(JobStore store, JobRecorder recorder) {
        this.store = requireNonNull(store, "store is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
    }

    /** Moves a queued STATEMENT to RUNNING if its submitter may still work in the workspace (else it is REFUSED). */
    public boolean start(String jobId) {
        requireStatement(jobId);
        return recorder.markRunning(jobId);
    }

    /** Records how a STATEMENT ended, unless it already ended (settled, metered and audited as every job). */
    public void finish(String jobId, JobLauncher.Outcome outcome) {
        requireStatement(jobId);
        recorder.finish(jobId, outcome);
    }

    public Optional<Job> find(String jobId) {
        return store.find(jobId).filter(job -> job.kind() == Job.Kind.STATEMENT);
    }

    /**
     * The outcome an engine reported (the same status and metrics a batch run writes): a status coded
     * {@value #CANCELLED} is a cancellation, otherwise the status's state as for a batch run that exited with the
     * status's own exit code.
     */
    public static JobLauncher.Outcome outcome(RuntimeStatus status, Optional<RuntimeMetrics> metrics) {
        Optional<JobLauncher.Usage> usage = metrics.map(m -> new JobLauncher.Usage(m.cpuSeconds(), m.peakMemoryBytes(), m.wallMillis()));
        if (CANCELLED.equals(status.code()) && status.state() != RuntimeStatus.State.SUCCEEDED) {
            return new JobLauncher.Outcome(JobState.CANCELLED, Optional.of(status.code()), Optional.of(status.message()), status.step(),
                    usage, Optional.empty());
        }
        return RuntimeOutcomes.fromStatus(status, status.exit().code(), usage, Optional.empty());
    }

    private void requireStatement(String jobId) {
        Job job = store.find(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
        if (job.kind() != Job.Kind.STATEMENT) {
            throw new IllegalArgumentException("job " + jobId + " is a " + job.kind() + ", not a STATEMENT");
        }
    }
}
