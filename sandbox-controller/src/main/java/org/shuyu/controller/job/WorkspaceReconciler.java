package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.shuyu.controller.replica.Leadership;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceReconciliation;
import org.shuyu.controller.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes every workspace match its lab's or grant's state, one workspace per transaction, so a crash halfway
 * heals on the next pass: provisions held workspaces (repairing missing storage), closes those whose lab or
 * grant ended and stops their jobs, and tears them down once their data may be deleted (R-17a).
 */
@Component
public class WorkspaceReconciler {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceReconciler.class);
    private final WorkspaceService workspaces;
    private final WorkspaceReconciliation reconciliation;
    private final JobCancellations jobs;

    public WorkspaceReconciler(WorkspaceService workspaces, WorkspaceReconciliation reconciliation, JobCancellations jobs) {
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.reconciliation = requireNonNull(reconciliation, "reconciliation is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
    }

    private Leadership leadership;

    /** Passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    private boolean leads() {
        return leadership != null && leadership.isLeader();
    }

    public record Pass(int examined, int closedOrTornDown, int jobsStopped, int failures) {}

    /** Jobs left by an earlier controller were already ended before the server started ({@link LeftoverJobs}). */
    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        if (leads()) {
            runOnce();
        }
    }

    @Scheduled(fixedDelayString = "${sandbox.workspaces.reconcile-interval:10s}", initialDelayString = "${sandbox.workspaces.reconcile-interval:10s}")
    public void scheduled() {
        if (!leads()) {
            return;
        }
        Pass pass = runOnce();
        if (pass.closedOrTornDown() + pass.jobsStopped() + pass.failures() > 0) {
            log.info("workspace pass: {}", pass);
        }
    }

    public synchronized Pass runOnce() {
        int examined = 0;
        int ended = 0;
        int stopped = 0;
        int failures = 0;
        for (String id : workspaces.worklist()) {
            examined++;
            try {
                Optional<Workspace.State> before = workspaces.find(id).map(Workspace::state);
                Optional<Workspace> after = reconciliation.reconcile(id);
                if (after.isPresent() && after.get().state() != Workspace.State.READY
                        && after.get().state() != Workspace.State.PROVISIONING) {
                    stopped += jobs.stopAll(id, "workspace " + id + " is " + after.get().state() + ": its lab or grant ended");
                    if (!before.equals(Optional.of(after.get().state()))) {
                        ended++;
                    }
                    if (after.get().state() == Workspace.State.CLOSED) {
                        // A second step in the same pass: tear down at once if the data may already go.
                        reconciliation.reconcile(id);
                    }
                }
            } catch (RuntimeException e) {
                failures++;
                log.error("cannot reconcile workspace {}; will retry", id, e);
            }
        }
        return new Pass(examined, ended, stopped, failures);
    }
}
