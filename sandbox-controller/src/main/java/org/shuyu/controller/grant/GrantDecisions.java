package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.grant.LifecycleInputs.requireText;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * the coordination body of a grant's level decides to terminate or revoke it; a municipal decision takes effect
 * once the leading group approves it, a county decision at once. Carrying a decision out: {@link GrantEndings}.
 */
@Service
public class GrantDecisions {
    private final GrantRecordStore store;
    private final GrantVisibility visibility;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;

    public GrantDecisions(GrantRecordStore store, GrantVisibility visibility, AuditLog audit, Clock clock, IdGenerator ids) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
    }

    public record DecisionInput(Grant.DecisionKind kind, LocalDate meetingDate, String minutes, String reason) {}

    @Transactional
    public Grant.Decision recordDecision(Actor actor, String grantId, DecisionInput input) {
        if (input.kind() == null || input.meetingDate() == null) {
            throw SandboxException.invalid("kind (TERMINATE or REVOKE) and meetingDate are required");
        }
        requireText(input.minutes(), "minutes");
        requireText(input.reason(), "reason");
        Grant grant = visibility.lockGrant(actor, grantId);
        ActingRights.requireLevel(actor, grant.level(), grant.jurisdiction(), "a decision to " + input.kind().name().toLowerCase());
        String action = GrantLifecycle.apply(grant.state(), LifecycleEvent.RECORD_DECISION, grant).auditAction().orElseThrow();
        boolean municipal = grant.level() == Jurisdiction.Level.MUNICIPAL;
        Grant.Decision decision = new Grant.Decision(ids.next("decision"), grant.id(), input.kind(),
                municipal ? Grant.DecisionState.PENDING_APPROVAL : Grant.DecisionState.APPROVED, actor.jurisdiction().orElseThrow(),
                input.meetingDate(), input.minutes(), input.reason(), actor.userId(), clock.instant(),
                municipal ? Optional.empty() : Optional.of(actor.userId()), municipal ? Optional.empty() : Optional.of(clock.instant()),
                Optional.empty());
        store.insertDecision(decision);
        audit.append(GrantAuditEvents.grant(actor, action, grant, "decision " + decision.id() + " to "
                + input.kind() + (municipal ? ", awaiting the leading group's approval" : ", county decision final")));
        return decision;
    }

    /** The municipal leading group approves a decision on a municipal grant. */
    @Transactional
    public Grant.Decision approveDecision(Actor actor, String grantId, String decisionId) {
        Grant grant = visibility.lockGrant(actor, grantId);
        Grant.Decision decision = store.decision(decisionId).filter(d -> d.grantId().equals(grant.id()))
                .orElseThrow(() -> SandboxException.notFound("decision", decisionId));
        if (!Permissions.approvesGrantDecision(actor, grant.level())) {
            throw new SandboxException(ErrorCode.WRONG_DECISION_LEVEL,
                    "only the municipal leading group approves decisions on municipal grants (R-05)");
        }
        ActingRights.requireLevel(actor, grant.level(), grant.jurisdiction(), "approval");
        if (decision.state() != Grant.DecisionState.PENDING_APPROVAL) {
            throw new SandboxException(ErrorCode.ILLEGAL_TRANSITION, "decision " + decisionId + " is " + decision.state());
        }
        Grant.Decision approved = new Grant.Decision(decision.id(), decision.grantId(), decision.kind(), Grant.DecisionState.APPROVED,
                decision.jurisdiction(), decision.meetingDate(), decision.minutes(), decision.reason(), decision.decidedBy(),
                decision.decidedAt(), Optional.of(actor.userId()), Optional.of(clock.instant()), Optional.empty());
        store.updateDecision(approved);
        audit.append(GrantAuditEvents.grant(actor, "grant.decision-approve", grant, "decision " + decisionId));
        return approved;
    }
}
