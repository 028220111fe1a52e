package org.shuyu.controller.inspection;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantLifecycle;
import org.shuyu.controller.grant.GrantSupervision;
import org.shuyu.controller.grant.GrantVisibility;
import org.shuyu.controller.grant.LifecycleEvent;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Notifications;
import org.shuyu.controller.notification.Recipient;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.shuyu.controller.workflow.Transition;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The course of one finding: the operator's accountable person reports its rectification, the supervisor
 * verifies it or rejects it with a reason and a new deadline, the scheduler flags a missed deadline, and a supervisor
 * can have the finding's grant suspended. A supervisor does not suspend grants itself: it requests the suspension, and
 * the authority of the grant's jurisdiction suspends through the grant's own path ({@link GrantSupervision#suspend},
 * table row GRANT_ACTIVE --SUSPEND-->), which the finding then records. Once suspended, the operator's rectification
 * report on the finding is also reported on the grant (its REPORT_RECTIFICATION row), and the finding's verification
 * tells the authority that it may reinstate the grant (its REINSTATE row): the grant's own rules stay in force.
 */
@Service
public class FindingService {
    private final InspectionStore store;
    private final InspectionService inspections;
    private final Organizations organizations;
    private final GrantVisibility grants;
    private final GrantSupervision supervision;
    private final AuditLog audit;
    private final Notifications notifications;
    private final Clock clock;

    public FindingService(InspectionStore store, InspectionService inspections, Organizations organizations,
            GrantVisibility grants, GrantSupervision supervision, AuditLog audit, Notifications notifications, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.inspections = requireNonNull(inspections, "inspections is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.supervision = requireNonNull(supervision, "supervision is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.notifications = requireNonNull(notifications, "notifications is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public record Rejection(String reason, Instant rectificationDeadline) {}

    /** The operator's accountable person reports how the finding was rectified. */
    @Transactional
    public Finding submitRectification(Actor actor, String findingId, String report) {
        Finding finding = lock(actor, findingId);
        Organization organization = organizations.find(finding.organizationId()).orElseThrow();
        if (!organization.isAccountable(actor.userId())) {
            throw new SandboxException(ErrorCode.NOT_ACCOUNTABLE_PERSON, actor.userId()
                    + " is not the accountable person of organization " + organization.id());
        }
        Transition<FindingState, FindingEvent, Finding> t = InspectionLifecycle.FINDINGS.apply(finding.state(),
                FindingEvent.SUBMIT_RECTIFICATION, finding);
        requireProse(report, "report", 4000);
        Instant now = clock.instant();
        Finding moved = finding.submitted(report, now);
        store.updateFinding(moved);
        boolean late = now.isAfter(finding.deadline());
        audit.append(InspectionAuditEvents.finding(actor, t.auditAction().orElseThrow(), finding,
                finding.state() + " -> " + t.to() + (late ? "; after the deadline " + finding.deadline() : "")));
        reportOnSuspendedGrant(actor, finding);
        Inspection inspection = store.find(finding.inspectionId()).orElseThrow();
        for (String inspector : inspection.inspectors()) {
            notifications.send(Notice.of("inspection.rectification-submitted", Recipient.user(inspector), "finding",
                    finding.id(), "organization " + finding.organizationId() + " reported the rectification of finding "
                            + finding.id() + " of inspection " + finding.inspectionId()));
        }
        return moved;
    }

    /** The supervisor accepts the rectification: the finding is closed. */
    @Transactional
    public Finding verify(Actor actor, String findingId, String note) {
        Finding finding = lockForInspector(actor, findingId);
        Transition<FindingState, FindingEvent, Finding> t = InspectionLifecycle.FINDINGS.apply(finding.state(),
                FindingEvent.VERIFY, finding);
        if (note != null && note.length() > InspectionService.MAX_TEXT) {
            throw new SandboxException(ErrorCode.RECTIFICATION_INVALID, "the note is at most " + InspectionService.MAX_TEXT
                    + " characters");
        }
        Finding moved = finding.verified(actor.userId(), clock.instant());
        store.updateFinding(moved);
        audit.append(InspectionAuditEvents.finding(actor, t.auditAction().orElseThrow(), finding, finding.state() + " -> " + t.to()));
        Organization organization = organizations.find(finding.organizationId()).orElseThrow();
        notifications.send(Notice.of("inspection.finding-verified", Recipient.user(organization.accountableUserId()),
                "finding", finding.id(), "finding " + finding.id() + " of inspection " + finding.inspectionId() + " is verified and closed"));
        if (finding.suspendedAt().isPresent() && finding.grantId().isPresent()) {
            Grant grant = grants.lockGrant(finding.grantId().get());
            if (GrantLifecycle.allows(grant.state(), LifecycleEvent.REINSTATE)) {
                notifications.send(Notice.of("inspection.reinstatement-possible", Recipient.role(Role.AUTHORITY,
                        grant.jurisdiction()), "grant", grant.id(), "finding " + finding.id()
                        + " that suspended grant " + grant.id() + " is verified; the grant may be reinstated"));
            }
        }
        return moved;
    }

    /** The supervisor rejects the rectification with a reason and a new deadline: the finding is open again. */
    @Transactional
    public Finding reject(Actor actor, String findingId, Rejection input) {
        Finding finding = lockForInspector(actor, findingId);
        Transition<FindingState, FindingEvent, Finding> t = InspectionLifecycle.FINDINGS.apply(finding.state(),
                FindingEvent.REJECT, finding);
        if (input == null || input.rectificationDeadline() == null) {
            throw new SandboxException(ErrorCode.RECTIFICATION_INVALID, "reason and rectificationDeadline are required");
        }
        requireProse(input.reason(), "reason", InspectionService.MAX_TEXT);
        if (!input.rectificationDeadline().isAfter(clock.instant())) {
            throw new SandboxException(ErrorCode.RECTIFICATION_INVALID, "the new rectification deadline must be in the future");
        }
        Finding moved = finding.rejected(input.reason(), input.rectificationDeadline());
        store.updateFinding(moved);
        audit.append(InspectionAuditEvents.finding(actor, t.auditAction().orElseThrow(), finding, finding.state() + " -> "
                + t.to() + "; new deadline " + input.rectificationDeadline()));
        Organization organization = organizations.find(finding.organizationId()).orElseThrow();
        notifications.send(Notice.of("inspection.rectification-rejected", Recipient.user(organization.accountableUserId()),
                "finding", finding.id(), "the rectification of finding " + finding.id() + " was not accepted; rectify by "
                        + input.rectificationDeadline()).due(input.rectificationDeadline()));
        return moved;
    }

    /** The supervisor asks the authority to suspend the finding's grant (R-17b through R-26). */
    @Transactional
    public Finding requestSuspension(Actor actor, String findingId) {
        Finding finding = lockForInspector(actor, findingId);
        Transition<FindingState, FindingEvent, Finding> t = InspectionLifecycle.FINDINGS.apply(finding.state(),
                FindingEvent.REQUEST_SUSPENSION, finding);
        Finding moved = finding.suspensionRequested(actor.userId());
        store.updateFinding(moved);
        String grantId = finding.grantId().orElseThrow();
        audit.append(InspectionAuditEvents.finding(actor, t.auditAction().orElseThrow(), finding, "grant " + grantId));
        Grant grant = grants.grant(actor, grantId);
        notifications.send(Notice.of("inspection.suspension-requested", Recipient.role(Role.AUTHORITY, grant.jurisdiction()),
                "finding", finding.id(), "security supervisor " + actor.userId() + " requests the suspension of grant "
                        + grantId + " on finding " + finding.id() + " (" + finding.severity() + ")"));
        return moved;
    }

    /**
     * The authority suspends the finding's grant through the grant's own suspension, with the finding as the violation
     * and its deadline (or a later one given here) as the rectification deadline.
     */
    @Transactional
    public Finding suspendGrant(Actor actor, String findingId, Instant rectificationDeadline) {
        Finding finding = lock(actor, findingId);
        Inspection inspection = store.find(finding.inspectionId()).orElseThrow();
        Transition<FindingState, FindingEvent, Finding> t = InspectionLifecycle.FINDINGS.apply(finding.state(),
                FindingEvent.SUSPEND_GRANT, finding);
        String grantId = finding.grantId().orElseThrow();
        Grant grant = grants.grant(actor, grantId);
        if (!Permissions.suspendsFromFinding(actor, grant.jurisdiction())) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, actor.userId() + " does not suspend grants of "
                    + grant.jurisdiction().code());
        }
        Instant deadline = Optional.ofNullable(rectificationDeadline).orElse(finding.deadline());
        supervision.suspend(actor, grantId, new GrantSupervision.Suspend("inspection " + inspection.id() + ", finding "
                + finding.id() + " (" + finding.severity() + ")", deadline));
        Finding moved = finding.suspended(clock.instant());
        store.updateFinding(moved);
        audit.append(InspectionAuditEvents.finding(actor, t.auditAction().orElseThrow(), finding, "grant " + grantId
                + " suspended; rectify by " + deadline));
        Organization organization = organizations.find(finding.organizationId()).orElseThrow();
        notifications.send(Notice.of("inspection.grant-suspended", Recipient.user(organization.accountableUserId()), "grant",
                grantId, "grant " + grantId + " is suspended on finding " + finding.id() + "; rectify by " + deadline)
                .due(deadline));
        return moved;
    }

    /** The scheduler: an open finding whose deadline passed without a rectification report is flagged OVERDUE. */
    @Transactional
    public boolean markOverdueIfDue(String findingId) {
        Optional<Finding> locked = store.lockFinding(findingId);
        if (locked.isEmpty()) {
            return false;
        }
        Finding finding = locked.get();
        if (!InspectionLifecycle.FINDINGS.allows(finding.state(), FindingEvent.DEADLINE_PASSED)
                || !clock.instant().isAfter(finding.deadline())) {
            return false;
        }
        Transition<FindingState, FindingEvent, Finding> t = InspectionLifecycle.FINDINGS.apply(finding.state(),
                FindingEvent.DEADLINE_PASSED, finding);
        store.updateFinding(finding.inState(t.to()));
        audit.append(InspectionAuditEvents.finding(InspectionAuditEvents.SCHEDULER, t.auditAction().orElseThrow(), finding,
                "deadline " + finding.deadline() + " passed without a rectification report"));
        Inspection inspection = store.find(finding.inspectionId()).orElseThrow();
        for (String inspector : inspection.inspectors()) {
            notifications.send(Notice.of("inspection.finding-overdue", Recipient.user(inspector), "finding", finding.id(),
                    "finding " + finding.id() + " of organization " + finding.organizationId() + " is overdue"));
        }
        organizations.find(finding.organizationId()).ifPresent(o -> notifications.send(Notice.of("inspection.finding-overdue",
                Recipient.user(o.accountableUserId()), "finding", finding.id(), "finding " + finding.id()
                        + " is overdue since " + finding.deadline())));
        return true;
    }

    private void reportOnSuspendedGrant(Actor actor, Finding finding) {
        if (finding.suspendedAt().isEmpty() || finding.grantId().isEmpty()) {
            return;
        }
        Grant grant = grants.lockGrant(finding.grantId().get());
        boolean open = GrantLifecycle.allows(grant.state(), LifecycleEvent.REPORT_RECTIFICATION)
                && grant.suspension().map(s -> !clock.instant().isAfter(s.rectificationDeadline())).orElse(false);
        if (open) {
            supervision.reportRectification(actor, grant.id(), "rectification of inspection finding " + finding.id()
                    + " reported on the inspection");
        }
    }

    /** The finding for someone who may read its inspection; not found for anyone else. */
    /**
     * The finding, locked, for someone who may read its inspection; not found for anyone else. Locks are taken in one
     * order everywhere: the inspection (when needed), then the finding.
     */
    private Finding lock(Actor actor, String findingId) {
        Finding peek = store.findFinding(findingId).orElseThrow(() -> SandboxException.notFound("finding", findingId));
        store.find(peek.inspectionId()).filter(i -> inspections.readable(actor, i))
                .orElseThrow(() -> SandboxException.notFound("finding", findingId));
        return store.lockFinding(findingId).orElseThrow(() -> SandboxException.notFound("finding", findingId));
    }

    private Finding lockForInspector(Actor actor, String findingId) {
        Finding peek = store.findFinding(findingId).orElseThrow(() -> SandboxException.notFound("finding", findingId));
        inspections.lockForInspector(actor, peek.inspectionId());
        return store.lockFinding(findingId).orElseThrow(() -> SandboxException.notFound("finding", findingId));
    }

    private static void requireProse(String text, String name, int max) {
        if (InspectionService.blank(text) || text.length() > max) {
            throw new SandboxException(ErrorCode.RECTIFICATION_INVALID, name + " must be 1 to " + max + " characters");
        }
    }
}
