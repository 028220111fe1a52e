package org.shuyu.controller.grant;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;

/**
 * Every audit event of labs, applications and grants, built in one place: who (with the roles the log shows), which
 * action on which subject, for which organization, and what was done. The action names and detail texts are part of
 * the platform's behaviour (the audit log is evidence); the transition table names the action of each move.
 */
public final class GrantAuditEvents {
    /** The scheduler's identity in the audit log. */
    public static final Actor SCHEDULER = new Actor("system:scheduler", "Life-cycle scheduler", Set.of(),
            Optional.of(Jurisdiction.MUNICIPAL));
    /** The workspace-group reconciler's identity in the audit log. */
    public static final String IDENTITY_PROVISIONER = "system:identity-provisioner";

    private GrantAuditEvents() {}

    public static AuditEvent lab(Actor actor, String action, Lab lab, String detail) {
        return done(actor, action, "lab", lab.id(), lab.organizationId(), detail);
    }

    public static AuditEvent application(Actor actor, String action, Application application, String detail) {
        return done(actor, action, "application", application.id(), application.organizationId(), detail);
    }

    public static AuditEvent grant(Actor actor, String action, Grant grant, String detail) {
        return grant(actor, action, grant.id(), grant.organizationId(), detail);
    }

    public static AuditEvent grant(Actor actor, String action, String grantId, String organizationId, String detail) {
        return done(actor, action, "grant", grantId, organizationId, detail);
    }

    /** The identity provider's workspace group of a grant was brought in line with the platform. */
    public static AuditEvent identitySync(String grantId, Optional<String> organizationId, String detail) {
        return new AuditEvent(IDENTITY_PROVISIONER, Set.of(), "workspace.identity-sync", "grant", grantId, organizationId,
                AuditEvent.Outcome.DONE, Optional.empty(), detail);
    }

    private static AuditEvent done(Actor actor, String action, String subjectType, String subjectId, String organizationId,
                                   String detail) {
        return new AuditEvent(actor.userId(), actor.roles().stream().map(Enum::name).collect(Collectors.toSet()), action,
                subjectType, subjectId, Optional.of(organizationId), AuditEvent.Outcome.DONE, Optional.empty(), detail);
    }
}
