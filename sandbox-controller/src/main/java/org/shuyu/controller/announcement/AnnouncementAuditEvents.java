package org.shuyu.controller.announcement;

import java.util.Optional;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;

/** Every audit event the announcements record: its action names and detail texts live here. */
final class AnnouncementAuditEvents {
    private AnnouncementAuditEvents() {}

    static AuditEvent published(Actor actor, Announcement announcement) {
        return AuditEvent.done(actor, "announcement.publish", "announcement", announcement.id(), Optional.empty(),
                "published call for applications '" + announcement.title() + "' for jurisdiction "
                        + announcement.jurisdiction().code() + ", priority domains "
                        + announcement.priorityDomains().stream().map(Enum::name).sorted().toList()
                        + ", open " + announcement.opensOn() + " to " + announcement.closesOn());
    }
}
