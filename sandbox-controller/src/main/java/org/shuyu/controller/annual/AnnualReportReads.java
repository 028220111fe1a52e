package org.shuyu.controller.annual;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.springframework.stereotype.Component;

/**
 * Which annual reports an actor sees, and the reads and locks that answer NOT_FOUND for a report the actor may not see
 * exactly as for one that does not exist. A report is read with its figures: the frozen ones once submitted, computed
 * now (a preview) while it is a draft or returned.
 */
@Component
public class AnnualReportReads {
    private final AnnualReportStore store;
    private final Organizations organizations;
    private final AnnualFiguresCalculator figures;

    public AnnualReportReads(AnnualReportStore store, Organizations organizations, AnnualFiguresCalculator figures) {
        this.store = requireNonNull(store, "store is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.figures = requireNonNull(figures, "figures is null");
    }

    /** A report as read: its figures (frozen or a live preview) and its evaluation if it has one. */
    public record View(AnnualReport report, AnnualFigures figures, boolean figuresFrozen, Optional<AnnualEvaluation> evaluation) {}

    public boolean mayRead(Actor actor, AnnualReport report) {
        String accountable = organizations.find(report.organizationId()).map(Organization::accountableUserId).orElse("");
        return Permissions.readsAnnualReport(actor, accountable, report.jurisdiction());
    }

    public AnnualReport get(Actor actor, String id) {
        return visible(actor, store.find(id), id);
    }

    public AnnualReport lock(Actor actor, String id) {
        return visible(actor, store.lock(id), id);
    }

    public View view(Actor actor, String id) {
        return view(get(actor, id));
    }

    View view(AnnualReport report) {
        AnnualFigures shown = report.frozenFigures().orElseGet(() -> figures.compute(report.organizationId(), report.year()));
        return new View(report, shown, report.frozenFigures().isPresent(), store.evaluation(report.id()));
    }

    public List<AnnualReport> list(Actor actor) {
        return store.all().stream().filter(r -> mayRead(actor, r))
                .sorted(Comparator.comparing(AnnualReport::year).reversed().thenComparing(AnnualReport::id)).toList();
    }

    private AnnualReport visible(Actor actor, Optional<AnnualReport> found, String id) {
        return found.filter(r -> mayRead(actor, r)).orElseThrow(() -> SandboxException.notFound("annual report", id));
    }
}
