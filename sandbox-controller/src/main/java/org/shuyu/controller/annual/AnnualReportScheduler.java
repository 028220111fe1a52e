package org.shuyu.controller.annual;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.LifecycleStore;
import org.shuyu.controller.grant.LifecycleTime;
import org.shuyu.controller.organization.Organizations;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What time decides for annual reports: once a year is over, every organization that held a live grant in it
 * gets its report opened as a DRAFT (and a notice that it is due); a report still a draft or returned after its
 * deadline is flagged overdue, once, with a notice to the operator and the authority. Each report in its own
 * transaction, from state alone, so a pass can run again at any time; only on the leader replica.
 */
@Component
public class AnnualReportScheduler {
    private static final Logger log = LoggerFactory.getLogger(AnnualReportScheduler.class);
    private final AnnualReportService reports;
    private final AnnualReportStore store;
    private final LifecycleStore grants;
    private final Organizations organizations;
    private final Clock clock;
    private Leadership leadership;

    public AnnualReportScheduler(AnnualReportService reports, AnnualReportStore store, LifecycleStore grants,
            Organizations organizations, Clock clock) {
        this.reports = requireNonNull(reports, "reports is null");
        this.store = requireNonNull(store, "store is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public record Pass(int opened, int flaggedOverdue, int failures) {}

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    @Scheduled(fixedDelayString = "${sandbox.annual.scheduler-interval:60s}",
            initialDelayString = "${sandbox.annual.scheduler-interval:60s}")
    public void scheduled() {
        if (leadership == null || !leadership.isLeader()) {
            return;
        }
        Pass pass = runOnce();
        if (pass.opened() + pass.flaggedOverdue() + pass.failures() > 0) {
            log.info("annual report pass: {}", pass);
        }
    }

    public synchronized Pass runOnce() {
        int opened = 0;
        int flagged = 0;
        int failures = 0;
        int lastYear = LifecycleTime.today(clock).getYear() - 1;
        Set<String> operators = new LinkedHashSet<>();
        for (Grant grant : grants.grants()) {
            if (AnnualFiguresCalculator.liveIn(grant, lastYear)) {
                operators.add(grant.organizationId());
            }
        }
        for (String organizationId : operators) {
            try {
                if (store.find(organizationId, lastYear).isEmpty()) {
                    var organization = organizations.find(organizationId);
                    if (organization.isPresent()) {
                        opened += reports.openForOperator(organization.get(), lastYear).isPresent() ? 1 : 0;
                    }
                }
            } catch (SandboxException e) {
                failures++;
                log.error("cannot open the {} annual report of organization {}", lastYear, organizationId, e);
            }
        }
        List<AnnualReportState> open = EnumSet.allOf(AnnualReportState.class).stream()
                .filter(s -> AnnualReportLifecycle.accepts(s, AnnualReportEvent.FLAG_OVERDUE)).toList();
        for (AnnualReport report : store.overdueUnflagged(open, clock.instant())) {
            try {
                flagged += reports.flagOverdueIfDue(report.id()) ? 1 : 0;
            } catch (SandboxException e) {
                failures++;
                log.error("cannot flag annual report {} overdue", report.id(), e);
            }
        }
        return new Pass(opened, flagged, failures);
    }
}
