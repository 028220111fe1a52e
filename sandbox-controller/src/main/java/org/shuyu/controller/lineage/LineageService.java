package org.shuyu.controller.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Column;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageMirror;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.WriteMode;
import org.shuyu.policy.Classification;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lineage as the job runtime reports it (docs/lineage.md): each statement's START is checked against its job and
 * workspace and stored with who ran it, under which grant, before the statement may run; its COMPLETE or FAIL ends
 * it. When a job ends, {@link #settle} makes "no lineage, no success" true: a statement without COMPLETE is failed,
 * the outputs of every failed statement are quarantined, and a job that claims success without complete lineage
 * fails with {@code LINEAGE_INCOMPLETE}. Every stored record is mirrored (Atlas) through the outbox of
 * {@link LineageMirror}, in the same transaction.
 */
@Service
public class LineageService {
    /** The code a job ends with when its runtime reported success but some statement's lineage is missing. */
    public static final String LINEAGE_INCOMPLETE = "LINEAGE_INCOMPLETE";

    private final LineageRepository repository;
    private final LineageMirror mirror;
    private final WorkspaceService workspaces;
    private final CatalogService catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    public LineageService(LineageRepository repository, ObjectProvider<LineageMirror> mirror, WorkspaceService workspaces,
            CatalogService catalog, AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.repository = requireNonNull(repository, "repository is null");
        this.mirror = mirror.getIfAvailable(() -> LineageMirror.NONE);
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Stores an event of {@code job} (the running job whose runtime credential the request carried). Idempotent: the
     * runtime retries until it gets an answer, so a repeated event is acknowledged again and changes nothing.
     */
    public void record(Job job, LineageEvent event) {
        requireNonNull(job, "job is null");
        requireNonNull(event, "event is null");
        if (!event.jobId().equals(job.id())) {
            throw invalid("the event is for job " + event.jobId() + ", the credential for job " + job.id());
        }
        int steps = job.kind() == Job.Kind.PREVIEW ? 1 : job.steps().size();
        if (event.step() > steps) {
            throw invalid("job " + job.id() + " has " + steps + " step(s), the event is for step " + event.step());
        }
        Workspace workspace = workspaces.find(job.workspaceId())
                .orElseThrow(() -> SandboxException.notFound("workspace", job.workspaceId()));
        if (event.phase() == LineageEvent.Phase.START) {
            Map<ColumnRef, Sensitivity> sources = checkStart(job, workspace, event);
            LineageProcess process = new LineageProcess(job.id(), event.step(), event.statement(), workspace.id(),
                    workspace.kind() == Workspace.Kind.GRANT ? workspace.id() : null, workspace.organizationId(),
                    job.submittedBy(), now(), null, LineageProcess.State.RUNNING);
            tx.executeWithoutResult(status -> {
                LineageRepository.Stored stored = repository.recordStart(process, event, sources);
                if (stored == LineageRepository.Stored.CONFLICT) {
                    throw new SandboxException(ErrorCode.LINEAGE_CONFLICT, "step " + event.step() + " of job " + job.id()
                            + " already has a different START");
                }
                if (stored == LineageRepository.Stored.NEW) {
                    mirror.started(process, event);
                }
            });
            return;
        }
        LineageProcess.State state = event.phase() == LineageEvent.Phase.COMPLETE ? LineageProcess.State.COMPLETED
                : LineageProcess.State.FAILED;
        tx.executeWithoutResult(status -> {
            Optional<LineageProcess> before = repository.processes(job.id()).stream()
                    .filter(p -> p.step() == event.step()).findFirst();
            if (before.isEmpty()) {
                throw invalid(event.phase() + " for step " + event.step() + " of job " + job.id() + " before its START");
            }
            if (before.get().state() != LineageProcess.State.RUNNING) {
                if (before.get().state() == state) {
                    return; // a retried end: already stored
                }
                throw new SandboxException(ErrorCode.LINEAGE_CONFLICT, "step " + event.step() + " of job " + job.id()
                        + " already ended " + before.get().state());
            }
            LineageProcess ended = repository.recordEnd(job.id(), event.step(), state, now()).orElseThrow();
            mirror.ended(ended);
            if (state == LineageProcess.State.FAILED) {
                quarantineOutputs(job, workspace, List.of(ended), "step " + event.step() + " failed"
                        + Optional.ofNullable(event.message()).map(m -> ": " + m).orElse(""));
            }
        });
    }

    /**
     * Called when a job ends, inside the transaction that records its end: ends every statement still running as
     * failed, quarantines what failed statements wrote, and turns a success without complete lineage into a failure.
     */
    public JobLauncher.Outcome settle(Job job, JobLauncher.Outcome outcome) {
        Workspace workspace = workspaces.find(job.workspaceId()).orElseThrow();
        List<LineageProcess> failed = new ArrayList<>();
        Map<Integer, LineageProcess> byStep = new HashMap<>();
        for (LineageProcess process : repository.processes(job.id())) {
            LineageProcess settled = process;
            if (process.state() == LineageProcess.State.RUNNING) {
                settled = repository.recordEnd(job.id(), process.step(), LineageProcess.State.FAILED, now()).orElseThrow();
                mirror.ended(settled);
            }
            if (settled.state() == LineageProcess.State.FAILED) {
                failed.add(settled);
            }
            byStep.put(settled.step(), settled);
        }
        String reason = "job " + job.id() + " ended " + outcome.state() + outcome.code().map(c -> " " + c).orElse("")
                + " before its statement's lineage was complete";
        Set<String> quarantined = quarantineOutputs(job, workspace, failed, reason);
        if (outcome.state() != JobState.SUCCEEDED) {
            return outcome;
        }
        int steps = job.kind() == Job.Kind.PREVIEW ? 1 : job.steps().size();
        List<Integer> missing = new ArrayList<>();
        for (int step = 1; step <= steps; step++) {
            LineageProcess process = byStep.get(step);
            if (process == null || process.state() != LineageProcess.State.COMPLETED) {
                missing.add(step);
            }
        }
        if (missing.isEmpty()) {
            return outcome;
        }
        String message = "the runtime reported success but the lineage of step(s) " + missing
                + " is not complete, so the job did not succeed"
                + (quarantined.isEmpty() ? "" : "; quarantined: " + String.join(", ", quarantined));
        return new JobLauncher.Outcome(JobState.FAILED, Optional.of(LINEAGE_INCOMPLETE), Optional.of(message),
                Optional.of(missing.get(0)), outcome.usage(), Optional.empty());
    }

    /** Tables of a workspace database that are quarantined (for the workspace's policies). */
    public Set<String> quarantinedTables(String workspaceDatabase) {
        return repository.quarantinedIn(workspaceDatabase);
    }

    private Set<String> quarantineOutputs(Job job, Workspace workspace, List<LineageProcess> processes, String reason) {
        Set<String> names = new TreeSet<>();
        for (LineageProcess process : processes) {
            for (OutputDataset output : repository.outputs(job.id(), process.step())) {
                if (output.mode() != WriteMode.DROP) {
                    repository.quarantine(output.name(), job.id(), reason);
                    names.add(output.name());
                }
            }
        }
        if (!names.isEmpty()) {
            audit.append(new AuditEvent(job.submittedBy(), Set.of(), "lineage.quarantine", "job", job.id(),
                    Optional.of(workspace.organizationId()), AuditEvent.Outcome.DONE, Optional.empty(),
                    "workspace " + workspace.id() + "; quarantined " + String.join(", ", names) + ": " + reason));
        }
        return names;
    }

    /** A START must fit its job: statement kind, and datasets only of this workspace or the catalog's sources. */
    private Map<ColumnRef, Sensitivity> checkStart(Job job, Workspace workspace, LineageEvent event) {
        boolean preview = job.kind() == Job.Kind.PREVIEW;
        if (preview != (event.statement() == StatementKind.PREVIEW)) {
            throw invalid("a " + (preview ? "preview" : "job") + " cannot report a " + event.statement() + " statement");
        }
        String own = workspace.databaseName().toLowerCase(Locale.ROOT) + ".";
        Map<ColumnRef, Sensitivity> sensitivities = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (InputDataset input : event.inputs()) {
            if (!seen.add(input.name())) {
                throw invalid("input " + input.name() + " is listed twice");
            }
            if (input.kind() == DatasetKind.SOURCE) {
                Dataset dataset = catalog.find(input.name()).orElseThrow(() -> new SandboxException(
                        ErrorCode.LINEAGE_OUT_OF_SCOPE, "source " + input.name() + " is not a catalog dataset"));
                Map<String, Column> columns = new HashMap<>();
                dataset.columns().forEach(c -> columns.put(c.name(), c));
                for (String name : input.columns()) {
                    Column column = columns.get(name.toLowerCase(Locale.ROOT));
                    if (column == null) {
                        throw invalid("source " + input.name() + " has no column " + name);
                    }
                    sensitivities.put(new ColumnRef(input.name(), name), new Sensitivity(
                            Classification.valueOf(column.classification().name()), column.grade()));
                }
            } else if (!input.name().startsWith(own)) {
                throw new SandboxException(ErrorCode.LINEAGE_OUT_OF_SCOPE, "input " + input.name()
                        + " is neither a source nor in workspace database " + workspace.databaseName());
            }
        }
        for (OutputDataset output : event.outputs()) {
            if (!output.name().startsWith(own)) {
                throw new SandboxException(ErrorCode.LINEAGE_OUT_OF_SCOPE, "output " + output.name()
                        + " is not in workspace database " + workspace.databaseName());
            }
        }
        if (preview && !event.outputs().isEmpty()) {
            throw invalid("a preview writes nothing");
        }
        return sensitivities;
    }

    private Instant now() {
        return clock.instant();
    }

    private static SandboxException invalid(String message) {
        return new SandboxException(ErrorCode.INVALID_LINEAGE_EVENT, message);
    }
}
