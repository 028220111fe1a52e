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
import org.shuyu.lineage.LineageException;
import org.shuyu.lineage.store.Direction;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQueries;
import org.shuyu.lineage.store.LineageQuery;
import org.shuyu.lineage.store.LineageStore;
import org.shuyu.lineage.store.ProcessRecord;
import org.shuyu.lineage.store.Quarantine;
import org.shuyu.lineage.store.Visibility;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Role;
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

    private final LineageStore store;
    private final LineageQueries queries;
    private final LineageMirror mirror;
    private final WorkspaceService workspaces;
    private final CatalogService catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    public LineageService(LineageStore store, LineageQueries queries, ObjectProvider<LineageMirror> mirror,
            WorkspaceService workspaces, CatalogService catalog, AuditLog audit, Clock clock,
            PlatformTransactionManager transactions) {
        this.store = requireNonNull(store, "store is null");
        this.queries = requireNonNull(queries, "queries is null");
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
        int steps = job.kind().readsOneTable() ? 1 : job.steps().size();
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
            inTransaction(() -> {
                if (store.recordStart(process, event, sources)) {
                    mirror.started(process, event);
                }
            });
            return;
        }
        LineageProcess.State state = event.phase() == LineageEvent.Phase.COMPLETE ? LineageProcess.State.COMPLETED
                : LineageProcess.State.FAILED;
        inTransaction(() -> {
            if (store.process(job.id(), event.step()).isEmpty()) {
                throw invalid(event.phase() + " for step " + event.step() + " of job " + job.id() + " before its START");
            }
            if (store.recordEnd(job.id(), event.step(), state, now())) {
                LineageProcess ended = store.process(job.id(), event.step()).orElseThrow();
                mirror.ended(ended);
                if (state == LineageProcess.State.FAILED) {
                    auditQuarantine(job, workspace, outputsOf(job.id(), event.step()), "step " + event.step() + " failed"
                            + Optional.ofNullable(event.message()).map(m -> ": " + m).orElse(""));
                }
            }
        });
    }

    /**
     * Called when a job ends, inside the transaction that records its end: ends every statement still running as
     * failed, quarantines what it wrote, and turns a success without complete lineage into a failure.
     */
    public JobLauncher.Outcome settle(Job job, JobLauncher.Outcome outcome) {
        Workspace workspace = workspaces.find(job.workspaceId()).orElseThrow();
        List<LineageProcess> open = call(() -> store.openProcesses(job.id()));
        String reason = "job " + job.id() + " ended " + outcome.state() + outcome.code().map(c -> " " + c).orElse("")
                + " before the statement's lineage was complete";
        List<String> quarantined = call(() -> store.failOpenProcesses(job.id(), now(), reason));
        for (LineageProcess process : open) {
            store.process(job.id(), process.step()).ifPresent(mirror::ended);
        }
        auditQuarantine(job, workspace, quarantined, reason);
        if (outcome.state() != JobState.SUCCEEDED) {
            return outcome;
        }
        int steps = job.kind().readsOneTable() ? 1 : job.steps().size();
        Map<Integer, LineageProcess.State> byStep = new HashMap<>();
        for (ProcessRecord record : call(() -> store.processesOf(job.id()))) {
            byStep.put(record.process().step(), record.process().state());
        }
        List<Integer> missing = new ArrayList<>();
        for (int step = 1; step <= steps; step++) {
            if (byStep.get(step) != LineageProcess.State.COMPLETED) {
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

    /** Table and view names (without database) of a workspace that are quarantined, for its policies. */
    public Set<String> quarantinedTables(String workspaceId) {
        Set<String> names = new TreeSet<>();
        for (Quarantine q : call(() -> store.quarantined(workspaceId))) {
            names.add(q.dataset().substring(q.dataset().indexOf('.') + 1));
        }
        return names;
    }

    /** What each statement of a job read and wrote (the caller checked that the job may be seen). */
    public List<ProcessRecord> processesOf(String jobId) {
        return call(() -> store.processesOf(jobId));
    }

    /** The quarantined datasets of a workspace with job and reason. */
    public List<Quarantine> quarantined(Actor actor, String workspaceId) {
        workspaces.subject(workspaceId).filter(s -> workspaces.mayRead(actor, s))
                .orElseThrow(() -> SandboxException.notFound("workspace", workspaceId));
        return call(() -> store.quarantined(workspaceId));
    }

    /** Upstream, downstream or both of a dataset or column, as the actor may see it. */
    public LineageGraph query(Actor actor, String dataset, String column, Direction direction, int depth, int maxNodes) {
        LineageQuery query;
        try {
            query = new LineageQuery(dataset, column, direction, depth, visibility(actor), maxNodes);
        } catch (IllegalArgumentException e) {
            throw new SandboxException(ErrorCode.INVALID_LINEAGE_QUERY, e.getMessage());
        }
        return call(() -> queries.query(query));
    }

    private Visibility visibility(Actor actor) {
        if (actor.has(Role.SECURITY) || actor.has(Role.AUTHORITY)) {
            return Visibility.ALL;
        }
        Set<String> own = new TreeSet<>();
        for (String id : workspaces.worklist()) {
            workspaces.subject(id).filter(s -> workspaces.mayRead(actor, s)).ifPresent(s -> own.add(id));
        }
        return Visibility.workspaces(own);
    }

    private List<String> outputsOf(String jobId, int step) {
        return store.processesOf(jobId).stream().filter(r -> r.process().step() == step)
                .flatMap(r -> r.outputs().stream()).filter(o -> o.mode() != WriteMode.DROP)
                .map(ProcessRecord.Output::dataset).sorted().toList();
    }

    private void auditQuarantine(Job job, Workspace workspace, List<String> names, String reason) {
        if (!names.isEmpty()) {
            audit.append(new AuditEvent(job.submittedBy(), Set.of(), "lineage.quarantine", "job", job.id(),
                    Optional.of(workspace.organizationId()), AuditEvent.Outcome.DONE, Optional.empty(),
                    "workspace " + workspace.id() + "; quarantined " + String.join(", ", names) + ": " + reason));
        }
    }

    private void inTransaction(Runnable work) {
        tx.executeWithoutResult(status -> call(() -> {
            work.run();
            return null;
        }));
    }

    /** Runs a store call, translating its refusals into the controller's error codes. */
    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (LineageException e) {
            throw translate(e);
        }
    }

    static SandboxException translate(LineageException e) {
        ErrorCode code = switch (e.code()) {
            case INVALID_EVENT, MISSING_SOURCE_SENSITIVITY, UNKNOWN_PROCESS -> ErrorCode.INVALID_LINEAGE_EVENT;
            case DATASET_MISMATCH -> ErrorCode.LINEAGE_OUT_OF_SCOPE;
            case CONFLICTING_DUPLICATE, INVALID_STATE_TRANSITION -> ErrorCode.LINEAGE_CONFLICT;
            case UNKNOWN_DATASET, UNKNOWN_COLUMN -> ErrorCode.NOT_FOUND;
            case INVALID_QUERY -> ErrorCode.INVALID_LINEAGE_QUERY;
            case NOT_IN_TRANSACTION, STORAGE_FAILURE -> ErrorCode.INTERNAL_ERROR;
        };
        return new SandboxException(code, e.getMessage(), e);
    }

    /** A START must fit its job: statement kind, and datasets only of this workspace or the catalog's sources. */
    private Map<ColumnRef, Sensitivity> checkStart(Job job, Workspace workspace, LineageEvent event) {
        boolean preview = job.kind().readsOneTable();
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
