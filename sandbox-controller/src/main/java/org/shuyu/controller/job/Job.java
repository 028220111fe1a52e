package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One run of a job spec (or a result preview, or a product snapshot) in a workspace, with its outcome and metered use (R-09b). */
public record Job(
        String id,
        String workspaceId,
        Kind kind,
        String name,
        List<String> steps,
        String submittedBy,
        Instant submittedAt,
        JobState state,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Optional<String> resultCode,
        Optional<String> resultMessage,
        Optional<Integer> failedStep,
        Optional<Metrics> metrics) {

    /**
     * What a run does: a job's steps, a preview of a workspace table's first rows, a snapshot freezing a workspace
     * table into an Arrow IPC file for a data product, or one interactive STATEMENT run by the workspace's warm engine
     * in a member's session (issue 16; its single step is the SQL text, or for Spark Connect the operation's kind).
     */
    public enum Kind {
        JOB, PREVIEW, SNAPSHOT, STATEMENT;

        /** Whether the run reads one workspace table as its single step (its lineage statement is a PREVIEW). */
        public boolean readsOneTable() {
            return switch (this) {
                case JOB, STATEMENT -> false;
                case PREVIEW, SNAPSHOT -> true;
            };
        }
    }

    /**
     * Metered use: CPU seconds of the job's JVM, its peak resident memory, wall time, and the workspace's
     * storage after the job.
     */
    public record Metrics(double cpuSeconds, long peakMemoryBytes, long wallMillis, long storageBytes) {}

    public Job {
        requireNonNull(id, "id is null");
        requireNonNull(workspaceId, "workspaceId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        steps = List.copyOf(steps);
        requireNonNull(submittedBy, "submittedBy is null");
        requireNonNull(submittedAt, "submittedAt is null");
        requireNonNull(state, "state is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(resultCode, "resultCode is null");
        requireNonNull(resultMessage, "resultMessage is null");
        requireNonNull(failedStep, "failedStep is null");
        requireNonNull(metrics, "metrics is null");
    }

    /** Whether the run is started and stopped by the launcher (a process of its own), not by a warm engine. */
    public boolean launched() {
        return kind != Kind.STATEMENT;
    }

    public Job started(Instant at) {
        return new Job(id, workspaceId, kind, name, steps, submittedBy, submittedAt, JobState.RUNNING, Optional.of(at), finishedAt,
                resultCode, resultMessage, failedStep, metrics);
    }

    /** The longest message a job keeps: the runtime's message is capped by the controller whatever the runtime sent. */
    public static final int MAX_MESSAGE = 2000;

    public Job finished(JobLauncher.Outcome outcome, Instant at, long storageBytes) {
        Optional<String> message = outcome.message()
                .map(m -> m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE - 3) + "...");
        Optional<Metrics> measured = outcome.usage()
                .map(u -> new Metrics(u.cpuSeconds(), u.peakMemoryBytes(), u.wallMillis(), storageBytes));
        return new Job(id, workspaceId, kind, name, steps, submittedBy, submittedAt, outcome.state(), startedAt, Optional.of(at),
                outcome.code(), message, outcome.step(), measured);
    }
}
