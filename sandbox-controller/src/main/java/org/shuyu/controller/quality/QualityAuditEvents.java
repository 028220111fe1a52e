package org.shuyu.controller.quality;

import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;

/**
 * Every audit event of quality requests: action names come from {@link QualityLifecycle#TABLE}. Details name the
 * dataset, the target kind (and column), states and deadlines; never the request's texts.
 */
final class QualityAuditEvents {
    static final String SUBJECT = "quality-request";
    /** The scheduler's identity when it marks a request overdue. */
    static final Actor SCHEDULER = new Actor("system:scheduler", "Quality request scheduler", Set.of(),
            Optional.of(Jurisdiction.MUNICIPAL));

    private QualityAuditEvents() {}

    static AuditEvent filed(Actor actor, QualityRequest r) {
        return AuditEvent.done(actor, "quality.file", SUBJECT, r.id(), Optional.of(r.organizationId()), "dataset "
                + r.datasetId() + " of provider " + r.providerId() + " under grant " + r.grantId() + "; target " + target(r)
                + "; due " + r.dueAt());
    }

    static AuditEvent moved(Actor actor, String action, QualityRequest before, QualityRequest after) {
        return AuditEvent.done(actor, action, SUBJECT, after.id(), Optional.of(after.organizationId()), "dataset "
                + after.datasetId() + "; " + before.state() + " -> " + after.state() + "; due " + after.dueAt()
                + after.answer().filter(a -> a.late()).map(a -> "; answered late").orElse(""));
    }

    static AuditEvent overdue(String action, QualityRequest r) {
        return AuditEvent.done(SCHEDULER, action, SUBJECT, r.id(), Optional.of(r.organizationId()), "dataset " + r.datasetId()
                + " of provider " + r.providerId() + "; deadline " + r.dueAt() + " passed in state " + r.state());
    }

    private static String target(QualityRequest r) {
        return r.targetKind() == TargetKind.COLUMN ? "column " + r.target() : r.targetKind().name();
    }
}
