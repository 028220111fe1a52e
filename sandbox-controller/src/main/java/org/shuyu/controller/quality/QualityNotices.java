package org.shuyu.controller.quality;

import java.util.List;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.notification.Notice;
import org.shuyu.controller.notification.Recipient;

/**
 * Who a quality request's move calls on: the provider (the provider-role holders of its jurisdiction) when a request is
 * filed or reopened, and, with the authority of that jurisdiction, when it is overdue; the operator's filer when the
 * provider answered. Summaries carry ids, states and deadlines only.
 */
final class QualityNotices {
    private QualityNotices() {}

    static Recipient provider(QualityRequest r) {
        return Recipient.role(Role.PROVIDER, r.providerJurisdiction());
    }

    static Notice filed(QualityRequest r) {
        return Notice.of("quality.filed", provider(r), QualityAuditEvents.SUBJECT, r.id(), "Quality request " + r.id()
                + " against dataset " + r.datasetId() + ": acknowledge and fix, or reject with a reason, by " + r.dueAt())
                .due(r.dueAt());
    }

    static Notice reopened(QualityRequest r) {
        return Notice.of("quality.reopened", provider(r), QualityAuditEvents.SUBJECT, r.id(), "Quality request " + r.id()
                + " against dataset " + r.datasetId() + " was reopened by the operator; fix it by " + r.dueAt()).due(r.dueAt());
    }

    static List<Notice> overdue(QualityRequest r) {
        String summary = "Quality request " + r.id() + " against dataset " + r.datasetId() + " is overdue: deadline "
                + r.dueAt() + " passed in state " + r.state();
        return List.of(Notice.of("quality.overdue", provider(r), QualityAuditEvents.SUBJECT, r.id(), summary).due(r.dueAt()),
                Notice.of("quality.overdue", Recipient.role(Role.AUTHORITY, r.providerJurisdiction()), QualityAuditEvents.SUBJECT,
                        r.id(), summary).due(r.dueAt()));
    }

    static Notice answered(QualityRequest r) {
        String kind = r.state() == QualityState.FIXED ? "quality.fixed" : "quality.rejected";
        return Notice.of(kind, Recipient.user(r.filedBy()), QualityAuditEvents.SUBJECT, r.id(), "Quality request " + r.id()
                + " against dataset " + r.datasetId() + " is " + r.state() + ": confirm it, or reopen it with a reason");
    }
}
