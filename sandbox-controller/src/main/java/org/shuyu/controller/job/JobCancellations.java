package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Every way a job is stopped before its run ends by itself: a member cancels it, its workspace closes, its
 * submitter's access closes, or an earlier controller incarnation left it behind. Each stop is recorded first (the
 * credential dies with the record) and the process stopped after.
 */
@Service
public class JobCancellations {
    private static final Logger log = LoggerFactory.getLogger(JobCancellations.class);

    /** The result code of a job stopped because its submitter's access to the workspace closed. */
    public static final String ACCESS_CLOSED = "ACCESS_CLOSED";

    private final JobStore store;
    private final JobLauncher launcher;
    private final JobRecorder recorder;
    private final JobQueries queries;
    private final WorkspaceService workspaces;
    private final ObjectProvider<StatementEngine> statements;

    public JobCancellations(JobStore store, JobLauncher launcher, JobRecorder recorder, JobQueries queries,
            WorkspaceService workspaces, ObjectProvider<StatementEngine> statements) {
        this.store = requireNonNull(store, "store is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.statements = requireNonNull(statements, "statements is null");
    }

    /** Cancels a queued or running job: members of its workspace only. */
    public Job cancel(Actor actor, String jobId) {
        Job job = store.find(jobId).orElseThrow(() -> SandboxException.notFound("job", jobId));
        queries.requireReadable(actor, job);
        if (!workspaces.find(job.workspaceId()).map(w -> workspaces.subject(w.id()).map(s -> s.members().contains(actor.userId()))
                .orElse(false)).orElse(false)) {
            throw new SandboxException(ErrorCode.NOT_A_MEMBER, actor.userId() + " is not a member of workspace " + job.workspaceId());
        }
        if (!JobLifecycle.TABLE.allows(job.state(), JobEvent.CANCEL)) {
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
        recorder.finish(jobId, outcome);
        Optional<Job> job = store.find(jobId);
        if (job.isPresent() && !job.get().launched()) {
            // A STATEMENT runs in the workspace's warm engine: cancelled there, never by killing a process (issue 16).
            StatementEngine engine = statements.getIfAvailable();
            if (engine != null) {
                engine.cancel(job.get());
            }
            return;
        }
        launcher.cancel(jobId);
    }

    /**
     * Jobs an earlier controller incarnation left unfinished cannot be followed: whatever of them still runs is
     * stopped (the launcher checks it really is the job's runtime), and they are ended as FAILED with code
     * {@code CONTROLLER_RESTARTED} ({@link JobEvent#ABANDON}), audited, their credential cleared (it stopped working
     * when this incarnation started: {@link JobStore#runningByTokenHash}) and what they wrote without lineage quarantined.
     */
    public int abandonOrphans() {
        int count = 0;
        for (Job job : store.unfinishedOfEarlierIncarnations()) {
            try {
                boolean stopped = launcher.stopLeftover(job, store.pid(job.id()));
                recorder.abandon(job.id(), JobLauncher.Outcome.of(JobState.FAILED, "CONTROLLER_RESTARTED", "the controller restarted"
                        + " while the job was " + job.state() + (stopped ? "; its runtime was stopped" : "") + "; submit it again"));
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

    private Optional<SandboxException> accessDenied(Job job) {
        try {
            workspaces.requireAccess(job.submittedBy(), job.workspaceId());
            return Optional.empty();
        } catch (SandboxException e) {
            return Optional.of(e);
        }
    }
}
