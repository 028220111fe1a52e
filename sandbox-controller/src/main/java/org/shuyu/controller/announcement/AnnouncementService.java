package org.shuyu.controller.announcement;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Calls for applications. Only the data authority publishes, and only for its jurisdiction: a county
 * authority for its county, the municipal authority for the city or any county. Calls are public to every
 * platform user.
 */
@Service
public class AnnouncementService {
    private final AnnouncementStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;

    public AnnouncementService(AnnouncementStore store, AuditLog audit, Clock clock, IdGenerator ids) {
        this.store = requireNonNull(store, "store is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
    }

    @Transactional(readOnly = true)
    public List<Announcement> all() {
        return store.all();
    }

    @Transactional(readOnly = true)
    public Optional<Announcement> find(String id) {
        return store.find(id);
    }

    @Transactional
    public Announcement publish(AnnouncementDraft draft, Actor actor) {
        requireNonNull(draft, "draft is null");
        requireNonNull(actor, "actor is null");
        if (!Permissions.publishesAnnouncements(actor)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only the data authority publishes calls for applications");
        }
        if (!actor.covers(draft.jurisdiction())) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "jurisdiction " + draft.jurisdiction().code()
                    + " is outside your jurisdiction");
        }
        Announcement announcement = new Announcement(ids.next("ann"), draft.title(), draft.body(), draft.conditions(),
                draft.priorityDomains(), draft.jurisdiction(), draft.opensOn(), draft.closesOn(),
                clock.instant().truncatedTo(ChronoUnit.MICROS), actor.userId());
        store.insert(announcement);
        audit.append(AnnouncementAuditEvents.published(actor, announcement));
        return announcement;
    }
}
