package org.shuyu.controller.admission;

import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;

/** Every audit event of admission: quota changes by the platform admin, and tickets released after a restart. */
final class AdmissionAuditEvents {
    /** The actor of what the controller does on its own at startup. */
    static final String SYSTEM_ACTOR = "system:admission";

    private AdmissionAuditEvents() {}

    static AuditEvent quotaSet(Actor actor, Optional<ComputeQuota> before, ComputeQuota after) {
        return AuditEvent.done(actor, "admission.quota-set", "organization", after.organizationId(),
                Optional.of(after.organizationId()), "compute quota " + before.map(AdmissionAuditEvents::numbers).orElse("(default)")
                        + " -> " + numbers(after));
    }

    static AuditEvent deadTicketReleased(Ticket ticket, String currentIncarnation) {
        return new AuditEvent(SYSTEM_ACTOR, Set.of(), "admission.ticket-release-dead", "admission-ticket", ticket.id(),
                Optional.of(ticket.organizationId()), AuditEvent.Outcome.DONE, Optional.empty(),
                "workspace " + ticket.workspaceId() + "; " + ticket.cores() + " cores, " + ticket.memoryMb()
                        + " MiB held by controller " + ticket.incarnation() + " released by controller " + currentIncarnation);
    }

    private static String numbers(ComputeQuota q) {
        return "cores " + q.maxCores() + ", memory " + q.maxMemoryMb() + " MiB, engines " + q.maxEngines();
    }
}
