package org.shuyu.controller.job;

import org.shuyu.controller.audit.Sha256;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.lineage.LineageService;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.policy.PolicyCompiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs in workspaces (R-19a, R-09b): members submit job specs; each runs in its own process with the
 * enforced Spark runtime, holding a runtime credential that lets it download its workspace's policies while
 * it runs and nothing else. Outcomes, refusals and metered use are recorded and audited. Previews and product
 * snapshots are runs of the same runtime that read one workspace table.
 */
@Service
public class JobService {
    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JobStore store;
    private final JobLauncher launcher;
    private final WorkspaceService workspaces;
    private final CatalogService catalog;
    private final SourceData sources;
    private final MaskSalts salts;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final TransactionTemplate tx;
    private final SandboxProperties.Jobs settings;
    private final LineageService lineage;

    public JobService(JobStore store, JobLauncher launcher, WorkspaceService workspaces, CatalogService catalog, SourceData sources,
            MaskSalts salts, AuditLog audit, Clock clock, IdGenerator ids, PlatformTransactionManager transactions,
            SandboxProperties properties, LineageService lineage) {
        this.store = store;
        this.launcher = launcher;
        this.workspaces = workspaces;
        this.catalog = catalog;
        this.sources = sources;
        this.salts = salts;
        this.audit = audit;
        this.clock = clock;
        this.ids = ids;
        this.tx = new TransactionTemplate(transactions);
        this.settings = properties.jobs();
        this.lineage = lineage;
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
    public static final long MAX_SNAPSHOT_ROWS = org.shuyu.runtime.contract.RuntimeLimits.MAX_SNAPSHOT_ROWS;

    public Job submit(Actor actor, String workspaceId, JobSpec spec) {
        Started started = start(actor, workspaceId, Job.Kind.JOB, spec.name(), spec.steps(), Optional.empty(), Optional.empty());
        return started.job();
    }

    /** Runs a preview job and waits for it; the rows never leave unmasked (the runtime enforces as for any job). */
    public Preview preview(Actor actor, String workspaceId, String table, int limit) {
        requireTableName(table);
        if (limit < 1 || limit > settings.previewMaxRows()) {
            throw SandboxException.invalid("limit must be 1-" + settings.previewMaxRows() + ", got " + limit);
        }
        Started started = start(actor, workspaceId, Job.Kind.PREVIEW, "preview-" + table, List.of(), Optional.of(new JobLauncher.Preview(table, limit)),
                Optional.empty());
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
                    + summary(outcome.state(), outcome.code(), outcome.step()) + "; its message: GET /api/v1/jobs/" + started.job().id());
            default -> throw new SandboxException(ErrorCode.JOB_FAILED, "preview " + started.job().id() + " "
                    + summary(outcome.state(), outcome.code(), outcome.step()) + "; its message: GET /api/v1/jobs/" + started.job().id());
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
        requireTableName(table);
        if (maxRows < 1 || maxRows > MAX_SNAPSHOT_ROWS) {
            throw SandboxException.invalid("maxRows must be 1-" + MAX_SNAPSHOT_ROWS + ", got " + maxRows);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new SandboxException(ErrorCode.SNAPSHOT_FAILED, "no snapshot of table " + table + " was taken: " + target
                    + " already exists, and a snapshot is never overwritten");
        }
        Started started = start(actor, workspaceId, Job.Kind.SNAPSHOT, "snapshot-" + table, List.of(), Optional.empty(),
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
                    + " rows) " + summary(recorded.state(), recorded.resultCode(), recorded.failedStep()));
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

    private static void requireTableName(String table) {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new SandboxException(ErrorCode.INVALID_TABLE_NAME, "table must be a lowercase name of the workspace database"
                    + " (a-z, 0-9, '_', starting with a letter)");
        }
    }

    private record Started(Job job, CompletableFuture<JobLauncher.Outcome> outcome, CompletableFuture<Void> recorded) {}

    private Started start(Actor actor, String workspaceId, Job.Kind kind, String name, List<String> steps,
            Optional<JobLauncher.Preview> preview, Optional<JobLauncher.Snapshot> snapshot) {
        workspaces.requireAccess(actor, workspaceId);
        Workspace workspace = WorkspaceService.requireReady(workspaces.reconcile(workspaceId), workspaceId);
        if (preview.isPresent() && workspaces.table(workspace, preview.get().table()) == WorkspaceProvisioner.TablePresence.ABSENT) {
            // Answered at once, not after a whole runtime started to say so (issue 14: 42 s); only to a member.
            throw SandboxException.notFound("table", preview.get().table());
        }
        if (!launcher.available()) {
            throw new SandboxException(ErrorCode.RUNTIME_UNAVAILABLE, "jobs cannot run now: " + launcher.unavailableReason());
        }
        String salt = salts.forWorkspace(workspace.id());
        String token = newToken();
        String prefix = switch (kind) {
            case JOB -> "job";
            case PREVIEW -> "preview";
            case SNAPSHOT -> "snapshot";
        };
        String request = switch (kind) {
            case JOB -> "job.submit";
            case PREVIEW -> "workspace.preview-request";
            case SNAPSHOT -> "workspace.snapshot-request";
        };
        String detail = switch (kind) {
            case JOB -> name + ": " + steps.size() + " step(s)";
            case PREVIEW -> "table " + preview.orElseThrow().table() + ", limit " + preview.orElseThrow().limit();
            case SNAPSHOT -> "table " + snapshot.orElseThrow().table() + ", at most " + snapshot.orElseThrow().maxRows() + " rows";
        };
        Job job = new Job(ids.next(prefix), workspace.id(), kind, name, steps, actor.userId(),
                now(), JobState.QUEUED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        tx.executeWithoutResult(status -> {
            store.insert(job, sha256(token));
            audit.append(event(actor.userId(), roles(actor), request, job, workspace, AuditEvent.Outcome.DONE, Optional.empty(), detail));
        });
        WorkspaceProvisioner.Layout layout = workspaces.layout(workspace.id());
        JobLauncher.Run run = new JobLauncher.Run(job.id(), kind, actor.userId(), workspace.id(), PolicyCompiler.serviceName(workspace.id()),
                workspace.databaseName(), layout.root(), layout.warehouse(), layout.files(), layout.jobs(), sources(), steps, preview,
                snapshot, token, salt);
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(run, () -> markRunning(job.id()),
                pid -> store.recordProcess(job.id(), pid));
        CompletableFuture<Void> recorded = outcome.handle((result, failure) -> {
            JobLauncher.Outcome end = failure == null ? result
                    : JobLauncher.Outcome.of(JobState.FAILED, "LAUNCH_FAILED", "the runtime could not be run: " + failure);
            try {
                finish(job.id(), end);
            } catch (RuntimeException e) {
                log.error("cannot record the end of job {}", job.id(), e);
            }
            return null;
        });
        return new Started(job, outcome, recorded);
    }

    /** Right before the process starts: the job must still be queued and its submitter still allowed to work. */
    private boolean markRunning(String jobId) {
        Boolean ok = tx.execute(status -> {
            Job job = store.lock(jobId).orElseThrow();
            if (job.state() != JobState.QUEUED) {
                return false;
            }
            try {
                workspaces.requireAccess(job.submittedBy(), job.workspaceId());
            } catch (SandboxException e) {
                finishLocked(job, JobLauncher.Outcome.of(JobState.REFUSED, e.code().name(), e.getMessage()));
                return false;
            }
            store.update(job.started(now()));
            return true;
        });
        return Boolean.TRUE.equals(ok);
    }

    private void finish(String jobId, JobLauncher.Outcome outcome) {
        workspaces.recordStorage(store.find(jobId).orElseThrow().workspaceId());
        tx.executeWithoutResult(status -> {
            Job job = store.lock(jobId).orElseThrow();
            if (!job.state().finished()) {
                finishLocked(job, outcome);
            }
        });
    }

    private void finishLocked(Job job, JobLauncher.Outcome reported) {
        Workspace workspace = workspaces.find(job.workspaceId()).orElseThrow();
        // No lineage, no success: statements without a COMPLETE are failed and what they wrote is quarantined.
        JobLauncher.Outcome outcome = lineage.settle(job, reported);
        Job done = job.finished(outcome, now(), workspace.storageBytes());
        store.update(done);
        store.clearRuntimeToken(job.id());
        String what = switch (job.kind()) {
            case JOB -> "job";
            case PREVIEW -> "workspace.preview";
            case SNAPSHOT -> "workspace.snapshot";
        };
        // Codes and step only: the runtime's message (however scrubbed) never enters the append-only log.
        String detail = summary(outcome.state(), outcome.code(), outcome.step())
                + done.metrics().map(m -> String.format(java.util.Locale.ROOT, "; cpu %.1f s, peak memory %d MB, wall %d ms",
                        m.cpuSeconds(), m.peakMemoryBytes() >> 20, m.wallMillis())).orElse("");
        audit.append(event(job.submittedBy(), Set.of(), what + "." + outcome.state().name().toLowerCase(), job, workspace,
                outcome.state() == JobState.REFUSED ? AuditEvent.Outcome.REFUSED : AuditEvent.Outcome.DONE,
                outcome.state() == JobState.REFUSED ? outcome.code() : Optional.empty(), detail));
    }

    /**
     * How a run ended, in codes: state, the runtime's code and the step, e.g. {@code FAILED CAST_INVALID_INPUT at step 2}.
     * Audit records, logs and exception messages carry this, never the runtime's free text (issue 14).
     */
    static String summary(JobState state, Optional<String> code, Optional<Integer> step) {
        return state + code.map(c -> " " + c).orElse("") + step.map(s -> " at step " + s).orElse("");
    }

    public Job get(Actor actor, String jobId) {
        Job job = store.find(jobId).orElseThrow(() -> SandboxException.notFound("job", jobId));
        requireReadable(actor, job);
        return job;
    }

    public String log(Actor actor, String jobId) {
        Job job = get(actor, jobId);
        return launcher.log(workspaces.layout(job.workspaceId()).jobs(), job.id(), 1 << 20).orElse("");
    }

    public List<Job> list(Actor actor, String workspaceId, int limit) {
        workspaces.get(actor, workspaceId);
        if (limit < 1 || limit > 500) {
            throw SandboxException.invalid("limit must be 1-500");
        }
        return store.inWorkspace(workspaceId, limit);
    }

    public JobStore.Usage usage(Actor actor, String workspaceId) {
        workspaces.get(actor, workspaceId);
        return store.usage(workspaceId);
    }

    /** Cancels a queued or running job: members of its workspace only. */
    public Job cancel(Actor actor, String jobId) {
        Job job = store.find(jobId).orElseThrow(() -> SandboxException.notFound("job", jobId));
        requireReadable(actor, job);
        if (!workspaces.find(job.workspaceId()).map(w -> workspaces.subject(w.id()).map(s -> s.members().contains(actor.userId()))
                .orElse(false)).orElse(false)) {
            throw new SandboxException(ErrorCode.NOT_A_MEMBER, actor.userId() + " is not a member of workspace " + job.workspaceId());
        }
        if (job.state().finished()) {
            throw new SandboxException(ErrorCode.JOB_ALREADY_FINISHED, "job " + jobId + " already ended " + job.state());
        }
        stop(jobId, JobLauncher.Outcome.of(JobState.CANCELLED, "CANCELLED", "cancelled by " + actor.userId()));
        return store.find(jobId).orElseThrow();
    }

    /** Stops every unfinished job of a workspace (its lab or grant ended); returns how many. */
    public int stopAll(String workspaceId, String reason) {
        int stopped = 0;
        for (Job job : store.unfinished()) {
            if (job.workspaceId().equals(workspaceId)) {
                stop(job.id(), JobLauncher.Outcome.of(JobState.CANCELLED, "WORKSPACE_CLOSED", reason));
                stopped++;
            }
        }
        return stopped;
    }

    private void stop(String jobId, JobLauncher.Outcome outcome) {
        // Record first: the credential dies with the record, then the process is stopped.
        finish(jobId, outcome);
        launcher.cancel(jobId);
    }

    /**
     * Jobs an earlier controller incarnation left unfinished cannot be followed: whatever of them still runs is
     * stopped (the launcher checks it really is the job's runtime), and they are ended as FAILED with code
     * {@code CONTROLLER_RESTARTED}, audited, their credential cleared (it stopped working when this incarnation
     * started: {@link JobStore#runningByTokenHash}) and what they wrote without lineage quarantined.
     */
    public int abandonOrphans() {
        int count = 0;
        for (Job job : store.unfinishedOfEarlierIncarnations()) {
            try {
                boolean stopped = launcher.stopLeftover(job, store.pid(job.id()));
                finish(job.id(), JobLauncher.Outcome.of(JobState.FAILED, "CONTROLLER_RESTARTED", "the controller restarted while the job"
                        + " was " + job.state() + (stopped ? "; its runtime was stopped" : "") + "; submit it again"));
                count++;
            } catch (RuntimeException e) {
                log.error("cannot end job {} left by an earlier controller; the next start retries", job.id(), e);
            }
        }
        return count;
    }

    /**
     * Stops every unfinished job whose submitter may no longer work in its workspace (the grant was suspended,
     * revoked, terminated or expired, or the member removed or no longer vetted): CANCELLED with code
     * {@code ACCESS_CLOSED}, recorded (which kills the credential) and then the process tree killed. Returns how
     * many were stopped.
     */
    public int stopJobsWithoutAccess() {
        int stopped = 0;
        for (Job job : store.unfinished()) {
            Optional<SandboxException> denied = accessDenied(job);
            if (denied.isPresent()) {
                stop(job.id(), JobLauncher.Outcome.of(JobState.CANCELLED, ACCESS_CLOSED, "stopped: " + denied.get().code()
                        + " (" + denied.get().getMessage() + ")"));
                stopped++;
            }
        }
        return stopped;
    }

    /** The unfinished jobs whose submitter may no longer work in their workspace, as the current transaction sees it. */
    public List<String> jobsWithoutAccess() {
        return store.unfinished().stream().filter(job -> accessDenied(job).isPresent()).map(Job::id).toList();
    }

    /** The result code of a job stopped because its submitter's access to the workspace closed. */
    public static final String ACCESS_CLOSED = "ACCESS_CLOSED";

    private Optional<SandboxException> accessDenied(Job job) {
        try {
            workspaces.requireAccess(job.submittedBy(), job.workspaceId());
            return Optional.empty();
        } catch (SandboxException e) {
            return Optional.of(e);
        }
    }

    private void requireReadable(Actor actor, Job job) {
        // Not-found rather than forbidden: others may not learn that the job exists.
        workspaces.subject(job.workspaceId()).filter(s -> workspaces.mayRead(actor, s))
                .orElseThrow(() -> SandboxException.notFound("job", job.id()));
    }

    private List<JobLauncher.Source> sources() {
        List<JobLauncher.Source> result = new ArrayList<>();
        for (Dataset dataset : catalog.datasets()) {
            String schema = dataset.columns().stream().map(c -> c.name() + " " + c.type().toUpperCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
            result.add(new JobLauncher.Source(dataset.id(), "csv", sources.location(dataset.id()), schema));
        }
        return result;
    }

    private static AuditEvent event(String actor, Set<String> roles, String action, Job job, Workspace workspace,
            AuditEvent.Outcome outcome, Optional<String> code, String detail) {
        return new AuditEvent(actor, roles, action, "job", job.id(), Optional.of(workspace.organizationId()), outcome, code,
                "workspace " + workspace.id() + "; " + detail);
    }

    private static Set<String> roles(Actor actor) {
        return actor.roles().stream().map(Enum::name).collect(Collectors.toSet());
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256(String value) {
        return Sha256.hex(value);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
