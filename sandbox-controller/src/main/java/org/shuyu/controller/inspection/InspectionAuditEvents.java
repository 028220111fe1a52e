package org.shuyu.controller.inspection;

import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;

/** The audit records of inspections and findings (R-26, R-24d): identifiers, states, severities and dates only. */
final class InspectionAuditEvents {
    static final Actor SCHEDULER = new Actor("system:scheduler", "Inspection scheduler", Set.of(), Optional.empty());

    private InspectionAuditEvents() {}

    static AuditEvent inspection(Actor actor, String action, Inspection inspection, String detail) {
        return AuditEvent.done(actor, action, "inspection", inspection.id(), Optional.of(inspection.organizationId()), detail);
    }

    static AuditEvent finding(Actor actor, String action, Finding finding, String detail) {
        return AuditEvent.done(actor, action, "finding", finding.id(), Optional.of(finding.organizationId()),
                "inspection " + finding.inspectionId() + "; " + detail);
    }
}
