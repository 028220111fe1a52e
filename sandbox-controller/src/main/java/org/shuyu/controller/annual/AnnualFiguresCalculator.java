package org.shuyu.controller.annual;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditQuery;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.LifecycleStore;
import org.shuyu.controller.grant.LifecycleTime;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.JobStore;
import org.shuyu.controller.product.Product;
import org.shuyu.controller.product.ProductStore;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceStore;
import org.springframework.stereotype.Component;

/**
 * Computes {@link AnnualFigures} from the platform's records: the grant store, the products with their delivery meter,
 * the workspaces' jobs with their metered use (R-09b) and the audit log (listings, suspensions). The year is the
 * calendar year in the platform's time zone (Asia/Shanghai).
 */
@Component
public class AnnualFiguresCalculator {
    /** The most records read per workspace, product or subject: far beyond one operator's year. */
    static final int READ_LIMIT = 100_000;

    private final LifecycleStore grants;
    private final ProductStore products;
    private final WorkspaceStore workspaces;
    private final JobStore jobs;
    private final AuditLog audit;
    private final Clock clock;

    public AnnualFiguresCalculator(LifecycleStore grants, ProductStore products, WorkspaceStore workspaces, JobStore jobs,
            AuditLog audit, Clock clock) {
        this.grants = requireNonNull(grants, "grants is null");
        this.products = requireNonNull(products, "products is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The first instant of {@code year} in the platform's time zone. */
    public static Instant startOf(int year) {
        return LocalDate.of(year, 1, 1).atStartOfDay(LifecycleTime.ZONE).toInstant();
    }

    /** The grants of the organization live at some time of the year: activated before its end, not ended before its start. */
    public List<Grant> grantsLiveIn(String organizationId, int year) {
        return grants.grants().stream().filter(g -> g.organizationId().equals(organizationId))
                .filter(g -> liveIn(g, year)).toList();
    }

    /** Whether the grant was live at some time of the year. */
    public static boolean liveIn(Grant grant, int year) {
        Instant from = startOf(year);
        Instant to = startOf(year + 1);
        return grant.activatedAt().map(a -> a.isBefore(to)).orElse(false)
                && grant.endedAt().map(e -> !e.isBefore(from)).orElse(true);
    }

    public AnnualFigures compute(String organizationId, int year) {
        Instant from = startOf(year);
        Instant to = startOf(year + 1);
        List<Grant> live = grantsLiveIn(organizationId, year);
        long listed = 0;
        long calls = 0;
        long rows = 0;
        long bytes = 0;
        for (Product p : products.all()) {
            if (!p.organizationId().equals(organizationId)) {
                continue;
            }
            if (happened(p.id(), "product.list", from, to) > 0) {
                listed++;
            }
            for (ProductStore.DeliveryRecord d : products.deliveries(p.id(), READ_LIMIT)) {
                if (within(d.startedAt(), from, to)) {
                    calls++;
                    rows += d.rows();
                    bytes += d.bytes();
                }
            }
        }
        long suspensions = 0;
        for (Grant g : grants.grants()) {
            if (g.organizationId().equals(organizationId)) {
                suspensions += happened(g.id(), "grant.suspend", from, to);
            }
        }
        long runs = 0;
        long refused = 0;
        double cpu = 0;
        for (Workspace w : workspaces.all()) {
            if (!w.organizationId().equals(organizationId)) {
                continue;
            }
            for (Job job : jobs.inWorkspace(w.id(), READ_LIMIT)) {
                Instant ended = job.finishedAt().orElse(null);
                if (ended == null || !within(ended, from, to)) {
                    continue;
                }
                runs++;
                if (job.state() == JobState.REFUSED) {
                    refused++;
                }
                cpu += job.metrics().map(Job.Metrics::cpuSeconds).orElse(0.0);
            }
        }
        return new AnnualFigures(listed, calls, rows, bytes, suspensions, refused, runs, cpu,
                live.stream().map(Grant::id).sorted().toList(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    /** How many times the audit log recorded {@code action} done on {@code subjectId} in the window. */
    private long happened(String subjectId, String action, Instant from, Instant to) {
        long count = 0;
        long after = 0;
        while (true) {
            var page = audit.search(new AuditQuery(Optional.empty(), Optional.of(subjectId), Optional.of(from),
                    Optional.of(to), after, AuditQuery.MAX_LIMIT));
            for (AuditRecord r : page.records()) {
                if (r.action().equals(action) && r.outcome() == AuditEvent.Outcome.DONE) {
                    count++;
                }
            }
            if (page.nextAfter().isEmpty()) {
                return count;
            }
            after = page.nextAfter().get();
        }
    }
}
