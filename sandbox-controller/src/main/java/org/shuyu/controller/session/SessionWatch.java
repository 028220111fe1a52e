package org.shuyu.controller.session;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.shuyu.controller.identity.RevocationLatency;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Revocation reaches live sessions (issue 16): the moment a change of who may work in a workspace commits
 * (suspension, revocation, termination, expiry, a member's removal, vetting), every session whose member fails the gate
 * now is closed on a thread of its own and its running statements cancelled in the engine; a removed member's
 * sessions only, since the gate is asked per member. {@code JobAccessGuard} kills the statements' credentials at the
 * same commit. Sessions idle longer than {@code sandbox.sessions.idle-timeout} are closed by the periodic sweep.
 */
@Component
public class SessionWatch implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(SessionWatch.class);
    private final SessionService sessions;
    private final RevocationLatency latency;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "session-access-watch");
        t.setDaemon(true);
        return t;
    });

    public SessionWatch(SessionService sessions, ObjectProvider<RevocationLatency> latency) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.latency = latency.getIfAvailable(() -> RevocationLatency.NONE);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void accessChanged(WorkspaceAccessChanged event) {
        long committed = System.nanoTime(); // the change has just committed: the revocation latency's start
        worker.execute(() -> {
            try {
                int closed = sessions.closeSessionsWithoutAccess();
                latency.record(RevocationLatency.Target.SESSION, closed, Duration.ofNanos(System.nanoTime() - committed));
                if (closed > 0) {
                    log.info("access changed ({}): {} session(s) closed", event.reason(), closed);
                }
            } catch (RuntimeException e) {
                log.error("cannot close the sessions of a closed workspace after an access change; the sweep retries", e);
            }
        });
    }

    /** Idle sessions, and (as a safety net for a missed event) sessions whose member lost access. */

    private Leadership leadership;

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    private boolean leads() {
        return leadership != null && leadership.isLeader();
    }

    @Scheduled(fixedDelayString = "${sandbox.sessions.sweep-interval:30s}", initialDelayString = "${sandbox.sessions.sweep-interval:30s}")
    public void sweep() {
        if (!leads()) {
            return;
        }
        try {
            sessions.closeSessionsWithoutAccess();
            int idle = sessions.closeIdle();
            if (idle > 0) {
                log.info("{} idle session(s) closed", idle);
            }
        } catch (RuntimeException e) {
            log.error("session sweep failed; the next one retries", e);
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
