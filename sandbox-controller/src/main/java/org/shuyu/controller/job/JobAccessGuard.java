package org.shuyu.controller.job;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.stereotype.Component;

/**
 * Closing access stops running jobs at once (issue 14): when a grant is suspended, revoked, terminated or expires,
 * or a member is removed or loses vetting, every running or queued job whose submitter may no longer work in its
 * workspace is cancelled ({@code ACCESS_CLOSED}) right after the change commits, on a thread of its own (a new
 * transaction, and the request does not wait for the kill). The workspace reconciler's pass and the credential
 * check of the policy and lineage endpoints close the same door independently.
 */
@Component
public class JobAccessGuard implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(JobAccessGuard.class);
    private final JobService jobs;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "job-access-guard");
        t.setDaemon(true);
        return t;
    });

    public JobAccessGuard(JobService jobs) {
        this.jobs = requireNonNull(jobs, "jobs is null");
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void accessChanged(WorkspaceAccessChanged event) {
        worker.execute(() -> {
            try {
                int stopped = jobs.stopJobsWithoutAccess();
                if (stopped > 0) {
                    log.info("access changed ({}): {} job(s) stopped", event.reason(), stopped);
                }
            } catch (RuntimeException e) {
                // The workspace reconciler's next pass stops them; the credentials are refused already.
                log.error("cannot stop the jobs of a closed workspace after an access change; the reconciler retries", e);
            }
        });
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
