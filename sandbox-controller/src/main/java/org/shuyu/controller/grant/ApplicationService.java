package org.shuyu.controller.grant;

import org.shuyu.controller.announcement.Announcement;
import org.shuyu.controller.announcement.AnnouncementService;
import org.shuyu.controller.catalog.PriorityDomain;

import org.shuyu.controller.organization.Organization;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Formal applications: five materials, expert and sector review, deliberation and approval. */
@Service
public class ApplicationService {
    private final LifecycleSupport support;
    private final AnnouncementService announcements;

    public ApplicationService(LifecycleSupport support, AnnouncementService announcements) {
        this.support = support;
        this.announcements = announcements;
    }

    public record CreateApplication(String labId, String scenario, PriorityDomain priorityDomain, Jurisdiction.Level level,
                                    List<String> datasetIds, String announcementId) {}

    public record ProvideMaterial(String documentName, String sha256, LocalDate periodEnd) {}

    public record RecordReview(List<Application.Opinion> opinions) {}

    public record Deliberate(LocalDate meetingDate, String attendees, String minutes, Application.Outcome outcome) {}

    public record Approve(String decisionNumber, LocalDate approvedOn, String note) {}

    @Transactional
    public Application create(Actor actor, CreateApplication command) {
        LifecycleSupport.requireText(command.labId(), "labId");
        LifecycleSupport.requireText(command.scenario(), "scenario");
        if (command.priorityDomain() == null) {
            throw SandboxException.invalid("priorityDomain is required (" + List.of(PriorityDomain.values()) + ")");
        }
        if (command.level() == null) {
            throw SandboxException.invalid("level is required (MUNICIPAL or COUNTY)");
        }
        Lab lab = support.store.lab(command.labId()).orElseThrow(() -> new SandboxException(ErrorCode.LAB_REPORT_MISSING,
                "lab " + command.labId() + " does not exist; a formal application needs a completed lab (R-13)"));
        Organization organization = support.organization(lab.organizationId());
        support.requireAccountable(actor, organization);
        Lab.LabReport report = lab.report().filter(r -> lab.state() == LifecycleState.LAB_COMPLETED)
                .orElseThrow(() -> new SandboxException(ErrorCode.LAB_REPORT_MISSING, "lab " + lab.id() + " is "
                        + lab.state().shortName() + " and has no technical evaluation report yet (R-12, R-13)"));
        Jurisdiction jurisdiction;
        if (command.level() == Jurisdiction.Level.MUNICIPAL) {
            jurisdiction = Jurisdiction.MUNICIPAL;
        } else if (organization.jurisdiction().isMunicipal()) {
            throw SandboxException.invalid("a county-level application needs an organization registered in a county, not "
                    + organization.jurisdiction().code());
        } else {
            jurisdiction = organization.jurisdiction();
        }
        List<String> datasetIds = command.datasetIds() == null || command.datasetIds().isEmpty()
                ? lab.datasetIds() : List.copyOf(new LinkedHashSet<>(command.datasetIds()));
        support.datasets.requireUsable(datasetIds);
        Optional<String> announcementId = Optional.ofNullable(command.announcementId()).filter(s -> !s.isBlank());
        announcementId.ifPresent(id -> requireAnswerable(id, command.priorityDomain(), jurisdiction));
        Map<MaterialKind, Application.Material> materials = new EnumMap<>(MaterialKind.class);
        materials.put(MaterialKind.LAB_EVALUATION_REPORT, new Application.Material(MaterialKind.LAB_EVALUATION_REPORT,
                "technical evaluation report " + report.id() + " of lab " + lab.id(), report.sha256(), Optional.empty(),
                report.issuedAt(), "platform"));
        Application application = new Application(support.ids.next("app"), lab.id(), organization.id(),
                announcementId, LifecycleState.APP_DRAFT,
                command.scenario().strip(), command.priorityDomain(), command.level(), jurisdiction, datasetIds, materials,
                List.of(), Optional.empty(), Optional.empty(), support.now(), actor.userId(), Optional.empty(), Optional.empty());
        support.store.insertApplication(application);
        support.recordDone(actor, "application.create", "application", application.id(), organization.id(),
                "scenario '" + application.scenario() + "', " + command.level() + " " + jurisdiction.code() + ", datasets " + datasetIds);
        return application;
    }

    @Transactional
    public Application provideMaterial(Actor actor, String applicationId, MaterialKind kind, ProvideMaterial command) {
        if (kind == MaterialKind.LAB_EVALUATION_REPORT) {
            throw new SandboxException(ErrorCode.MATERIAL_ISSUED_BY_PLATFORM,
                    "the lab's technical evaluation report is issued by the platform and attached automatically");
        }
        LifecycleSupport.requireText(command.documentName(), "documentName");
        LifecycleSupport.requireSha256(command.sha256(), "sha256");
        Application application = lock(actor, applicationId);
        Organization organization = support.organization(application.organizationId());
        support.requireAccountable(actor, organization);
        GrantLifecycle.next(application.state(), LifecycleEvent.PROVIDE_MATERIAL);
        Optional<LocalDate> periodEnd = Optional.ofNullable(command.periodEnd());
        if (kind == MaterialKind.AUDIT_AND_FINANCIAL_REPORTS) {
            requireFinancialPeriod(organization, periodEnd);
        }
        Application.Material material = new Application.Material(kind, command.documentName(), command.sha256(), periodEnd,
                support.now(), actor.userId());
        support.store.putMaterial(application.id(), material);
        support.recordDone(actor, "application.material", "application", application.id(), organization.id(),
                kind + ": " + command.documentName() + " sha256 " + command.sha256());
        return support.store.application(application.id()).orElseThrow();
    }

    @Transactional
    public Application submit(Actor actor, String applicationId) {
        Application application = lock(actor, applicationId);
        Organization organization = support.organization(application.organizationId());
        support.requireAccountable(actor, organization);
        LifecycleState next = GrantLifecycle.next(application.state(), LifecycleEvent.SUBMIT);
        Set<MaterialKind> missing = EnumSet.allOf(MaterialKind.class);
        missing.removeAll(application.materials().keySet());
        if (!missing.isEmpty()) {
            throw new SandboxException(ErrorCode.MATERIALS_INCOMPLETE,
                    "an application needs all five materials of R-13 before submission; missing: " + missing);
        }
        requireFinancialPeriod(organization, application.materials().get(MaterialKind.AUDIT_AND_FINANCIAL_REPORTS).periodEnd());
        support.datasets.requireUsable(application.datasetIds());
        Application submitted = with(application, next, Optional.of(support.now()), application.closedReason());
        support.store.updateApplication(submitted);
        support.recordDone(actor, "application.submit", "application", application.id(), organization.id(), "five materials present");
        return submitted;
    }

    @Transactional
    public Application withdraw(Actor actor, String applicationId) {
        Application application = lock(actor, applicationId);
        support.requireAccountable(actor, support.organization(application.organizationId()));
        LifecycleState next = GrantLifecycle.next(application.state(), LifecycleEvent.WITHDRAW);
        Application withdrawn = with(application, next, application.submittedAt(), Optional.of("withdrawn by the applicant"));
        support.store.updateApplication(withdrawn);
        support.recordDone(actor, "application.withdraw", "application", application.id(), application.organizationId(), "");
        return withdrawn;
    }

    /** An expert or sector authority records opinions on all four points of R-14. */
    @Transactional
    public Application review(Actor actor, String applicationId, RecordReview command) {
        if (command.opinions() == null) {
            throw SandboxException.invalid("opinions are required");
        }
        Map<ReviewPoint, Application.Opinion> byPoint = new EnumMap<>(ReviewPoint.class);
        for (Application.Opinion opinion : command.opinions()) {
            if (opinion == null || opinion.comment().isBlank()) {
                throw SandboxException.invalid("every opinion needs a point, a verdict and a comment");
            }
            if (byPoint.put(opinion.point(), opinion) != null) {
                throw SandboxException.invalid("point " + opinion.point() + " appears twice");
            }
        }
        Set<ReviewPoint> missing = EnumSet.allOf(ReviewPoint.class);
        missing.removeAll(byPoint.keySet());
        if (!missing.isEmpty()) {
            throw new SandboxException(ErrorCode.REVIEW_INCOMPLETE, "a review must give an opinion on all four points of R-14; missing: " + missing);
        }
        Application application = lock(actor, applicationId);
        Organization organization = support.organization(application.organizationId());
        if (actor.userId().equals(organization.accountableUserId())) {
            throw new SandboxException(ErrorCode.REVIEWER_CONFLICT, "the applicant's accountable person cannot review its own application");
        }
        LifecycleState next = GrantLifecycle.next(application.state(), LifecycleEvent.RECORD_REVIEW);
        if (application.reviews().stream().anyMatch(r -> r.reviewer().equals(actor.userId()))) {
            throw new SandboxException(ErrorCode.ALREADY_EXISTS, actor.userId() + " has already reviewed application " + application.id());
        }
        Application.ReviewerKind kind = actor.has(Role.EXPERT) ? Application.ReviewerKind.EXPERT : Application.ReviewerKind.SECTOR;
        Application.Review review = new Application.Review(support.ids.next("review"), actor.userId(), kind,
                new ArrayList<>(byPoint.values()), support.now());
        support.store.insertReview(application.id(), review);
        support.store.updateApplication(with(application, next, application.submittedAt(), application.closedReason()));
        support.recordDone(actor, "application.review", "application", application.id(), organization.id(),
                kind + " review: " + byPoint.values().stream().map(o -> o.point() + "=" + o.verdict()).toList());
        return support.store.application(application.id()).orElseThrow();
    }

    /** The coordination body of the application's level records its deliberation minutes. */
    @Transactional
    public Application deliberate(Actor actor, String applicationId, Deliberate command) {
        if (command.meetingDate() == null || command.outcome() == null) {
            throw SandboxException.invalid("meetingDate and outcome (APPROVE or REJECT) are required");
        }
        LifecycleSupport.requireText(command.minutes(), "minutes");
        LifecycleSupport.requireText(command.attendees(), "attendees");
        Application application = lock(actor, applicationId);
        support.requireLevel(actor, application.level(), application.jurisdiction(), "deliberation");
        LifecycleEvent event = command.outcome() == Application.Outcome.APPROVE ? LifecycleEvent.DELIBERATE : LifecycleEvent.REJECT;
        if (application.state() == LifecycleState.APP_UNDER_REVIEW || application.state() == LifecycleState.APP_SUBMITTED) {
            boolean expert = application.reviews().stream().anyMatch(r -> r.kind() == Application.ReviewerKind.EXPERT);
            boolean sector = application.reviews().stream().anyMatch(r -> r.kind() == Application.ReviewerKind.SECTOR);
            if (event == LifecycleEvent.DELIBERATE && !(expert && sector)) {
                throw new SandboxException(ErrorCode.REVIEW_INCOMPLETE,
                        "deliberation needs at least one expert review and one sector review (R-14); have expert=" + expert + ", sector=" + sector);
            }
        }
        if (application.state() == LifecycleState.APP_DELIBERATED || application.deliberation().isPresent()) {
            throw new SandboxException(ErrorCode.ILLEGAL_TRANSITION, "application " + application.id() + " has already been deliberated");
        }
        LifecycleState next = GrantLifecycle.next(application.state(), event);
        if (event == LifecycleEvent.DELIBERATE && next != LifecycleState.APP_DELIBERATED) {
            throw new IllegalStateException("unexpected target " + next);
        }
        Application.Deliberation deliberation = new Application.Deliberation(
                (application.level() == Jurisdiction.Level.MUNICIPAL ? "municipal" : "county " + application.jurisdiction().code())
                        + " coordination body",
                actor.jurisdiction().orElseThrow(), command.meetingDate(), command.attendees(), command.minutes(), command.outcome(),
                actor.userId(), support.now());
        support.store.insertDeliberation(application.id(), deliberation);
        Optional<String> closed = event == LifecycleEvent.REJECT ? Optional.of("rejected at deliberation") : application.closedReason();
        support.store.updateApplication(with(application, next, application.submittedAt(), closed));
        support.recordDone(actor, "application.deliberate", "application", application.id(), application.organizationId(),
                "outcome " + command.outcome() + ", meeting " + command.meetingDate());
        return support.store.application(application.id()).orElseThrow();
    }

    /** Approval: the leading group for municipal grants, the county coordination body for county grants. */
    @Transactional
    public Application approve(Actor actor, String applicationId, Approve command) {
        LifecycleSupport.requireText(command.decisionNumber(), "decisionNumber");
        if (command.approvedOn() == null) {
            throw SandboxException.invalid("approvedOn is required");
        }
        Application application = lock(actor, applicationId);
        Role required = application.level() == Jurisdiction.Level.MUNICIPAL ? Role.LEADING_GROUP : Role.COORDINATION;
        if (!actor.has(required)) {
            throw new SandboxException(ErrorCode.WRONG_DECISION_LEVEL, application.level().name().toLowerCase()
                    + "-level grants are approved by the " + (required == Role.LEADING_GROUP ? "municipal leading group" : "county coordination body"));
        }
        support.requireLevel(actor, application.level(), application.jurisdiction(), "approval");
        if (application.state() == LifecycleState.APP_SUBMITTED || application.state() == LifecycleState.APP_UNDER_REVIEW) {
            throw new SandboxException(ErrorCode.DELIBERATION_MISSING,
                    "application " + application.id() + " has no deliberation minutes yet; approval follows deliberation (R-15)");
        }
        LifecycleState next = GrantLifecycle.next(application.state(), LifecycleEvent.APPROVE);
        Application.Approval approval = new Application.Approval(required.realmRole(), actor.jurisdiction().orElseThrow(),
                command.decisionNumber(), command.approvedOn(), Optional.ofNullable(command.note()).orElse(""), actor.userId(), support.now());
        support.store.insertApproval(application.id(), approval);
        support.store.updateApplication(with(application, next, application.submittedAt(), application.closedReason()));
        support.recordDone(actor, "application.approve", "application", application.id(), application.organizationId(),
                "decision " + command.decisionNumber() + " of " + command.approvedOn());
        return support.store.application(application.id()).orElseThrow();
    }

    @Transactional
    public Application reject(Actor actor, String applicationId, String reason) {
        LifecycleSupport.requireText(reason, "reason");
        Application application = lock(actor, applicationId);
        support.requireJurisdiction(actor, application.jurisdiction());
        LifecycleState next = GrantLifecycle.next(application.state(), LifecycleEvent.REJECT);
        Application rejected = with(application, next, application.submittedAt(), Optional.of(reason));
        support.store.updateApplication(rejected);
        support.recordDone(actor, "application.reject", "application", application.id(), application.organizationId(), reason);
        return rejected;
    }

    public Application get(Actor actor, String applicationId) {
        Application application = support.store.application(applicationId)
                .orElseThrow(() -> SandboxException.notFound("application", applicationId));
        if (!support.mayRead(actor, support.organization(application.organizationId()), application.jurisdiction())) {
            throw SandboxException.notFound("application", applicationId);
        }
        return application;
    }

    public List<Application> list(Actor actor) {
        return support.store.applications().stream()
                .filter(a -> support.mayRead(actor, support.organization(a.organizationId()), a.jurisdiction()))
                .toList();
    }

    /** An application answering a call must answer an open call of its jurisdiction and priority domain. */
    private void requireAnswerable(String announcementId, PriorityDomain domain, Jurisdiction jurisdiction) {
        Announcement call = announcements.find(announcementId).orElseThrow(() -> new SandboxException(
                ErrorCode.UNKNOWN_ANNOUNCEMENT, "call for applications " + announcementId + " does not exist"));
        if (!call.isOpenOn(support.today())) {
            throw new SandboxException(ErrorCode.ANNOUNCEMENT_MISMATCH, "call " + announcementId + " is open from "
                    + call.opensOn() + " to " + call.closesOn());
        }
        if (!call.priorityDomains().contains(domain)) {
            throw new SandboxException(ErrorCode.ANNOUNCEMENT_MISMATCH, "call " + announcementId + " is for "
                    + call.priorityDomains() + ", not " + domain);
        }
        if (!call.jurisdiction().covers(jurisdiction)) {
            throw new SandboxException(ErrorCode.ANNOUNCEMENT_MISMATCH, "call " + announcementId + " of "
                    + call.jurisdiction().code() + " does not cover " + jurisdiction.code());
        }
    }

    /**
     * last year's audited financial reports; for a company younger than a year, reports up to last month.
     */
    void requireFinancialPeriod(Organization organization, Optional<LocalDate> periodEnd) {
        LocalDate today = support.today();
        LocalDate end = periodEnd.orElseThrow(() -> new SandboxException(ErrorCode.FINANCIAL_PERIOD_INVALID,
                "the audit and financial reports need periodEnd, the last day they cover"));
        boolean young = organization.establishedOn().isAfter(today.minusYears(1));
        LocalDate required = young
                ? YearMonth.from(today).minusMonths(1).atEndOfMonth()
                : LocalDate.of(today.getYear() - 1, 12, 31);
        if (end.isBefore(required) || end.isAfter(today)) {
            throw new SandboxException(ErrorCode.FINANCIAL_PERIOD_INVALID, (young
                    ? "a company younger than a year files financial reports up to last month (" + required + ")"
                    : "the audit and financial reports must cover last year, up to " + required) + "; got " + end);
        }
    }

    /** Locks a application the actor may see; one it may not see answers NOT_FOUND, as one that does not exist. */
    private Application lock(Actor actor, String applicationId) {
        Application found = lock(applicationId);
        if (!support.mayRead(actor, support.organization(found.organizationId()), found.jurisdiction())) {
            throw SandboxException.notFound("application", applicationId);
        }
        return found;
    }

    private Application lock(String applicationId) {
        return support.store.lockApplication(applicationId).orElseThrow(() -> SandboxException.notFound("application", applicationId));
    }

    private static Application with(Application a, LifecycleState state, Optional<java.time.Instant> submittedAt, Optional<String> closedReason) {
        return new Application(a.id(), a.labId(), a.organizationId(), a.announcementId(), state, a.scenario(), a.priorityDomain(),
                a.level(), a.jurisdiction(), a.datasetIds(), a.materials(), a.reviews(), a.deliberation(), a.approval(), a.createdAt(),
                a.createdBy(), submittedAt, closedReason);
    }
}
