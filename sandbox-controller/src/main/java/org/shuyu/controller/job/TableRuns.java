package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.shuyu.runtime.contract.RuntimeLimits;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs that read one workspace table and wait for their answer: a preview of its first rows (masked and filtered as
 * for any job) and a snapshot freezing it into an Arrow IPC file for a data product. Both are submitted as jobs
 * ({@link JobSubmission}) and wait until their end has been recorded, so the audit trail is complete.
 */
@Service
public class TableRuns {
    private static final Logger log = LoggerFactory.getLogger(TableRuns.class);

    private final JobSubmission submission;
    private final JobLauncher launcher;
    private final JobStore store;
    private final SandboxProperties.Jobs settings;

    public TableRuns(JobSubmission submission, JobLauncher launcher, JobStore store, SandboxProperties properties) {
        this.submission = requireNonNull(submission, "submission is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.store = requireNonNull(store, "store is null");
        this.settings = properties.jobs();
    }

    /** A table's first rows as the enforced runtime returns them: masked, filtered, capped. */
    public record Preview(String jobId, String table, int limit, String json) {}

    /**
     * A workspace table frozen by the enforced runtime into an Arrow IPC file (random-access file format), now at
     * {@code file}: {@code rows} rows, {@code bytes} bytes on disk.
     */
    public record Snapshot(String jobId, Path file, long rows, long bytes) {
        public Snapshot {
            requireNonNull(jobId, "jobId is null");
            requireNonNull(file, "file is null");
            if (rows < 0 || bytes < 0) {
                throw new IllegalArgumentException("rows and bytes must not be negative");
            }
        }
    }

    /** The most rows a snapshot may hold (the runtime's own bound; it reads one row more to detect a larger table). */
    public static final long MAX_SNAPSHOT_ROWS = RuntimeLimits.MAX_SNAPSHOT_ROWS;

    /** Runs a preview job and waits for it; the rows never leave unmasked (the runtime enforces as for any job). */
    public Preview preview(Actor actor, String workspaceId, String table, int limit) {
        JobSubmission.requireTableName(table);
        if (limit < 1 || limit > settings.previewMaxRows()) {
            throw SandboxException.invalid("limit must be 1-" + settings.previewMaxRows() + ", got " + limit);
        }
        JobSubmission.Started started = submission.start(actor, workspaceId, Job.Kind.PREVIEW, "preview-" + table, List.of(),
                Optional.of(new JobLauncher.Preview(table, limit)), Optional.empty());
        JobLauncher.Outcome outcome;
        try {
            outcome = started.outcome().get(settings.previewTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            launcher.cancel(started.job().id());
            throw new SandboxException(ErrorCode.JOB_FAILED, "preview " + started.job().id() + " did not finish within "
                    + settings.previewTimeout() + " and was cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(ErrorCode.JOB_FAILED, "interrupted while waiting for preview " + started.job().id());
        } catch (ExecutionException e) {
            throw new SandboxException(ErrorCode.JOB_FAILED, "preview " + started.job().id() + " failed: " + e.getCause());
        }
        // The completion handler records the job's end; wait until it has, so the audit trail is complete.
        started.recorded().join();
        return switch (outcome.state()) {
            case SUCCEEDED -> new Preview(started.job().id(), table, limit, outcome.previewJson().orElse("{\"columns\":[],\"rows\":[]}"));
            case REFUSED -> throw new SandboxException(ErrorCode.JOB_REFUSED, "preview " + started.job().id() + " "
                    + JobRecorder.summary(outcome.state(), outcome.code(), outcome.step()) + "; its message: GET /api/v1/jobs/" + started.job().id());
            default -> throw new SandboxException(ErrorCode.JOB_FAILED, "preview " + started.job().id() + " "
                    + JobRecorder.summary(outcome.state(), outcome.code(), outcome.step()) + "; its message: GET /api/v1/jobs/" + started.job().id());
        };
    }

    /**
     * Freezes a workspace table for a data product: runs a SNAPSHOT job as {@code actor} (who must be allowed to work in
     * the workspace now, as for any job) that reads the table under the workspace's enforcement (masked, consent-filtered,
     * lineage recorded) and writes it as an Arrow IPC file, waits for it up to {@code sandbox.jobs.snapshot-timeout},
     * and moves the file to {@code target} (parent directories are created; {@code target} must not exist yet).
     * A table of more than {@code maxRows} rows is not frozen at all. Every failure, refusal, cancellation or timeout of
     * the run throws {@code SNAPSHOT_FAILED} naming the job and the runtime's code and message; refusals before the run
     * (table name, access, workspace not ready, runtime unavailable) keep their own codes.
     */
    public Snapshot snapshot(Actor actor, String workspaceId, String table, long maxRows, Path target) {
        requireNonNull(actor, "actor is null");
        requireNonNull(target, "target is null");
        JobSubmission.requireTableName(table);
        if (maxRows < 1 || maxRows > MAX_SNAPSHOT_ROWS) {
            throw SandboxException.invalid("maxRows must be 1-" + MAX_SNAPSHOT_ROWS + ", got " + maxRows);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new SandboxException(ErrorCode.SNAPSHOT_FAILED, "no snapshot of table " + table + " was taken: " + target
                    + " already exists, and a snapshot is never overwritten");
        }
        JobSubmission.Started started = submission.start(actor, workspaceId, Job.Kind.SNAPSHOT, "snapshot-" + table, List.of(), Optional.empty(),
                Optional.of(new JobLauncher.Snapshot(table, maxRows)));
        String id = started.job().id();
        Duration timeout = settings.snapshotTimeout();
        JobLauncher.Outcome outcome;
        try {
            outcome = started.outcome().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            launcher.cancel(id);
            throw new SandboxException(ErrorCode.SNAPSHOT_FAILED, "snapshot " + id + " of table " + table + " did not finish within "
                    + timeout + " and was cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            launcher.cancel(id);
            throw new SandboxException(ErrorCode.SNAPSHOT_FAILED, "interrupted while waiting for snapshot " + id + "; it was cancelled");
        } catch (ExecutionException e) {
            throw new SandboxException(ErrorCode.SNAPSHOT_FAILED, "snapshot " + id + " of table " + table + " failed: " + e.getCause());
        }
        // The completion handler records the job's end (lineage settled): the recorded state is the one that counts.
        started.recorded().join();
        Job recorded = store.find(id).orElseThrow();
        if (recorded.state() != JobState.SUCCEEDED) {
            throw new SandboxException(ErrorCode.SNAPSHOT_FAILED, "snapshot " + id + " of table " + table + " (at most " + maxRows
                    + " rows) " + JobRecorder.summary(recorded.state(), recorded.resultCode(), recorded.failedStep()));
        }
        JobLauncher.SnapshotFile file = outcome.snapshot().orElseThrow(() -> new SandboxException(ErrorCode.SNAPSHOT_FAILED,
                "snapshot " + id + " of table " + table + " succeeded but its launcher returned no snapshot file"));
        long bytes;
        try {
            bytes = moveFile(file.file(), target);
        } catch (IOException | RuntimeException e) {
            throw new SandboxException(ErrorCode.SNAPSHOT_FAILED, "snapshot " + id + " of table " + table + " could not be moved to "
                    + target + ": " + e, e);
        }
        if (bytes != file.bytes()) {
            throw new SandboxException(ErrorCode.SNAPSHOT_FAILED, "snapshot " + id + " of table " + table + " is " + bytes
                    + " bytes at " + target + ", the runtime wrote " + file.bytes());
        }
        log.info("snapshot {} of table {} in workspace {}: {} rows, {} bytes at {}", id, table, workspaceId, file.rows(), bytes, target);
        return new Snapshot(id, target, file.rows(), bytes);
    }

    /**
     * Moves {@code from} to {@code to} (which must not exist), atomically where both are on one file system, otherwise
     * by a copy next to {@code to} that is then renamed, and the source deleted. Returns the size of {@code to}.
     */
    static long moveFile(Path from, Path to) throws IOException {
        Path absolute = to.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "a snapshot is never overwritten");
        }
        try {
            Files.move(from, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Path tmp = Files.createTempFile(parent, "." + absolute.getFileName(), ".tmp");
            try {
                Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            Files.delete(from);
        }
        return Files.size(absolute);
    }
}
