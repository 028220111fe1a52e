package org.shuyu.controller.organization;

import java.util.Optional;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;

/** Every audit event the organization registry records: its action names and detail texts live here. */
final class OrganizationAuditEvents {
    private OrganizationAuditEvents() {}

    static AuditEvent registered(Actor actor, Organization organization) {
        return AuditEvent.done(actor, "organization.register", "organization", organization.id(), Optional.of(organization.id()),
                "registered organization " + organization.name() + " (USCC " + organization.uscc() + ", jurisdiction "
                        + organization.jurisdiction().code() + ") with accountable person "
                        + organization.accountableUserId() + " (" + organization.accountableName() + ")");
    }
}
