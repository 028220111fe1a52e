package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.grant.LifecycleInputs.requireText;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.catalog.Catalog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.organization.Organization;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Data labs: request, approval, the six-month term, and the technical evaluation report. */
@Service
public class LabService {
    private final LabStore store;
    private final GrantVisibility visibility;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final Catalog datasets;

    public LabService(LabStore store, GrantVisibility visibility, AuditLog audit, Clock clock, IdGenerator ids, Catalog datasets) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
    }

    public record RequestLab(String organizationId, List<String> datasetIds, String developmentApproach, String marketPlan,
                             Integer months) {}

    public record ApproveLab(Optional<LocalDate> termStart, String note) {}

    public record CompleteLab(Lab.Conclusion conclusion, String summary, String findings) {}

    @Transactional
    public Lab request(Actor actor, RequestLab command) {
        requireText(command.organizationId(), "organizationId");
        requireText(command.developmentApproach(), "developmentApproach");
        requireText(command.marketPlan(), "marketPlan");
        if (command.datasetIds() == null || command.datasetIds().isEmpty()) {
            throw SandboxException.invalid("datasetIds must name at least one dataset");
        }
        if (command.months() == null || command.months() < 1) {
            throw SandboxException.invalid("months must be at least 1");
        }
        if (command.months() > Lab.MAX_MONTHS) {
            throw new SandboxException(ErrorCode.TERM_TOO_LONG, "a data lab lasts at most " + Lab.MAX_MONTHS
                    + " months (R-12); requested " + command.months());
        }
        Organization organization = visibility.organization(command.organizationId());
        ActingRights.requireAccountable(actor, organization);
        List<String> datasetIds = List.copyOf(new LinkedHashSet<>(command.datasetIds()));
        datasets.requireUsable(datasetIds);
        Lab lab = new Lab(ids.next("lab"), organization.id(), organization.jurisdiction(), LifecycleState.LAB_REQUESTED,
                datasetIds, command.developmentApproach(), command.marketPlan(), command.months(), Optional.empty(),
                Optional.empty(), clock.instant(), actor.userId(), Optional.empty(), Optional.empty());
        store.insertLab(lab);
        audit.append(GrantAuditEvents.lab(actor, "lab.request", lab, "datasets " + datasetIds + ", " + command.months() + " months"));
        return lab;
    }

    @Transactional
    public Lab approve(Actor actor, String labId, ApproveLab command) {
        Lab lab = visibility.lockLab(actor, labId);
        ActingRights.requireJurisdiction(actor, lab.jurisdiction());
        LifecycleState next = GrantLifecycle.apply(lab.state(), LifecycleEvent.APPROVE_LAB, lab).to();
        LocalDate today = LifecycleTime.today(clock);
        LocalDate start = command.termStart().orElse(today);
        if (start.isBefore(today)) {
            throw new SandboxException(ErrorCode.TERM_NOT_CURRENT, "a lab term cannot start in the past (" + start + ")");
        }
        LocalDate end = start.plusMonths(lab.requestedMonths());
        datasets.requireUsable(lab.datasetIds());
        Lab approved = lab.approved(next, start, end, Optional.ofNullable(command.note()).orElse(""));
        store.updateLab(approved);
        audit.append(GrantAuditEvents.lab(actor, action(lab, LifecycleEvent.APPROVE_LAB), lab, "term " + start + " to " + end));
        return approved;
    }

    @Transactional
    public Lab reject(Actor actor, String labId, String reason) {
        requireText(reason, "reason");
        Lab lab = visibility.lockLab(actor, labId);
        ActingRights.requireJurisdiction(actor, lab.jurisdiction());
        LifecycleState next = GrantLifecycle.apply(lab.state(), LifecycleEvent.REJECT_LAB, lab).to();
        Lab rejected = new Lab(lab.id(), lab.organizationId(), lab.jurisdiction(), next, lab.datasetIds(), lab.developmentApproach(),
                lab.marketPlan(), lab.requestedMonths(), lab.termStart(), lab.termEnd(), lab.requestedAt(), lab.requestedBy(),
                Optional.of(reason), lab.report());
        store.updateLab(rejected);
        audit.append(GrantAuditEvents.lab(actor, action(lab, LifecycleEvent.REJECT_LAB), lab, reason));
        return rejected;
    }

    /** Completing a lab issues its technical evaluation report. */
    @Transactional
    public Lab complete(Actor actor, String labId, CompleteLab command) {
        if (command.conclusion() == null) {
            throw SandboxException.invalid("conclusion is required (PASSED, PASSED_WITH_CONDITIONS or FAILED)");
        }
        requireText(command.summary(), "summary");
        requireText(command.findings(), "findings");
        Lab lab = visibility.lockLab(actor, labId);
        ActingRights.requireJurisdiction(actor, lab.jurisdiction());
        LifecycleState next = GrantLifecycle.apply(lab.state(), LifecycleEvent.COMPLETE_LAB, lab).to();
        Organization organization = visibility.organization(lab.organizationId());
        String content = String.join("\n",
                "Technical evaluation report of data lab " + lab.id(),
                "Applicant: " + organization.name() + " (" + organization.id() + ")",
                "Datasets: " + String.join(", ", lab.datasetIds()),
                "Term: " + lab.termStart().map(Object::toString).orElse("?") + " to " + lab.termEnd().map(Object::toString).orElse("?"),
                "Development approach: " + lab.developmentApproach(),
                "Market plan: " + lab.marketPlan(),
                "Conclusion: " + command.conclusion(),
                "Summary: " + command.summary(),
                "Findings: " + command.findings(),
                "Issued by: " + actor.userId() + " at " + clock.instant());
        Lab.LabReport report = new Lab.LabReport(ids.next("report"), lab.id(), clock.instant(), actor.userId(),
                command.conclusion(), command.summary(), command.findings(), content, Sha256.hex(content));
        store.insertLabReport(report);
        Lab completed = new Lab(lab.id(), lab.organizationId(), lab.jurisdiction(), next, lab.datasetIds(), lab.developmentApproach(),
                lab.marketPlan(), lab.requestedMonths(), lab.termStart(), lab.termEnd(), lab.requestedAt(), lab.requestedBy(),
                lab.decisionNote(), Optional.of(report));
        store.updateLab(completed);
        audit.append(GrantAuditEvents.lab(actor, action(lab, LifecycleEvent.COMPLETE_LAB), lab,
                "evaluation report " + report.id() + " (" + command.conclusion() + ", sha256 " + report.sha256() + ")"));
        return completed;
    }

    /** The scheduler: a lab whose term is over loses access (the table says in which states); its report is still to be issued. */
    @Transactional
    public boolean endTermIfDue(String labId) {
        Lab lab = visibility.lockLab(labId);
        if (!GrantLifecycle.allows(lab.state(), LifecycleEvent.END_LAB_TERM)
                || lab.termEnd().map(end -> end.isAfter(LifecycleTime.today(clock))).orElse(true)) {
            return false;
        }
        Lab ended = lab.withState(GrantLifecycle.apply(lab.state(), LifecycleEvent.END_LAB_TERM, lab).to());
        store.updateLab(ended);
        audit.append(GrantAuditEvents.lab(GrantAuditEvents.SCHEDULER, action(lab, LifecycleEvent.END_LAB_TERM), lab,
                "term ended " + lab.termEnd().orElseThrow()));
        return true;
    }

    public Lab get(Actor actor, String labId) {
        return visibility.lab(actor, labId);
    }

    public List<Lab> list(Actor actor) {
        return store.labs().stream().filter(lab -> visibility.mayRead(actor, lab)).toList();
    }

    private static String action(Lab lab, LifecycleEvent event) {
        return GrantLifecycle.auditAction(lab.state(), event);
    }
}
