package org.shuyu.controller.lineage;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.workspace.Workspace;

/** Every audit event of lineage: the quarantine of what a job wrote without complete lineage. */
final class LineageAuditEvents {
    private LineageAuditEvents() {}

    /** {@code lineage.quarantine} of {@code names} for {@code reason}, in the job's name; nothing when none was quarantined. */
    static Optional<AuditEvent> quarantine(Job job, Workspace workspace, List<String> names, String reason) {
        if (names.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AuditEvent(job.submittedBy(), Set.of(), "lineage.quarantine", "job", job.id(),
                Optional.of(workspace.organizationId()), AuditEvent.Outcome.DONE, Optional.empty(),
                "workspace " + workspace.id() + "; quarantined " + String.join(", ", names) + ": " + reason));
    }
}
