package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.grant.LifecycleInputs.requireSha256;
import static org.shuyu.controller.grant.LifecycleInputs.requireText;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.announcement.Announcement;
import org.shuyu.controller.announcement.AnnouncementService;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.catalog.Catalog;
import org.shuyu.controller.catalog.PriorityDomain;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.organization.Organization;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Formal applications, the applicant's side: drafting with the five materials, answering a call,
 * submission and withdrawal; and reading them. Review, deliberation and approval: {@link ApplicationReviews}.
 */
@Service
public class ApplicationService {
    private final LifecycleStore store;
    private final GrantVisibility visibility;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final Catalog datasets;
    private final AnnouncementService announcements;
    private final ObjectProvider<ApplicationSubmissionCheck> submissionChecks;

    public ApplicationService(LifecycleStore store, GrantVisibility visibility, AuditLog audit, Clock clock, IdGenerator ids,
                              Catalog datasets, AnnouncementService announcements,
                              ObjectProvider<ApplicationSubmissionCheck> submissionChecks) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.announcements = requireNonNull(announcements, "announcements is null");
        this.submissionChecks = requireNonNull(submissionChecks, "submissionChecks is null");
    }

    public record CreateApplication(String labId, String scenario, PriorityDomain priorityDomain, Jurisdiction.Level level,
                                    List<String> datasetIds, String announcementId) {}

    public record ProvideMaterial(String documentName, String sha256, LocalDate periodEnd) {}

    @Transactional
    public Application create(Actor actor, CreateApplication command) {
        requireText(command.labId(), "labId");
        requireText(command.scenario(), "scenario");
        if (command.priorityDomain() == null) {
            throw SandboxException.invalid("priorityDomain is required (" + List.of(PriorityDomain.values()) + ")");
        }
        if (command.level() == null) {
            throw SandboxException.invalid("level is required (MUNICIPAL or COUNTY)");
        }
        Lab lab = store.lab(command.labId()).orElseThrow(() -> new SandboxException(ErrorCode.LAB_REPORT_MISSING,
                "lab " + command.labId() + " does not exist; a formal application needs a completed lab (R-13)"));
        Organization organization = visibility.organization(lab.organizationId());
        ActingRights.requireAccountable(actor, organization);
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
        datasets.requireUsable(datasetIds);
        Optional<String> announcementId = Optional.ofNullable(command.announcementId()).filter(s -> !s.isBlank());
        announcementId.ifPresent(id -> requireAnswerable(id, command.priorityDomain(), jurisdiction));
        Map<MaterialKind, Application.Material> materials = new EnumMap<>(MaterialKind.class);
        materials.put(MaterialKind.LAB_EVALUATION_REPORT, new Application.Material(MaterialKind.LAB_EVALUATION_REPORT,
                "technical evaluation report " + report.id() + " of lab " + lab.id(), report.sha256(), Optional.empty(),
                report.issuedAt(), "platform"));
        Application application = new Application(ids.next("app"), lab.id(), organization.id(),
                announcementId, LifecycleState.APP_DRAFT,
                command.scenario().strip(), command.priorityDomain(), command.level(), jurisdiction, datasetIds, materials,
                List.of(), Optional.empty(), Optional.empty(), clock.instant(), actor.userId(), Optional.empty(), Optional.empty());
        store.insertApplication(application);
        audit.append(GrantAuditEvents.application(actor, "application.create", application,
                "scenario '" + application.scenario() + "', " + command.level() + " " + jurisdiction.code() + ", datasets " + datasetIds));
        return application;
    }

    @Transactional
    public Application provideMaterial(Actor actor, String applicationId, MaterialKind kind, ProvideMaterial command) {
        if (kind == MaterialKind.LAB_EVALUATION_REPORT) {
            throw new SandboxException(ErrorCode.MATERIAL_ISSUED_BY_PLATFORM,
                    "the lab's technical evaluation report is issued by the platform and attached automatically");
        }
        requireText(command.documentName(), "documentName");
        requireSha256(command.sha256(), "sha256");
        Application application = visibility.lockApplication(actor, applicationId);
        Organization organization = visibility.organization(application.organizationId());
        ActingRights.requireAccountable(actor, organization);
        String action = GrantLifecycle.apply(application.state(), LifecycleEvent.PROVIDE_MATERIAL, application).auditAction().orElseThrow();
        Optional<LocalDate> periodEnd = Optional.ofNullable(command.periodEnd());
        if (kind == MaterialKind.AUDIT_AND_FINANCIAL_REPORTS) {
            requireFinancialPeriod(organization, periodEnd);
        }
        Application.Material material = new Application.Material(kind, command.documentName(), command.sha256(), periodEnd,
                clock.instant(), actor.userId());
        store.putMaterial(application.id(), material);
        audit.append(GrantAuditEvents.application(actor, action, application,
                kind + ": " + command.documentName() + " sha256 " + command.sha256()));
        return store.application(application.id()).orElseThrow();
    }

    /** Submission needs all five materials (the table's guard) and a current financial period. */
    @Transactional
    public Application submit(Actor actor, String applicationId) {
        Application application = visibility.lockApplication(actor, applicationId);
        Organization organization = visibility.organization(application.organizationId());
        ActingRights.requireAccountable(actor, organization);
        var transition = GrantLifecycle.apply(application.state(), LifecycleEvent.SUBMIT, application);
        requireFinancialPeriod(organization, application.materials().get(MaterialKind.AUDIT_AND_FINANCIAL_REPORTS).periodEnd());
        datasets.requireUsable(application.datasetIds());
        submissionChecks.orderedStream().forEach(check -> check.check(application));
        Application submitted = application.moved(transition.to(), Optional.of(clock.instant()), application.closedReason());
        store.updateApplication(submitted);
        audit.append(GrantAuditEvents.application(actor, transition.auditAction().orElseThrow(), application, "five materials present"));
        return submitted;
    }

    @Transactional
    public Application withdraw(Actor actor, String applicationId) {
        Application application = visibility.lockApplication(actor, applicationId);
        ActingRights.requireAccountable(actor, visibility.organization(application.organizationId()));
        var transition = GrantLifecycle.apply(application.state(), LifecycleEvent.WITHDRAW, application);
        Application withdrawn = application.moved(transition.to(), application.submittedAt(), Optional.of("withdrawn by the applicant"));
        store.updateApplication(withdrawn);
        audit.append(GrantAuditEvents.application(actor, transition.auditAction().orElseThrow(), application, ""));
        return withdrawn;
    }

    public Application get(Actor actor, String applicationId) {
        return visibility.application(actor, applicationId);
    }

    public List<Application> list(Actor actor) {
        return store.applications().stream().filter(a -> visibility.mayRead(actor, a)).toList();
    }

    /** An application answering a call must answer an open call of its jurisdiction and priority domain. */
    private void requireAnswerable(String announcementId, PriorityDomain domain, Jurisdiction jurisdiction) {
        Announcement call = announcements.find(announcementId).orElseThrow(() -> new SandboxException(
                ErrorCode.UNKNOWN_ANNOUNCEMENT, "call for applications " + announcementId + " does not exist"));
        if (!call.isOpenOn(LifecycleTime.today(clock))) {
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
        LocalDate today = LifecycleTime.today(clock);
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
}
