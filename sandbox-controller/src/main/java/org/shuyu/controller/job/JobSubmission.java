package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.owndata.OwnDataSources;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.controller.workspace.WorkspaceReconciliation;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.policy.PolicyCompiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs in workspaces (R-19a, R-09b): members submit job specs; each runs in its own process with the enforced Spark
 * runtime, holding a runtime credential that lets it download its workspace's policies while it runs and nothing
 * else. This class admits a run (access, a ready workspace, a runtime), records and audits its request, and hands it
 * to the launcher; {@link JobRecorder} records how it moves on. Previews and snapshots ({@link TableRuns}) are runs
 * of the same kind.
 */
@Service
public class JobSubmission {
    private static final Logger log = LoggerFactory.getLogger(JobSubmission.class);
    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JobStore store;
    private final JobLauncher launcher;
    private final JobRecorder recorder;
    private final WorkspaceService workspaces;
    private final WorkspaceReconciliation reconciliation;
    private final CatalogService catalog;
    private final SourceData sources;
    private final MaskSalts salts;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final TransactionTemplate tx;
    private final OwnDataSources ownData;

    public JobSubmission(JobStore store, JobLauncher launcher, JobRecorder recorder, WorkspaceService workspaces,
            WorkspaceReconciliation reconciliation, CatalogService catalog, SourceData sources, MaskSalts salts, AuditLog audit,
            Clock clock, IdGenerator ids, PlatformTransactionManager transactions, OwnDataSources ownData) {
        this.ownData = requireNonNull(ownData, "ownData is null");
        this.store = requireNonNull(store, "store is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.reconciliation = requireNonNull(reconciliation, "reconciliation is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.sources = requireNonNull(sources, "sources is null");
        this.salts = requireNonNull(salts, "salts is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.tx = new TransactionTemplate(transactions);
    }

    public Job submit(Actor actor, String workspaceId, JobSpec spec) {
        Started started = start(actor, workspaceId, Job.Kind.JOB, spec.name(), spec.steps(), Optional.empty(), Optional.empty());
        return started.job();
    }

    /** A run handed to the launcher: its outcome, and when its end has been recorded. */
    record Started(Job job, CompletableFuture<JobLauncher.Outcome> outcome, CompletableFuture<Void> recorded) {}

    static void requireTableName(String table) {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new SandboxException(ErrorCode.INVALID_TABLE_NAME, "table must be a lowercase name of the workspace database"
                    + " (a-z, 0-9, '_', starting with a letter)");
        }
    }

    Started start(Actor actor, String workspaceId, Job.Kind kind, String name, List<String> steps,
            Optional<JobLauncher.Preview> preview, Optional<JobLauncher.Snapshot> snapshot) {
        workspaces.requireAccess(actor, workspaceId);
        Workspace workspace = WorkspaceService.requireReady(reconciliation.reconcile(workspaceId), workspaceId);
        if (preview.isPresent() && workspaces.table(workspace, preview.get().table()) == WorkspaceProvisioner.TablePresence.ABSENT) {
            // Answered at once, not after a whole runtime started to say so (issue 14: 42 s); only to a member.
            throw SandboxException.notFound("table", preview.get().table());
        }
        if (!launcher.available()) {
            throw new SandboxException(ErrorCode.RUNTIME_UNAVAILABLE, "jobs cannot run now: " + launcher.unavailableReason());
        }
        String salt = salts.forWorkspace(workspace.id());
        String detail = switch (kind) {
            case JOB -> name + ": " + steps.size() + " step(s)";
            case PREVIEW -> "table " + preview.orElseThrow().table() + ", limit " + preview.orElseThrow().limit();
            case SNAPSHOT -> "table " + snapshot.orElseThrow().table() + ", at most " + snapshot.orElseThrow().maxRows() + " rows";
            case STATEMENT -> throw new IllegalArgumentException("a STATEMENT is run by a workspace engine, not launched");
        };
        Credentialed credentialed = record(actor.userId(), actor.roles().stream().map(Enum::name).collect(Collectors.toSet()),
                workspace, kind, name, steps, detail);
        Job job = credentialed.job();
        String token = credentialed.token();
        WorkspaceProvisioner.Layout layout = workspaces.layout(workspace.id());
        JobLauncher.Run run = new JobLauncher.Run(job.id(), kind, actor.userId(), workspace.id(), PolicyCompiler.serviceName(workspace.id()),
                workspace.databaseName(), layout.root(), layout.warehouse(), layout.files(), layout.jobs(), sources(workspace.id()), steps, preview,
                snapshot, token, salt);
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(run, () -> recorder.markRunning(job.id()),
                pid -> store.recordProcess(job.id(), pid));
        CompletableFuture<Void> recorded = outcome.handle((result, failure) -> {
            JobLauncher.Outcome end = failure == null ? result
                    : JobLauncher.Outcome.of(JobState.FAILED, "LAUNCH_FAILED", "the runtime could not be run: " + failure);
            try {
                recorder.finish(job.id(), end);
            } catch (RuntimeException e) {
                log.error("cannot record the end of job {}", job.id(), e);
            }
            return null;
        });
        return new Started(job, outcome, recorded);
    }

    /** A run recorded QUEUED with its runtime credential (the token itself; only its SHA-256 is stored). */
    public record Credentialed(Job job, String token) {
        public Credentialed {
            requireNonNull(job, "job is null");
            requireNonNull(token, "token is null");
        }

        @Override
        public String toString() {
            return "Credentialed[job=" + job.id() + "]"; // never the credential
        }
    }

    /**
     * Records an interactive STATEMENT (issue 16) QUEUED with a runtime credential, after the same gate as every run
     * ({@link WorkspaceService#requireAccess(String, String)}: active grant, current member, vetted) and a ready
     * workspace; the workspace's warm engine runs it, not the launcher. {@code roles} are the requester's token roles
     * for the audit record (empty for a Spark Connect statement the engine registers). {@code detail} names the session,
     * never the SQL text (the text is the job's step, as for jobs).
     */
    public Credentialed recordStatement(String userId, Set<String> roles, String workspaceId, String name, String step, String detail) {
        workspaces.requireAccess(userId, workspaceId);
        Workspace workspace = WorkspaceService.requireReady(reconciliation.reconcile(workspaceId), workspaceId);
        return record(userId, roles, workspace, Job.Kind.STATEMENT, name, List.of(step), detail);
    }

    private Credentialed record(String userId, Set<String> roles, Workspace workspace, Job.Kind kind, String name, List<String> steps,
            String detail) {
        String token = newToken();
        String prefix = switch (kind) {
            case JOB -> "job";
            case PREVIEW -> "preview";
            case SNAPSHOT -> "snapshot";
            case STATEMENT -> "stmt";
        };
        Job job = new Job(ids.next(prefix), workspace.id(), kind, name, steps, userId,
                now(), JobState.QUEUED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        tx.executeWithoutResult(status -> {
            store.insert(job, Sha256.hex(token));
            audit.append(JobAuditEvents.requested(userId, roles, job, workspace, detail));
        });
        return new Credentialed(job, token);
    }

    private List<JobLauncher.Source> sources(String workspaceId) {
        List<JobLauncher.Source> result = new ArrayList<>();
        for (Dataset dataset : catalog.datasets()) {
            result.add(new JobLauncher.Source(dataset.id(), "csv", sources.location(dataset.id()), schema(dataset)));
        }
        // The grant's approved own data (R-19c, docs/own-data.md): a source of this workspace only.
        for (OwnDataSources.Source own : ownData.of(workspaceId)) {
            result.add(new JobLauncher.Source(own.dataset().id(), "csv", own.location(), schema(own.dataset())));
        }
        return result;
    }

    private static String schema(Dataset dataset) {
        return dataset.columns().stream().map(c -> c.name() + " " + c.type().toUpperCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
