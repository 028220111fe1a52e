package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.grant.LifecycleInputs.requireText;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.shuyu.controller.workflow.Transition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Supervision of a running grant (R-17b): suspension for a violation with a rectification deadline, the operator's
 * rectification report, reinstatement, and the scheduler marking a deadline passed without a report.
 */
@Service
public class GrantSupervision {
    private final LifecycleStore store;
    private final GrantVisibility visibility;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public GrantSupervision(LifecycleStore store, GrantVisibility visibility, AuditLog audit, Clock clock,
                            ApplicationEventPublisher events) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.events = requireNonNull(events, "events is null");
    }

    public record Suspend(String violation, Instant rectificationDeadline) {}

    /** R-17b: suspension for a violation with a rectification deadline; access closes at once. */
    @Transactional
    public Grant suspend(Actor actor, String grantId, Suspend input) {
        requireText(input.violation(), "violation");
        if (input.rectificationDeadline() == null) {
            throw SandboxException.invalid("rectificationDeadline is required");
        }
        Grant grant = visibility.lockGrant(actor, grantId);
        ActingRights.requireJurisdiction(actor, grant.jurisdiction());
        Transition<LifecycleState, LifecycleEvent, Object> suspension = GrantLifecycle.apply(grant.state(), LifecycleEvent.SUSPEND, grant);
        if (!input.rectificationDeadline().isAfter(clock.instant())) {
            throw new SandboxException(ErrorCode.DEADLINE_INVALID, "the rectification deadline must be in the future");
        }
        Grant suspended = grant.moved(suspension.to(), grant.activatedAt(),
                Optional.of(new Grant.Suspension(input.violation(), clock.instant(), input.rectificationDeadline())), Optional.empty(),
                grant.endedAt(), grant.endReason());
        store.updateGrant(suspended);
        store.updatePublicationStatus(grant.id(), "SUSPENDED");
        audit.append(GrantAuditEvents.grant(actor, suspension.auditAction().orElseThrow(), grant,
                "violation: " + input.violation() + "; rectify by " + input.rectificationDeadline()));
        events.publishEvent(WorkspaceAccessChanged.grant(grant.id(), "suspended"));
        return suspended;
    }

    @Transactional
    public Grant reportRectification(Actor actor, String grantId, String report) {
        requireText(report, "report");
        Grant grant = visibility.lockGrant(actor, grantId);
        ActingRights.requireAccountable(actor, visibility.organization(grant.organizationId()));
        Transition<LifecycleState, LifecycleEvent, Object> reported =
                GrantLifecycle.apply(grant.state(), LifecycleEvent.REPORT_RECTIFICATION, grant);
        Instant deadline = grant.suspension().orElseThrow().rectificationDeadline();
        if (clock.instant().isAfter(deadline)) {
            throw new SandboxException(ErrorCode.DEADLINE_PASSED, "the rectification deadline " + deadline + " has passed");
        }
        Grant moved = grant.moved(reported.to(), grant.activatedAt(), grant.suspension(),
                Optional.of(new Grant.Rectification(report, clock.instant())), grant.endedAt(), grant.endReason());
        store.updateGrant(moved);
        audit.append(GrantAuditEvents.grant(actor, reported.auditAction().orElseThrow(), grant, report));
        return moved;
    }

    @Transactional
    public Grant reinstate(Actor actor, String grantId, String note) {
        Grant grant = visibility.lockGrant(actor, grantId);
        ActingRights.requireJurisdiction(actor, grant.jurisdiction());
        Transition<LifecycleState, LifecycleEvent, Object> reinstated = GrantLifecycle.apply(grant.state(), LifecycleEvent.REINSTATE, grant);
        if (!LifecycleTime.today(clock).isBefore(grant.termEnd())) {
            throw new SandboxException(ErrorCode.TERM_NOT_CURRENT, "grant " + grant.id() + " ended its term on " + grant.termEnd());
        }
        Grant active = grant.moved(reinstated.to(), grant.activatedAt(), Optional.empty(), Optional.empty(), grant.endedAt(),
                grant.endReason());
        store.updateGrant(active);
        store.updatePublicationStatus(grant.id(), "ACTIVE");
        audit.append(GrantAuditEvents.grant(actor, reinstated.auditAction().orElseThrow(), grant, Optional.ofNullable(note).orElse("")));
        events.publishEvent(WorkspaceAccessChanged.grant(grant.id(), "reinstated"));
        return active;
    }

    /** The scheduler: a suspended grant whose rectification deadline passed without a report (R-17b). */
    @Transactional
    public boolean markOverdueIfDue(String grantId) {
        Grant grant = visibility.lockGrant(grantId);
        if (!GrantLifecycle.allows(grant.state(), LifecycleEvent.DEADLINE_PASSED)
                || grant.suspension().map(s -> !clock.instant().isAfter(s.rectificationDeadline())).orElse(true)) {
            return false;
        }
        Transition<LifecycleState, LifecycleEvent, Object> overdue =
                GrantLifecycle.apply(grant.state(), LifecycleEvent.DEADLINE_PASSED, grant);
        store.updateGrant(grant.moved(overdue.to(), grant.activatedAt(), grant.suspension(), grant.rectification(), grant.endedAt(),
                grant.endReason()));
        audit.append(GrantAuditEvents.grant(GrantAuditEvents.SCHEDULER, overdue.auditAction().orElseThrow(), grant,
                "deadline " + grant.suspension().orElseThrow().rectificationDeadline() + " passed without a rectification report;"
                        + " the grant can be terminated by decision"));
        return true;
    }
}
