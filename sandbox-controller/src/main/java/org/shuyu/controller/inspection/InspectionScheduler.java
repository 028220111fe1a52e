package org.shuyu.controller.inspection;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Set;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies what time decides for findings: a finding whose rectification deadline passed without a report is
 * flagged OVERDUE. Runs on the same interval and on the leader replica only, like the grant life cycle's scheduler;
 * each finding in its own transaction, from state alone, so a pass can run again at any time.
 */
@Component
public class InspectionScheduler {
    private static final Logger log = LoggerFactory.getLogger(InspectionScheduler.class);
    private final InspectionStore store;
    private final FindingService findings;
    private Leadership leadership;

    public InspectionScheduler(InspectionStore store, FindingService findings) {
        this.store = requireNonNull(store, "store is null");
        this.findings = requireNonNull(findings, "findings is null");
    }

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    @Scheduled(fixedDelayString = "${sandbox.lifecycle.scheduler-interval:60s}", initialDelayString = "${sandbox.lifecycle.scheduler-interval:60s}")
    public void scheduled() {
        if (leadership == null || !leadership.isLeader()) {
            return;
        }
        int overdue = runOnce();
        if (overdue > 0) {
            log.info("inspection pass: {} findings overdue", overdue);
        }
    }

    /** One pass; returns how many findings it flagged overdue. */
    public synchronized int runOnce() {
        Set<FindingState> due = EnumSet.noneOf(FindingState.class);
        InspectionLifecycle.FINDINGS.all().stream().filter(t -> t.event() == FindingEvent.DEADLINE_PASSED)
                .forEach(t -> due.add(t.from()));
        int overdue = 0;
        for (Finding finding : store.findingsIn(due)) {
            try {
                overdue += findings.markOverdueIfDue(finding.id()) ? 1 : 0;
            } catch (RuntimeException e) {
                log.error("cannot apply time to finding {}", finding.id(), e);
            }
        }
        return overdue;
    }
}
