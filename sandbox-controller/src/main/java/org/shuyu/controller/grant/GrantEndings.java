package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How a grant ends (R-17a): termination or revocation on an approved decision, expiry at the end of its term
 * ending closes access at once, schedules the deletion of the retained data, keeps the logs; and the deletion
 * carried out when due.
 */
@Service
public class GrantEndings {
    private final LifecycleStore store;
    private final GrantVisibility visibility;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final RetainedData retainedData;
    private final SandboxProperties properties;
    private final ApplicationEventPublisher events;

    public GrantEndings(LifecycleStore store, GrantVisibility visibility, AuditLog audit, Clock clock, IdGenerator ids,
                        RetainedData retainedData, SandboxProperties properties, ApplicationEventPublisher events) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.retainedData = requireNonNull(retainedData, "retainedData is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.events = requireNonNull(events, "events is null");
    }

    public record EndInput(String decisionId, String reason) {}

    @Transactional
    public Grant terminate(Actor actor, String grantId, EndInput input) {
        return endByDecision(actor, grantId, input, LifecycleEvent.TERMINATE, Grant.DecisionKind.TERMINATE);
    }

    @Transactional
    public Grant revoke(Actor actor, String grantId, EndInput input) {
        return endByDecision(actor, grantId, input, LifecycleEvent.REVOKE, Grant.DecisionKind.REVOKE);
    }

    /** The scheduler: a live grant whose term is over expires. */
    @Transactional
    public boolean expireIfDue(String grantId) {
        Grant grant = visibility.lockGrant(grantId);
        if (!GrantLifecycle.allows(grant.state(), LifecycleEvent.EXPIRE) || LifecycleTime.today(clock).isBefore(grant.termEnd())) {
            return false;
        }
        end(GrantAuditEvents.SCHEDULER, grant, LifecycleEvent.EXPIRE, "term ended " + grant.termEnd());
        return true;
    }

    /** Carries out a due deletion and completes its record. */
    @Transactional
    public Optional<Grant.Deletion> executeDeletion(String deletionId) {
        // Locked and re-read: two scheduler passes (or two controller replicas) never both carry it out.
        Grant.Deletion deletion = store.lockDeletion(deletionId)
                .orElseThrow(() -> SandboxException.notFound("deletion", deletionId));
        if (deletion.state() != Grant.DeletionState.SCHEDULED || deletion.dueAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        RetainedData.Erasure erasure = retainedData.erase(deletion.grantId());
        events.publishEvent(new GrantDataErased(deletion.grantId(), deletion.id()));
        Grant.Deletion done = new Grant.Deletion(deletion.id(), deletion.grantId(), deletion.organizationId(), deletion.reason(),
                deletion.scope(), Grant.DeletionState.DONE, deletion.scheduledAt(), deletion.dueAt(), Optional.of(clock.instant()),
                Optional.of(erasure.files()), Optional.of(erasure.bytes()), deletion.logsKeptUntil(), Optional.of(erasure.detail()));
        store.updateDeletion(done);
        audit.append(GrantAuditEvents.grant(GrantAuditEvents.SCHEDULER, "grant.data-deleted", deletion.grantId(),
                deletion.organizationId(), erasure.detail() + ": " + erasure.files() + " files, " + erasure.bytes() + " bytes"));
        return Optional.of(done);
    }

    /** TERMINATE and REVOKE need an approved, unused decision of their kind (the table's guard); it is executed. */
    private Grant endByDecision(Actor actor, String grantId, EndInput input, LifecycleEvent event, Grant.DecisionKind kind) {
        Grant grant = visibility.lockGrant(actor, grantId);
        ActingRights.requireJurisdiction(actor, grant.jurisdiction());
        Optional<String> decisionId = Optional.ofNullable(input).map(EndInput::decisionId);
        GrantLifecycle.EndByDecision named = new GrantLifecycle.EndByDecision(grant, kind, decisionId,
                decisionId.flatMap(store::decision));
        GrantLifecycle.apply(grant.state(), event, named);
        Grant.Decision decision = named.decision().orElseThrow();
        store.updateDecision(new Grant.Decision(decision.id(), decision.grantId(), decision.kind(), Grant.DecisionState.EXECUTED,
                decision.jurisdiction(), decision.meetingDate(), decision.minutes(), decision.reason(), decision.decidedBy(),
                decision.decidedAt(), decision.approvedBy(), decision.approvedAt(), Optional.of(clock.instant())));
        String reason = Optional.ofNullable(input.reason()).filter(s -> !s.isBlank()).orElse(decision.reason());
        return end(actor, grant, event, reason + " (decision " + decision.id() + ")");
    }

    /**
     * R-17a: ending closes access at once (members removed, state no longer open), schedules deletion of the
     * retained data with a deletion record, and keeps the logs for the retention period.
     */
    private Grant end(Actor actor, Grant grant, LifecycleEvent event, String reason) {
        LifecycleState next = GrantLifecycle.next(grant.state(), event);
        Instant now = clock.instant();
        Grant ended = grant.moved(next, grant.activatedAt(), grant.suspension(), grant.rectification(), Optional.of(now), Optional.of(reason));
        store.updateGrant(ended);
        for (Grant.Member member : store.members(grant.id())) {
            if (member.current()) {
                store.putMember(new Grant.Member(member.grantId(), member.userId(), member.name(), member.addedBy(),
                        member.addedAt(), Optional.of(actor.userId()), Optional.of(now)));
            }
        }
        store.updatePublicationStatus(grant.id(), next.shortName());
        LocalDate logsKeptUntil = LifecycleTime.today(clock).plusDays(properties.audit().retentionDays());
        Grant.Deletion deletion = new Grant.Deletion(ids.next("deletion"), grant.id(), grant.organizationId(), event,
                retainedData.scope(grant.id()), Grant.DeletionState.SCHEDULED, now, now.plus(properties.lifecycle().deletionGrace()),
                Optional.empty(), Optional.empty(), Optional.empty(), logsKeptUntil, Optional.empty());
        store.insertDeletion(deletion);
        audit.append(GrantAuditEvents.grant(actor, GrantLifecycle.auditAction(grant.state(), event), grant,
                reason + "; access closed; data deletion " + deletion.id() + " scheduled; logs kept until " + logsKeptUntil));
        events.publishEvent(WorkspaceAccessChanged.grant(grant.id(), next.shortName().toLowerCase(Locale.ROOT)));
        return ended;
    }
}
