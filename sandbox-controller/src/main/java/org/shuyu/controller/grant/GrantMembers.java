package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.grant.LifecycleInputs.requireText;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.shuyu.controller.personnel.PersonnelVetting;
import org.shuyu.controller.personnel.VettingItem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A grant's members: added and removed by the operator's accountable person or the authority. */
@Service
public class GrantMembers {
    private final GrantStore store;
    private final GrantVisibility visibility;
    private final AuditLog audit;
    private final Clock clock;
    private final PersonnelVetting vetting;
    private final ApplicationEventPublisher events;

    public GrantMembers(GrantStore store, GrantVisibility visibility, AuditLog audit, Clock clock, PersonnelVetting vetting,
                        ApplicationEventPublisher events) {
        this.store = requireNonNull(store, "store is null");
        this.visibility = requireNonNull(visibility, "visibility is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.vetting = requireNonNull(vetting, "vetting is null");
        this.events = requireNonNull(events, "events is null");
    }

    public record MemberInput(String userId, String name) {}

    @Transactional
    public Grant.Member addMember(Actor actor, String grantId, MemberInput input) {
        requireText(input.userId(), "userId");
        requireText(input.name(), "name");
        Grant grant = visibility.lockGrant(actor, grantId);
        requireAccountableOrAuthority(actor, grant);
        GrantLifecycle.apply(grant.state(), LifecycleEvent.MANAGE_MEMBERS, grant);
        if (store.member(grant.id(), input.userId()).filter(Grant.Member::current).isPresent()) {
            throw new SandboxException(ErrorCode.ALREADY_EXISTS, input.userId() + " is already a member of grant " + grant.id());
        }
        Grant.Member member = new Grant.Member(grant.id(), input.userId(), input.name(), actor.userId(), clock.instant(),
                Optional.empty(), Optional.empty());
        store.putMember(member);
        List<VettingItem> missing = vetting.missing(grant.organizationId(), input.userId());
        audit.append(GrantAuditEvents.grant(actor, "grant.member-add", grant, "member " + input.userId()
                + (missing.isEmpty() ? " (vetted)" : " (not yet vetted: lacks " + VettingItem.labels(missing)
                + "; refused every workspace action until vetted, R-18)")));
        events.publishEvent(WorkspaceAccessChanged.grant(grant.id(), "member " + input.userId() + " added"));
        return member;
    }

    @Transactional
    public Grant.Member removeMember(Actor actor, String grantId, String userId) {
        Grant grant = visibility.lockGrant(actor, grantId);
        requireAccountableOrAuthority(actor, grant);
        GrantLifecycle.apply(grant.state(), LifecycleEvent.MANAGE_MEMBERS, grant);
        Grant.Member member = store.member(grant.id(), userId).filter(Grant.Member::current)
                .orElseThrow(() -> SandboxException.notFound("member", userId));
        Grant.Member removed = new Grant.Member(member.grantId(), member.userId(), member.name(), member.addedBy(), member.addedAt(),
                Optional.of(actor.userId()), Optional.of(clock.instant()));
        store.putMember(removed);
        audit.append(GrantAuditEvents.grant(actor, "grant.member-remove", grant, "member " + userId));
        events.publishEvent(WorkspaceAccessChanged.grant(grant.id(), "member " + userId + " removed"));
        return removed;
    }

    public List<Grant.Member> members(Actor actor, String grantId) {
        return store.members(visibility.grant(actor, grantId).id());
    }

    private void requireAccountableOrAuthority(Actor actor, Grant grant) {
        if (Permissions.managesMembersAsAuthority(actor)) {
            ActingRights.requireJurisdiction(actor, grant.jurisdiction());
        } else {
            ActingRights.requireAccountable(actor, visibility.organization(grant.organizationId()));
        }
    }
}
