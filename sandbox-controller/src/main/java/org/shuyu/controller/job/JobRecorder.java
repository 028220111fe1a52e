package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.workflow.Transition;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceReconciliation;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records each move of a job through {@link JobLifecycle}, under the job's row lock: the start (or the refusal of a
 * job whose submitter may no longer work in the workspace) and the end, settled first ({@link JobSettlement}: no
 * lineage, no success), metered, audited and with the runtime credential cleared.
 */
@Service
public class JobRecorder {
    private final JobStore store;
    private final WorkspaceService workspaces;
    private final WorkspaceReconciliation reconciliation;
    private final JobSettlement settlement;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    public JobRecorder(JobStore store, WorkspaceService workspaces, WorkspaceReconciliation reconciliation, JobSettlement settlement,
            AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.store = requireNonNull(store, "store is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.reconciliation = requireNonNull(reconciliation, "reconciliation is null");
        this.settlement = requireNonNull(settlement, "settlement is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Right before the process starts: the job must still be queued ({@link JobEvent#START} allowed) and its submitter
     * still allowed to work, or it is REFUSED with the gate's code. Returns whether it started.
     */
    boolean markRunning(String jobId) {
        Boolean ok = tx.execute(status -> {
            Job job = store.lock(jobId).orElseThrow();
            if (!JobLifecycle.TABLE.allows(job.state(), JobEvent.START)) {
                return false;
            }
            try {
                workspaces.requireAccess(job.submittedBy(), job.workspaceId());
            } catch (SandboxException e) {
                finishLocked(job, JobLauncher.Outcome.of(JobState.REFUSED, e.code().name(), e.getMessage()), Optional.empty());
                return false;
            }
            store.update(job.started(now()));
            return true;
        });
        return Boolean.TRUE.equals(ok);
    }

    /** Records how a run ended, unless the job already ended (the event follows from the outcome's state). */
    void finish(String jobId, JobLauncher.Outcome outcome) {
        finish(jobId, outcome, Optional.empty());
    }

    /** Records that an earlier controller incarnation left the job unfinished ({@link JobEvent#ABANDON}). */
    void abandon(String jobId, JobLauncher.Outcome outcome) {
        finish(jobId, outcome, Optional.of(JobEvent.ABANDON));
    }

    private void finish(String jobId, JobLauncher.Outcome outcome, Optional<JobEvent> event) {
        reconciliation.recordStorage(store.find(jobId).orElseThrow().workspaceId());
        tx.executeWithoutResult(status -> {
            Job job = store.lock(jobId).orElseThrow();
            if (!JobLifecycle.ended(job.state())) {
                finishLocked(job, outcome, event);
            }
        });
    }

    private void finishLocked(Job job, JobLauncher.Outcome reported, Optional<JobEvent> event) {
        Workspace workspace = workspaces.find(job.workspaceId()).orElseThrow();
        // No lineage, no success: statements without a COMPLETE are failed and what they wrote is quarantined.
        JobLauncher.Outcome outcome = settlement.settle(job, reported);
        Transition<JobState, JobEvent, Void> transition = JobLifecycle.TABLE.require(job.state(),
                event.orElseGet(() -> JobLifecycle.ending(outcome.state())));
        if (transition.to() != outcome.state()) {
            throw new IllegalStateException("job " + job.id() + ": " + transition.event() + " leads to " + transition.to()
                    + ", the outcome says " + outcome.state());
        }
        Job done = job.finished(outcome, now(), workspace.storageBytes());
        store.update(done);
        store.clearRuntimeToken(job.id());
        // Codes and step only: the runtime's message (however scrubbed) never enters the append-only log.
        String detail = summary(outcome.state(), outcome.code(), outcome.step())
                + done.metrics().map(m -> String.format(Locale.ROOT, "; cpu %.1f s, peak memory %d MB, wall %d ms",
                        m.cpuSeconds(), m.peakMemoryBytes() >> 20, m.wallMillis())).orElse("");
        audit.append(JobAuditEvents.ended(job, workspace, transition, outcome.code(), detail));
    }

    /**
     * How a run ended, in codes: state, the runtime's code and the step, e.g. {@code FAILED CAST_INVALID_INPUT at step 2}.
     * Audit records, logs and exception messages carry this, never the runtime's free text (issue 14).
     */
    static String summary(JobState state, Optional<String> code, Optional<Integer> step) {
        return state + code.map(c -> " " + c).orElse("") + step.map(s -> " at step " + s).orElse("");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
