package org.shuyu.controller.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobSettlement;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.lineage.LineageMirror;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.store.LineageStore;
import org.shuyu.lineage.store.ProcessRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * "No lineage, no success" (docs/lineage.md), the lineage side of a job's end: a statement without COMPLETE is
 * failed, the outputs of every failed statement are quarantined, and a job that claims success without complete
 * lineage fails with {@code LINEAGE_INCOMPLETE}.
 */
@Service
public class LineageSettlement implements JobSettlement {
    /** The code a job ends with when its runtime reported success but some statement's lineage is missing. */
    public static final String LINEAGE_INCOMPLETE = "LINEAGE_INCOMPLETE";

    private final LineageStore store;
    private final LineageMirror mirror;
    private final WorkspaceService workspaces;
    private final AuditLog audit;
    private final Clock clock;
    private final LineageExport export;

    public LineageSettlement(LineageStore store, ObjectProvider<LineageMirror> mirror, WorkspaceService workspaces, AuditLog audit,
            Clock clock, ObjectProvider<LineageExport> export) {
        this.store = requireNonNull(store, "store is null");
        this.mirror = mirror.getIfAvailable(() -> LineageMirror.NONE);
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.export = export.getIfAvailable(() -> LineageExport.NONE);
    }

    /**
     * Called when a job ends, inside the transaction that records its end: ends every statement still running as
     * failed, quarantines what it wrote, and turns a success without complete lineage into a failure. The settled
     * lineage is then handed to the {@link LineageExport} (OpenLineage) with the outcome the job is recorded with.
     */
    @Override
    public JobLauncher.Outcome settle(Job job, JobLauncher.Outcome reported) {
        Workspace workspace = workspaces.find(job.workspaceId()).orElseThrow();
        JobLauncher.Outcome outcome = settleLineage(job, workspace, reported);
        export.ended(job, workspace, outcome, now());
        return outcome;
    }

    private JobLauncher.Outcome settleLineage(Job job, Workspace workspace, JobLauncher.Outcome outcome) {
        List<LineageProcess> open = LineageCalls.call(() -> store.openProcesses(job.id()));
        String reason = "job " + job.id() + " ended " + outcome.state() + outcome.code().map(c -> " " + c).orElse("")
                + " before the statement's lineage was complete";
        List<String> quarantined = LineageCalls.call(() -> store.failOpenProcesses(job.id(), now(), reason));
        for (LineageProcess process : open) {
            store.process(job.id(), process.step()).ifPresent(mirror::ended);
        }
        LineageAuditEvents.quarantine(job, workspace, quarantined, reason).ifPresent(audit::append);
        if (outcome.state() != JobState.SUCCEEDED) {
            return outcome;
        }
        int steps = job.kind().readsOneTable() ? 1 : job.steps().size();
        Map<Integer, LineageProcess.State> byStep = new HashMap<>();
        for (ProcessRecord record : LineageCalls.call(() -> store.processesOf(job.id()))) {
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

    private Instant now() {
        return clock.instant();
    }
}
