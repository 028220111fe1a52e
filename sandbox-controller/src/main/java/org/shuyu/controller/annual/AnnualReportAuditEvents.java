package org.shuyu.controller.annual;

import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;

/**
 * Every audit event of the annual reports: action names come from {@link AnnualReportLifecycle}'s rows (plus
 * {@code annual-report.open} and {@code application.justify-reapplication}); details hold ids, states, grades,
 * lengths and digests, never the hand-written text.
 */
final class AnnualReportAuditEvents {
    /** The scheduler's identity in the audit log, when it opens or flags a report. */
    static final Actor SCHEDULER = new Actor("system:scheduler", "Annual report scheduler", Set.of(),
            Optional.of(Jurisdiction.MUNICIPAL));

    private AnnualReportAuditEvents() {}

    static AuditEvent report(Actor actor, String action, AnnualReport report, String detail) {
        return AuditEvent.done(actor, action, "annual-report", report.id(), Optional.of(report.organizationId()),
                "year " + report.year() + ": " + detail);
    }

    static AuditEvent justification(Actor actor, String applicationId, String organizationId, int length) {
        return AuditEvent.done(actor, "application.justify-reapplication", "application", applicationId,
                Optional.of(organizationId), "re-application justification of " + length + " characters recorded");
    }
}
