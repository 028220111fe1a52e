package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Port: runs a job in its own process with the enforced Spark runtime (local child JVMs, or pods on
 * Kubernetes), and reports how it ended. Implementations queue jobs beyond their capacity.
 */
public interface JobLauncher {
    /** Whether a runtime is installed and jobs can be started. */
    boolean available();

    /** Why {@link #available()} is false, for the error message. */
    String unavailableReason();

    /**
     * Queues the run; {@code onStart} is called (and must return true) right before the process starts, so
     * the caller can mark the job running and check that its workspace is still open.
     */
    CompletableFuture<Outcome> launch(Run run, BooleanSupplier onStart);

    /**
     * As {@link #launch(Run, BooleanSupplier)}, and {@code onProcess} gets the runtime's process id
     * as soon as it started (launchers without local processes never call it).
     */
    default CompletableFuture<Outcome> launch(Run run, BooleanSupplier onStart,
            LongConsumer onProcess) {
        return launch(run, onStart);
    }

    /** Stops the job if it is queued or running (its whole process tree, at once); true if it was. */
    boolean cancel(String jobId);

    /**
     * Stops what an earlier controller incarnation started for {@code job} and left behind, if it is still there
     * and provably that job's (a local process: alive under {@code pid} with the job's id on its command line; on
     * Kubernetes: the job's driver pod); true if something was stopped.
     */
    boolean stopLeftover(Job job, Optional<Long> pid);

    /** The job's log so far (stdout and stderr of the runtime), at most {@code maxBytes} from the end. */
    Optional<String> log(Path jobsDir, String jobId, int maxBytes);

    /**
     * Everything the runtime needs (the runtime config of docs/workspaces-and-jobs.md): a PREVIEW carries its
     * {@code preview}, a SNAPSHOT its {@code snapshot}.
     */
    record Run(String jobId, Job.Kind kind, String user, String workspaceId, String serviceName, String workspaceDatabase,
            Path workspaceDir, Path warehouseDir, Path filesDir, Path jobsDir, List<Source> sources, List<String> steps,
            Optional<Preview> preview, Optional<Snapshot> snapshot, String runtimeToken, String maskSalt) {
        public Run {
            requireNonNull(jobId, "jobId is null");
            requireNonNull(kind, "kind is null");
            sources = List.copyOf(sources);
            steps = List.copyOf(steps);
            requireNonNull(preview, "preview is null");
            requireNonNull(snapshot, "snapshot is null");
            if (kind == Job.Kind.SNAPSHOT && snapshot.isEmpty()) {
                throw new IllegalArgumentException("a SNAPSHOT run needs its snapshot request");
            }
        }

        /** A run without a snapshot request (a JOB or a PREVIEW). */
        public Run(String jobId, Job.Kind kind, String user, String workspaceId, String serviceName, String workspaceDatabase,
                Path workspaceDir, Path warehouseDir, Path filesDir, Path jobsDir, List<Source> sources, List<String> steps,
                Optional<Preview> preview, String runtimeToken, String maskSalt) {
            this(jobId, kind, user, workspaceId, serviceName, workspaceDatabase, workspaceDir, warehouseDir, filesDir, jobsDir, sources,
                    steps, preview, Optional.empty(), runtimeToken, maskSalt);
        }
    }

    record Source(String id, String format, Path location, String schema) {}

    record Preview(String table, int limit) {}

    /** The workspace table a SNAPSHOT freezes into {@code snapshot.arrow}, and the most rows it may have. */
    record Snapshot(String table, long maxRows) {
        public Snapshot {
            requireNonNull(table, "table is null");
            if (maxRows < 1) {
                throw new IllegalArgumentException("maxRows must be positive");
            }
        }
    }

    /** What a successful SNAPSHOT left in its job directory: the Arrow IPC file, its rows and size (snapshot.json). */
    record SnapshotFile(Path file, long rows, long bytes) {
        public SnapshotFile {
            requireNonNull(file, "file is null");
        }
    }

    record Usage(double cpuSeconds, long peakMemoryBytes, long wallMillis) {}

    /** How a run ended; a successful PREVIEW carries its preview.json, a successful SNAPSHOT its file. */
    record Outcome(JobState state, Optional<String> code, Optional<String> message, Optional<Integer> step, Optional<Usage> usage,
            Optional<String> previewJson, Optional<SnapshotFile> snapshot) {
        public Outcome {
            requireNonNull(state, "state is null");
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
            requireNonNull(step, "step is null");
            requireNonNull(usage, "usage is null");
            requireNonNull(previewJson, "previewJson is null");
            requireNonNull(snapshot, "snapshot is null");
        }

        /** An outcome without a snapshot file. */
        public Outcome(JobState state, Optional<String> code, Optional<String> message, Optional<Integer> step, Optional<Usage> usage,
                Optional<String> previewJson) {
            this(state, code, message, step, usage, previewJson, Optional.empty());
        }

        public static Outcome of(JobState state, String code, String message) {
            return new Outcome(state, Optional.of(code), Optional.of(message), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }
}
