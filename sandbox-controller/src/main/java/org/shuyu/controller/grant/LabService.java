package org.shuyu.controller.grant;

import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.organization.Organization;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Data labs: request, approval, the six-month term, and the technical evaluation report. */
@Service
public class LabService {
    private final LifecycleSupport support;

    public LabService(LifecycleSupport support) {
        this.support = support;
    }

    public record RequestLab(String organizationId, List<String> datasetIds, String developmentApproach, String marketPlan,
                             Integer months) {}

    public record ApproveLab(Optional<LocalDate> termStart, String note) {}

    public record CompleteLab(Lab.Conclusion conclusion, String summary, String findings) {}

    @Transactional
    public Lab request(Actor actor, RequestLab command) {
        LifecycleSupport.requireText(command.organizationId(), "organizationId");
        LifecycleSupport.requireText(command.developmentApproach(), "developmentApproach");
        LifecycleSupport.requireText(command.marketPlan(), "marketPlan");
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
        Organization organization = support.organization(command.organizationId());
        support.requireAccountable(actor, organization);
        List<String> datasetIds = List.copyOf(new LinkedHashSet<>(command.datasetIds()));
        support.datasets.requireUsable(datasetIds);
        Lab lab = new Lab(support.ids.next("lab"), organization.id(), organization.jurisdiction(), LifecycleState.LAB_REQUESTED,
                datasetIds, command.developmentApproach(), command.marketPlan(), command.months(), Optional.empty(),
                Optional.empty(), support.now(), actor.userId(), Optional.empty(), Optional.empty());
        support.store.insertLab(lab);
        support.recordDone(actor, "lab.request", "lab", lab.id(), organization.id(),
                "datasets " + datasetIds + ", " + command.months() + " months");
        return lab;
    }

    @Transactional
    public Lab approve(Actor actor, String labId, ApproveLab command) {
        Lab lab = lock(actor, labId);
        support.requireJurisdiction(actor, lab.jurisdiction());
        GrantLifecycle.next(lab.state(), LifecycleEvent.APPROVE_LAB);
        LocalDate start = command.termStart().orElse(support.today());
        if (start.isBefore(support.today())) {
            throw new SandboxException(ErrorCode.TERM_NOT_CURRENT, "a lab term cannot start in the past (" + start + ")");
        }
        LocalDate end = start.plusMonths(lab.requestedMonths());
        support.datasets.requireUsable(lab.datasetIds());
        Lab approved = lab.approved(start, end, Optional.ofNullable(command.note()).orElse(""));
        support.store.updateLab(approved);
        support.recordDone(actor, "lab.approve", "lab", lab.id(), lab.organizationId(), "term " + start + " to " + end);
        return approved;
    }

    @Transactional
    public Lab reject(Actor actor, String labId, String reason) {
        LifecycleSupport.requireText(reason, "reason");
        Lab lab = lock(actor, labId);
        support.requireJurisdiction(actor, lab.jurisdiction());
        LifecycleState next = GrantLifecycle.next(lab.state(), LifecycleEvent.REJECT_LAB);
        Lab rejected = new Lab(lab.id(), lab.organizationId(), lab.jurisdiction(), next, lab.datasetIds(), lab.developmentApproach(),
                lab.marketPlan(), lab.requestedMonths(), lab.termStart(), lab.termEnd(), lab.requestedAt(), lab.requestedBy(),
                Optional.of(reason), lab.report());
        support.store.updateLab(rejected);
        support.recordDone(actor, "lab.reject", "lab", lab.id(), lab.organizationId(), reason);
        return rejected;
    }

    /** Completing a lab issues its technical evaluation report. */
    @Transactional
    public Lab complete(Actor actor, String labId, CompleteLab command) {
        if (command.conclusion() == null) {
            throw SandboxException.invalid("conclusion is required (PASSED, PASSED_WITH_CONDITIONS or FAILED)");
        }
        LifecycleSupport.requireText(command.summary(), "summary");
        LifecycleSupport.requireText(command.findings(), "findings");
        Lab lab = lock(actor, labId);
        support.requireJurisdiction(actor, lab.jurisdiction());
        LifecycleState next = GrantLifecycle.next(lab.state(), LifecycleEvent.COMPLETE_LAB);
        Organization organization = support.organization(lab.organizationId());
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
                "Issued by: " + actor.userId() + " at " + support.now());
        Lab.LabReport report = new Lab.LabReport(support.ids.next("report"), lab.id(), support.now(), actor.userId(),
                command.conclusion(), command.summary(), command.findings(), content, sha256(content));
        support.store.insertLabReport(report);
        Lab completed = new Lab(lab.id(), lab.organizationId(), lab.jurisdiction(), next, lab.datasetIds(), lab.developmentApproach(),
                lab.marketPlan(), lab.requestedMonths(), lab.termStart(), lab.termEnd(), lab.requestedAt(), lab.requestedBy(),
                lab.decisionNote(), Optional.of(report));
        support.store.updateLab(completed);
        support.recordDone(actor, "lab.complete", "lab", lab.id(), lab.organizationId(),
                "evaluation report " + report.id() + " (" + command.conclusion() + ", sha256 " + report.sha256() + ")");
        return completed;
    }

    /** The scheduler: an active lab whose term is over loses access; its report is still to be issued. */
    @Transactional
    public boolean endTermIfDue(String labId) {
        Lab lab = lock(labId);
        if (lab.state() != LifecycleState.LAB_ACTIVE || lab.termEnd().map(end -> end.isAfter(support.today())).orElse(true)) {
            return false;
        }
        Lab ended = lab.withState(GrantLifecycle.next(lab.state(), LifecycleEvent.END_LAB_TERM));
        support.store.updateLab(ended);
        support.recordDone(LifecycleSupport.SCHEDULER, "lab.end-term", "lab", lab.id(), lab.organizationId(),
                "term ended " + lab.termEnd().orElseThrow());
        return true;
    }

    public Lab get(Actor actor, String labId) {
        Lab lab = support.store.lab(labId).orElseThrow(() -> SandboxException.notFound("lab", labId));
        if (!support.mayRead(actor, support.organization(lab.organizationId()), lab.jurisdiction())) {
            throw SandboxException.notFound("lab", labId);
        }
        return lab;
    }

    public List<Lab> list(Actor actor) {
        return support.store.labs().stream()
                .filter(lab -> support.mayRead(actor, support.organization(lab.organizationId()), lab.jurisdiction()))
                .toList();
    }

    /** Locks a lab the actor may see; one it may not see answers NOT_FOUND, as one that does not exist. */
    private Lab lock(Actor actor, String labId) {
        Lab found = lock(labId);
        if (!support.mayRead(actor, support.organization(found.organizationId()), found.jurisdiction())) {
            throw SandboxException.notFound("lab", labId);
        }
        return found;
    }

    private Lab lock(String labId) {
        return support.store.lockLab(labId).orElseThrow(() -> SandboxException.notFound("lab", labId));
    }

    static String sha256(String content) {
        return Sha256.hex(content);
    }
}
