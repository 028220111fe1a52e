package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.shuyu.controller.identity.RevocationLatency;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Closing access stops running jobs at once (issue 14): when a grant is suspended, revoked, terminated or expires,
 * or a member is removed or loses vetting, every running or queued job whose submitter may no longer work in its
 * workspace loses its runtime credential the moment the change commits, and is cancelled ({@code ACCESS_CLOSED})
 * right after, on a thread of its own (a transaction of its own, and the request does not wait for the kill).
 *
 * <p>Before the change commits, the jobs whose submitter fails the gate in the changing transaction's own view are
 * listed (reads on the transaction's connection: no second connection is taken); once it committed they are
 * {@link #revoked}, which the policy and lineage endpoints check, until their stop has cleared the credential in the
 * database. The stop itself re-checks every unfinished job after the commit, so a job that started meanwhile is
 * caught too. The workspace reconciler's pass closes the same door independently.
 */
@Component
public class JobAccessGuard implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(JobAccessGuard.class);
    private final JobCancellations jobs;
    private final RevocationLatency latency;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "job-access-guard");
        t.setDaemon(true);
        return t;
    });

    public JobAccessGuard(JobCancellations jobs, ObjectProvider<RevocationLatency> latency) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.latency = latency.getIfAvailable(() -> RevocationLatency.NONE);
    }

    /** Whether this job's credential was revoked by an access change whose stop has not finished yet. */
    public boolean revoked(String jobId) {
        return revoked.contains(jobId);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    public void accessChanged(WorkspaceAccessChanged event) {
        long changed = System.nanoTime(); // just before the change commits: the revocation latency's start
        List<String> denied;
        try {
            denied = jobs.jobsWithoutAccess();
        } catch (RuntimeException e) {
            // Never fail the access change itself; the stop after the commit re-checks every job.
            log.error("cannot list the jobs losing access; they are stopped after the commit", e);
            denied = List.of();
        }
        List<String> losing = denied;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    revokeAndStop(losing, event.reason(), changed);
                }
            });
        } else {
            revokeAndStop(losing, event.reason(), changed);
        }
    }

    private void revokeAndStop(List<String> denied, String reason, long changed) {
        revoked.addAll(denied);
        worker.execute(() -> {
            try {
                int stopped = jobs.stopJobsWithoutAccess();
                latency.record(RevocationLatency.Target.JOB, stopped, Duration.ofNanos(System.nanoTime() - changed));
                if (stopped > 0) {
                    log.info("access changed ({}): {} job(s) stopped", reason, stopped);
                }
            } catch (RuntimeException e) {
                // Their credentials stay revoked; the workspace reconciler's next pass stops them.
                log.error("cannot stop the jobs of a closed workspace after an access change; the reconciler retries", e);
                return;
            }
            denied.forEach(revoked::remove); // stopped: the database has forgotten their credentials
        });
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
