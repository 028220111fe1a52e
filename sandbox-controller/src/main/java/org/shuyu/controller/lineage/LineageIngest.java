package org.shuyu.controller.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Column;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.owndata.OwnDataSources;
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
import org.shuyu.lineage.store.LineageStore;
import org.shuyu.lineage.store.ProcessRecord;
import org.shuyu.policy.Classification;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Lineage as the job runtime reports it (docs/lineage.md): each statement's START is checked against its job and
 * workspace and stored with who ran it, under which grant, before the statement may run; its COMPLETE or FAIL ends
 * it (a failed statement's outputs are quarantined). Every stored record is mirrored (Atlas) through the outbox of
 * {@link LineageMirror}, in the same transaction. {@link LineageSettlement} settles a job's lineage when it ends.
 */
@Service
public class LineageIngest {
    private final LineageStore store;
    private final LineageMirror mirror;
    private final WorkspaceService workspaces;
    private final CatalogService catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final LineageCalls calls;
    private final LineageExport export;
    private final OwnDataSources ownData;

    public LineageIngest(LineageStore store, ObjectProvider<LineageMirror> mirror, WorkspaceService workspaces,
            CatalogService catalog, AuditLog audit, Clock clock, LineageCalls calls, ObjectProvider<LineageExport> export,
            OwnDataSources ownData) {
        this.ownData = requireNonNull(ownData, "ownData is null");
        this.store = requireNonNull(store, "store is null");
        this.mirror = mirror.getIfAvailable(() -> LineageMirror.NONE);
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.calls = requireNonNull(calls, "calls is null");
        this.export = export.getIfAvailable(() -> LineageExport.NONE);
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
            calls.inTransaction(() -> {
                if (store.recordStart(process, event, sources)) {
                    mirror.started(process, event);
                    if (event.step() == 1) {
                        export.started(job, workspace, process.startedAt());
                    }
                }
            });
            return;
        }
        LineageProcess.State state = event.phase() == LineageEvent.Phase.COMPLETE ? LineageProcess.State.COMPLETED
                : LineageProcess.State.FAILED;
        calls.inTransaction(() -> {
            if (store.process(job.id(), event.step()).isEmpty()) {
                throw invalid(event.phase() + " for step " + event.step() + " of job " + job.id() + " before its START");
            }
            if (store.recordEnd(job.id(), event.step(), state, now())) {
                LineageProcess ended = store.process(job.id(), event.step()).orElseThrow();
                mirror.ended(ended);
                if (state == LineageProcess.State.FAILED) {
                    LineageAuditEvents.quarantine(job, workspace, outputsOf(job.id(), event.step()), "step " + event.step()
                            + " failed" + Optional.ofNullable(event.message()).map(m -> ": " + m).orElse("")).ifPresent(audit::append);
                }
            }
        });
    }

    private List<String> outputsOf(String jobId, int step) {
        return store.processesOf(jobId).stream().filter(r -> r.process().step() == step)
                .flatMap(r -> r.outputs().stream()).filter(o -> o.mode() != WriteMode.DROP)
                .map(ProcessRecord.Output::dataset).sorted().toList();
    }

    /** A START must fit its job: statement kind, and datasets only of this workspace or the catalog's sources. */
    private Map<ColumnRef, Sensitivity> checkStart(Job job, Workspace workspace, LineageEvent event) {
        // A preview or snapshot reads one table (PREVIEW); a batch job's steps are never PREVIEWs; an interactive
        // statement may be either (a Spark Connect query whose rows go back to the member is a PREVIEW).
        boolean preview = event.statement() == StatementKind.PREVIEW;
        boolean allowed = switch (job.kind()) {
            case PREVIEW, SNAPSHOT -> preview;
            case JOB -> !preview;
            case STATEMENT -> true;
        };
        if (!allowed) {
            throw invalid("a " + (job.kind().readsOneTable() ? "preview" : job.kind().name().toLowerCase(Locale.ROOT))
                    + " cannot report a " + event.statement() + " statement");
        }
        String own = workspace.databaseName().toLowerCase(Locale.ROOT) + ".";
        Map<ColumnRef, Sensitivity> sensitivities = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (InputDataset input : event.inputs()) {
            if (!seen.add(input.name())) {
                throw invalid("input " + input.name() + " is listed twice");
            }
            if (input.kind() == DatasetKind.SOURCE) {
                // A catalog dataset, or this workspace's own approved data (R-19c) with its declared grades.
                Dataset dataset = catalog.find(input.name()).or(() -> ownData.find(workspace.id(), input.name()))
                        .orElseThrow(() -> new SandboxException(
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
