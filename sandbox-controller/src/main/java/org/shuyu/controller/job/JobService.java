package org.shuyu.controller.job;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
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
 * it runs and nothing else. Outcomes, refusals and metered use are recorded and audited.
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

    public Job submit(Actor actor, String workspaceId, JobSpec spec) {
        Started started = start(actor, workspaceId, Job.Kind.JOB, spec.name(), spec.steps(), Optional.empty());
        return started.job();
    }

    /** Runs a preview job and waits for it; the rows never leave unmasked (the runtime enforces as for any job). */
    public Preview preview(Actor actor, String workspaceId, String table, int limit) {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new SandboxException(ErrorCode.INVALID_TABLE_NAME, "table must be a lowercase name of the workspace database"
                    + " (a-z, 0-9, '_', starting with a letter)");
        }
        if (limit < 1 || limit > settings.previewMaxRows()) {
            throw SandboxException.invalid("limit must be 1-" + settings.previewMaxRows() + ", got " + limit);
        }
        Started started = start(actor, workspaceId, Job.Kind.PREVIEW, "preview-" + table, List.of(), Optional.of(new JobLauncher.Preview(table, limit)));
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
            case REFUSED -> throw new SandboxException(ErrorCode.JOB_REFUSED, outcome.code().orElse("REFUSED") + ": "
                    + outcome.message().orElse("refused by the workspace's enforcement"));
            default -> throw new SandboxException(ErrorCode.JOB_FAILED, "preview " + started.job().id() + " " + outcome.state()
                    + ": " + outcome.message().orElse("no reason given"));
        };
    }

    private record Started(Job job, CompletableFuture<JobLauncher.Outcome> outcome, CompletableFuture<Void> recorded) {}

    private Started start(Actor actor, String workspaceId, Job.Kind kind, String name, List<String> steps,
            Optional<JobLauncher.Preview> preview) {
        workspaces.requireAccess(actor.userId(), workspaceId);
        Workspace workspace = WorkspaceService.requireReady(workspaces.reconcile(workspaceId), workspaceId);
        if (!launcher.available()) {
            throw new SandboxException(ErrorCode.RUNTIME_UNAVAILABLE, "jobs cannot run now: " + launcher.unavailableReason());
        }
        String salt = salts.forWorkspace(workspace.id());
        String token = newToken();
        Job job = new Job(ids.next(kind == Job.Kind.JOB ? "job" : "preview"), workspace.id(), kind, name, steps, actor.userId(),
                now(), JobState.QUEUED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        tx.executeWithoutResult(status -> {
            store.insert(job, sha256(token));
            audit.append(event(actor.userId(), roles(actor), kind == Job.Kind.JOB ? "job.submit" : "workspace.preview-request",
                    job, workspace, AuditEvent.Outcome.DONE, Optional.empty(),
                    kind == Job.Kind.JOB ? name + ": " + steps.size() + " step(s)" : "table " + preview.orElseThrow().table()
                            + ", limit " + preview.orElseThrow().limit()));
        });
        WorkspaceProvisioner.Layout layout = workspaces.layout(workspace.id());
        JobLauncher.Run run = new JobLauncher.Run(job.id(), kind, actor.userId(), workspace.id(), PolicyCompiler.serviceName(workspace.id()),
                workspace.databaseName(), layout.root(), layout.warehouse(), layout.files(), layout.jobs(), sources(), steps, preview,
                token, salt);
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(run, () -> markRunning(job.id()));
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
        String what = job.kind() == Job.Kind.JOB ? "job" : "workspace.preview";
        String detail = outcome.state() + outcome.code().map(c -> " " + c).orElse("")
                + outcome.step().map(s -> " at step " + s).orElse("") + outcome.message().map(m -> ": " + m).orElse("")
                + done.metrics().map(m -> String.format(java.util.Locale.ROOT, "; cpu %.1f s, peak memory %d MB, wall %d ms",
                        m.cpuSeconds(), m.peakMemoryBytes() >> 20, m.wallMillis())).orElse("");
        audit.append(event(job.submittedBy(), Set.of(), what + "." + outcome.state().name().toLowerCase(), job, workspace,
                outcome.state() == JobState.REFUSED ? AuditEvent.Outcome.REFUSED : AuditEvent.Outcome.DONE,
                outcome.state() == JobState.REFUSED ? outcome.code() : Optional.empty(), detail));
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

    /** Jobs left unfinished by a previous controller process cannot be followed: they are ended as failed. */
    public int abandonOrphans() {
        int count = 0;
        for (Job job : store.unfinished()) {
            if (!launcher.cancel(job.id())) {
                finish(job.id(), JobLauncher.Outcome.of(JobState.FAILED, "CONTROLLER_RESTARTED",
                        "the controller restarted while the job was " + job.state() + "; submit it again"));
                count++;
            }
        }
        return count;
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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
