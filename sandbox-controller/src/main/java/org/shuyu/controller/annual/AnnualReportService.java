package org.shuyu.controller.annual;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.AnnualReportProperties;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.LifecycleTime;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Notifications;
import org.shuyu.controller.notification.Recipient;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Annual operation reports (R-27, docs/annual-reports.md), the operator's side and the authority's: opening a report
 * for a year, writing its sections, submitting it (the figures are computed and frozen), returning it for completion,
 * evaluating it. Every move is a row of {@link AnnualReportLifecycle}, audited, and noticed to whoever acts next.
 */
@Service
public class AnnualReportService {
    /** The earliest year a report can be about. */
    static final int FIRST_YEAR = 2000;

    private final AnnualReportStore store;
    private final AnnualReportReads reads;
    private final AnnualFiguresCalculator figures;
    private final Organizations organizations;
    private final Notifications notifications;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final AnnualReportProperties properties;

    public AnnualReportService(AnnualReportStore store, AnnualReportReads reads, AnnualFiguresCalculator figures,
            Organizations organizations, Notifications notifications, AuditLog audit, Clock clock, IdGenerator ids,
            AnnualReportProperties properties) {
        this.store = requireNonNull(store, "store is null");
        this.reads = requireNonNull(reads, "reads is null");
        this.figures = requireNonNull(figures, "figures is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.notifications = requireNonNull(notifications, "notifications is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.properties = requireNonNull(properties, "properties is null");
    }

    /** The authority's evaluation as it arrives: every field is checked here. */
    public record Evaluate(String grade, String comments, String documentName, String documentSha256, LocalDate evaluatedOn) {}

    /** The accountable person opens the organization's report for {@code year} (a past or the current year). */
    @Transactional
    public AnnualReport open(Actor actor, String organizationId, Integer year) {
        Organization organization = organizations.find(organizationId == null ? "" : organizationId)
                .orElseThrow(() -> new SandboxException(ErrorCode.UNKNOWN_ORGANIZATION,
                        "organization " + organizationId + " does not exist"));
        requireAccountable(actor, organization);
        int current = LifecycleTime.today(clock).getYear();
        if (year == null || year < FIRST_YEAR || year > current) {
            throw new SandboxException(ErrorCode.ANNUAL_REPORT_YEAR_INVALID, "year must be between " + FIRST_YEAR
                    + " and " + current + ", got " + year);
        }
        if (figures.grantsLiveIn(organization.id(), year).isEmpty()) {
            throw new SandboxException(ErrorCode.ANNUAL_REPORT_NOT_AN_OPERATOR, "organization " + organization.id()
                    + " held no active grant in " + year + "; there is no operation to report on");
        }
        return insertDraft(actor, organization, year);
    }

    /**
     * The scheduler opens the report of an operator that held a live grant in a finished year (the scheduler has
     * checked that) and has none for it yet; empty if it exists.
     */
    @Transactional
    public Optional<AnnualReport> openForOperator(Organization organization, int year) {
        if (store.find(organization.id(), year).isPresent()) {
            return Optional.empty();
        }
        AnnualReport report = insertDraft(AnnualReportAuditEvents.SCHEDULER, organization, year);
        notifications.send(Notice.of("annual-report.due", Recipient.user(organization.accountableUserId()), "annual-report",
                report.id(), "annual report " + report.year() + " of organization " + organization.id()
                        + " is open; submit it by " + report.due()).due(report.due()));
        return Optional.of(report);
    }

    private AnnualReport insertDraft(Actor actor, Organization organization, int year) {
        if (store.find(organization.id(), year).isPresent()) {
            throw new SandboxException(ErrorCode.ANNUAL_REPORT_EXISTS, "organization " + organization.id()
                    + " already has an annual report for " + year);
        }
        Instant now = clock.instant();
        Instant due = properties.lastDayFor(year).plusDays(1).atStartOfDay(LifecycleTime.ZONE).toInstant();
        AnnualReport report = new AnnualReport(ids.next("ar"), organization.id(), organization.jurisdiction(), year,
                AnnualReportLifecycle.initial(), AnnualReport.Sections.EMPTY, due, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now, actor.userId(), now);
        store.insert(report);
        audit.append(AnnualReportAuditEvents.report(actor, "annual-report.open", report, "opened as "
                + report.state() + ", due " + due));
        return report;
    }

    /** The accountable person writes the hand-written sections (a null section stays as it is). */
    @Transactional
    public AnnualReport edit(Actor actor, String id, String securityMeasures, String incidentsNarrative, String plans) {
        AnnualReport report = reads.lock(actor, id);
        requireAccountable(actor, organizationOf(report));
        var transition = AnnualReportLifecycle.apply(report, AnnualReportEvent.EDIT);
        AnnualReport.Sections before = report.sections();
        AnnualReport.Sections next = new AnnualReport.Sections(section(securityMeasures, before.securityMeasures(),
                "securityMeasures"), section(incidentsNarrative, before.incidentsNarrative(), "incidentsNarrative"),
                section(plans, before.plans(), "plans"));
        AnnualReport edited = report.withSections(next, clock.instant());
        store.update(edited);
        audit.append(AnnualReportAuditEvents.report(actor, transition.auditAction().orElseThrow(), edited, "sections of "
                + next.securityMeasures().length() + "/" + next.incidentsNarrative().length() + "/" + next.plans().length()
                + " characters; missing " + edited.missingSections()));
        return edited;
    }

    /** Submission: every section filled in (the table's guard); the figures are computed now and frozen with their digest. */
    @Transactional
    public AnnualReport submit(Actor actor, String id) {
        AnnualReport report = reads.lock(actor, id);
        Organization organization = organizationOf(report);
        requireAccountable(actor, organization);
        var transition = AnnualReportLifecycle.apply(report, AnnualReportEvent.SUBMIT);
        AnnualFigures frozen = figures.compute(report.organizationId(), report.year());
        AnnualReport submitted = report.submitted(transition.to(), frozen, clock.instant(), actor.userId());
        store.update(submitted);
        audit.append(AnnualReportAuditEvents.report(actor, transition.auditAction().orElseThrow(), submitted,
                report.state() + " -> " + submitted.state() + "; figures frozen, sha256 " + frozen.sha256()));
        notifications.send(Notice.of("annual-report.submitted", Recipient.role(Role.AUTHORITY, report.jurisdiction()),
                "annual-report", report.id(), "annual report " + report.year() + " of organization "
                        + report.organizationId() + " submitted for evaluation"));
        return submitted;
    }

    /** The authority returns a submitted report for completion, with comments; it is due again after the resubmission period. */
    @Transactional
    public AnnualReport returnForCompletion(Actor actor, String id, String comments) {
        AnnualReport report = reads.lock(actor, id);
        requireEvaluator(actor, report);
        var transition = AnnualReportLifecycle.apply(report, AnnualReportEvent.RETURN);
        if (comments == null || comments.isBlank() || comments.length() > 4000) {
            throw new SandboxException(ErrorCode.ANNUAL_RETURN_COMMENTS_MISSING,
                    "say what to complete: comments of 1-4000 characters are required");
        }
        Instant now = clock.instant();
        AnnualReport returned = report.returnedWith(transition.to(), new AnnualReport.Returned(comments.strip(), now,
                actor.userId()), now.plus(properties.resubmission()));
        store.update(returned);
        audit.append(AnnualReportAuditEvents.report(actor, transition.auditAction().orElseThrow(), returned,
                report.state() + " -> " + returned.state() + "; comments of " + comments.strip().length()
                        + " characters; due again " + returned.due()));
        notifications.send(Notice.of("annual-report.returned", Recipient.user(organizationOf(report).accountableUserId()),
                "annual-report", report.id(), "annual report " + report.year() + " returned for completion; resubmit by "
                        + returned.due()).due(returned.due()));
        return returned;
    }

    /** The authority records the annual evaluation of a submitted report. */
    @Transactional
    public AnnualEvaluation evaluate(Actor actor, String id, Evaluate command) {
        AnnualReport report = reads.lock(actor, id);
        requireEvaluator(actor, report);
        var transition = AnnualReportLifecycle.apply(report, AnnualReportEvent.EVALUATE);
        AnnualEvaluation.Grade grade = grade(command.grade());
        LocalDate today = LifecycleTime.today(clock);
        if (command.comments() == null || command.comments().isBlank() || command.comments().length() > 4000) {
            throw invalidEvaluation("comments of 1-4000 characters are required");
        }
        if (command.documentName() == null || command.documentName().isBlank() || command.documentName().length() > 200) {
            throw invalidEvaluation("documentName of 1-200 characters is required");
        }
        if (command.documentSha256() == null || !command.documentSha256().matches("[0-9a-f]{64}")) {
            throw invalidEvaluation("documentSha256 must be a SHA-256 digest (64 lowercase hex characters)");
        }
        if (command.evaluatedOn() == null || command.evaluatedOn().isAfter(today)
                || command.evaluatedOn().getYear() < report.year()) {
            throw invalidEvaluation("evaluatedOn must be a date within or after the reported year and not after today ("
                    + today + ")");
        }
        Instant now = clock.instant();
        AnnualEvaluation evaluation = new AnnualEvaluation(report.id(), report.organizationId(), report.year(), grade,
                command.comments().strip(), command.documentName().strip(), command.documentSha256(), command.evaluatedOn(),
                actor.userId(), now);
        store.update(report.moved(transition.to(), now));
        store.insertEvaluation(evaluation);
        audit.append(AnnualReportAuditEvents.report(actor, transition.auditAction().orElseThrow(), report,
                report.state() + " -> " + transition.to() + "; grade " + grade + ", document sha256 "
                        + evaluation.documentSha256()));
        notifications.send(Notice.of("annual-report.evaluated", Recipient.user(organizationOf(report).accountableUserId()),
                "annual-report", report.id(), "annual report " + report.year() + " evaluated: " + grade));
        return evaluation;
    }

    /** The scheduler flags a report whose deadline passed; false if it is not (or no longer) due. */
    @Transactional
    public boolean flagOverdueIfDue(String id) {
        AnnualReport report = store.lock(id).orElse(null);
        Instant now = clock.instant();
        if (report == null || report.overdueAt().isPresent() || !now.isAfter(report.due())
                || !AnnualReportLifecycle.accepts(report.state(), AnnualReportEvent.FLAG_OVERDUE)) {
            return false;
        }
        var transition = AnnualReportLifecycle.apply(report, AnnualReportEvent.FLAG_OVERDUE);
        AnnualReport flagged = report.flaggedOverdue(now);
        store.update(flagged);
        audit.append(AnnualReportAuditEvents.report(AnnualReportAuditEvents.SCHEDULER, transition.auditAction().orElseThrow(),
                flagged, "deadline " + report.due() + " passed in state " + report.state()));
        Organization organization = organizationOf(report);
        notifications.send(Notice.of("annual-report.overdue", Recipient.user(organization.accountableUserId()),
                "annual-report", report.id(), "annual report " + report.year() + " is overdue since " + report.due())
                .due(report.due()));
        notifications.send(Notice.of("annual-report.overdue", Recipient.role(Role.AUTHORITY, report.jurisdiction()),
                "annual-report", report.id(), "annual report " + report.year() + " of organization " + report.organizationId()
                        + " is overdue since " + report.due()));
        return true;
    }

    private Organization organizationOf(AnnualReport report) {
        return organizations.find(report.organizationId()).orElseThrow(() -> new SandboxException(
                ErrorCode.UNKNOWN_ORGANIZATION, "organization " + report.organizationId() + " does not exist"));
    }

    private static void requireAccountable(Actor actor, Organization organization) {
        if (!Permissions.writesAnnualReports(actor) || !organization.isAccountable(actor.userId())) {
            throw new SandboxException(ErrorCode.NOT_ACCOUNTABLE_PERSON, actor.userId()
                    + " is not the accountable person of organization " + organization.id());
        }
    }

    private static void requireEvaluator(Actor actor, AnnualReport report) {
        if (!Permissions.evaluatesAnnualReports(actor)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only the data authority returns and evaluates annual reports");
        }
        if (!actor.covers(report.jurisdiction())) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "annual report " + report.id() + " is of jurisdiction "
                    + report.jurisdiction().code());
        }
    }

    private static String section(String given, String before, String name) {
        if (given == null) {
            return before;
        }
        if (given.length() > AnnualReport.SECTION_MAX) {
            throw new SandboxException(ErrorCode.ANNUAL_REPORT_SECTION_INVALID, name + " is longer than "
                    + AnnualReport.SECTION_MAX + " characters");
        }
        return given.strip();
    }

    private static AnnualEvaluation.Grade grade(String text) {
        try {
            return AnnualEvaluation.Grade.valueOf(text == null ? "" : text.strip());
        } catch (IllegalArgumentException e) {
            throw invalidEvaluation("grade must be one of " + List.of(AnnualEvaluation.Grade.values()));
        }
    }

    private static SandboxException invalidEvaluation(String message) {
        return new SandboxException(ErrorCode.ANNUAL_EVALUATION_INVALID, message);
    }
}
