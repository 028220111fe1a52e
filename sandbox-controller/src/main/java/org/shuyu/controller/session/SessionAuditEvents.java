package org.shuyu.controller.session;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.workspace.WorkspaceService;

/**
 * Every audit event of an interactive session (issue 16): opened (by its member, with their roles) and closed (by
 * its member, or by the platform: idle time, closed access, a gone engine), about subject {@code session} in the
 * workspace's organization. Statements are jobs: their submission and end are recorded by the job feature
 * ({@code session.statement-submit}, {@code session.statement.succeeded}, ...) with codes only, never SQL or rows.
 */
final class SessionAuditEvents {
    /** The platform's identity when it closes a session by itself. */
    static final String SYSTEM = "system:sessions";

    private SessionAuditEvents() {}

    static AuditEvent opened(Actor actor, InteractiveSession session, WorkspaceService.Subject subject, String how) {
        return event(actor.userId(), actor.roles().stream().map(Enum::name).collect(Collectors.toSet()), "session.open", session,
                subject, "workspace " + session.workspaceId() + "; " + how);
    }

    static AuditEvent closed(String actor, Set<String> roles, InteractiveSession session, WorkspaceService.Subject subject) {
        return event(actor, roles, "session.close", session, subject, "workspace " + session.workspaceId() + "; reason "
                + session.closeReason().map(Enum::name).orElse("?") + "; member " + session.user());
    }

    private static AuditEvent event(String actor, Set<String> roles, String action, InteractiveSession session,
            WorkspaceService.Subject subject, String detail) {
        return new AuditEvent(actor, roles, action, "session", session.id(), Optional.of(subject.organizationId()),
                AuditEvent.Outcome.DONE, Optional.empty(), detail);
    }
}
