package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies what time decides: lab terms ending, rectification deadlines passing, grant terms expiring
 * (R-12, R-16, R-17b), and due deletions of ended grants' data (R-17a). Each subject is handled in its
 * own transaction, from state alone, so a pass can run again at any time.
 */
@Component
public class LifecycleScheduler {
    private static final Logger log = LoggerFactory.getLogger(LifecycleScheduler.class);
    private final LifecycleStore store;
    private final Clock clock;
    private final LabService labs;
    private final GrantSupervision supervision;
    private final GrantEndings endings;

    public LifecycleScheduler(LifecycleStore store, Clock clock, LabService labs, GrantSupervision supervision, GrantEndings endings) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.labs = requireNonNull(labs, "labs is null");
        this.supervision = requireNonNull(supervision, "supervision is null");
        this.endings = requireNonNull(endings, "endings is null");
    }

    public record Pass(int labsEnded, int grantsOverdue, int grantsExpired, int deletionsDone, int failures) {}

    private Leadership leadership;

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    private boolean leads() {
        return leadership != null && leadership.isLeader();
    }

    @Scheduled(fixedDelayString = "${sandbox.lifecycle.scheduler-interval:60s}", initialDelayString = "${sandbox.lifecycle.scheduler-interval:60s}")
    public void scheduled() {
        if (!leads()) {
            return;
        }
        Pass pass = runOnce();
        if (pass.labsEnded() + pass.grantsOverdue() + pass.grantsExpired() + pass.deletionsDone() + pass.failures() > 0) {
            log.info("life-cycle pass: {}", pass);
        }
    }

    public synchronized Pass runOnce() {
        int labsEnded = 0;
        int overdue = 0;
        int expired = 0;
        int deletions = 0;
        int failures = 0;
        List<Lab> labsDue = new ArrayList<>();
        for (LifecycleState state : GrantLifecycle.statesAllowing(LifecycleEvent.END_LAB_TERM)) {
            labsDue.addAll(store.labsEndingBy(state, LifecycleTime.today(clock)));
        }
        for (Lab lab : labsDue) {
            try {
                labsEnded += labs.endTermIfDue(lab.id()) ? 1 : 0;
            } catch (SandboxException e) {
                failures++;
                log.error("cannot end the term of lab {}", lab.id(), e);
            }
        }
        for (Grant grant : store.grantsIn(GrantLifecycle.LIVE)) {
            try {
                overdue += supervision.markOverdueIfDue(grant.id()) ? 1 : 0;
                expired += endings.expireIfDue(grant.id()) ? 1 : 0;
            } catch (SandboxException e) {
                failures++;
                log.error("cannot apply time to grant {}", grant.id(), e);
            }
        }
        for (Grant.Deletion deletion : store.deletionsDue(clock.instant())) {
            try {
                deletions += endings.executeDeletion(deletion.id()).isPresent() ? 1 : 0;
            } catch (RuntimeException e) {
                failures++;
                log.error("cannot delete the retained data of grant {}; will retry", deletion.grantId(), e);
            }
        }
        return new Pass(labsEnded, overdue, expired, deletions, failures);
    }
}
