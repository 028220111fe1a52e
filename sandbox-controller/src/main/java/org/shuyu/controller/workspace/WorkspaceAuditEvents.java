package org.shuyu.controller.workspace;

import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditEvent;

/**
 * Every audit event of a workspace: the reconciler's provisioning, closing and teardown, recorded in the name of
 * {@code system:workspace-reconciler} about subject {@code workspace} in the workspace's organization.
 */
final class WorkspaceAuditEvents {
    /** The reconciler's identity in the audit log. */
    static final String RECONCILER = "system:workspace-reconciler";

    private WorkspaceAuditEvents() {}

    static AuditEvent provisioned(Workspace workspace, String detail) {
        return event("workspace.provision", workspace, detail);
    }

    static AuditEvent closed(Workspace workspace, String detail) {
        return event("workspace.close", workspace, detail);
    }

    static AuditEvent tornDown(Workspace workspace, String detail) {
        return event("workspace.teardown", workspace, detail);
    }

    private static AuditEvent event(String action, Workspace workspace, String detail) {
        return new AuditEvent(RECONCILER, Set.of(), action, "workspace", workspace.id(), Optional.of(workspace.organizationId()),
                AuditEvent.Outcome.DONE, Optional.empty(), detail);
    }
}
