package org.shuyu.controller.audit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.shuyu.controller.identity.Actor;

/**
 * What happened, as a caller reports it to the audit log: who, which action on which subject, for which
 * organization (so the log can name its accountable person, R-24a), and whether it was done or refused.
 */
public record AuditEvent(
        String actor,
        Set<String> actorRoles,
        String action,
        String subjectType,
        String subjectId,
        Optional<String> organizationId,
        Outcome outcome,
        Optional<String> code,
        String detail) {

    public AuditEvent {
        requireNonNull(actor, "actor is null");
        actorRoles = Set.copyOf(new TreeSet<>(requireNonNull(actorRoles, "actorRoles is null")));
        requireNonNull(action, "action is null");
        requireNonNull(subjectType, "subjectType is null");
        requireNonNull(subjectId, "subjectId is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(code, "code is null");
        requireNonNull(detail, "detail is null");
    }

    /** A state change {@code actor} made, with the actor's roles as the log records them (their names). */
    public static AuditEvent done(Actor actor, String action, String subjectType, String subjectId,
                                  Optional<String> organizationId, String detail) {
        requireNonNull(actor, "actor is null");
        return new AuditEvent(actor.userId(), rolesOf(actor), action, subjectType, subjectId, organizationId, Outcome.DONE,
                Optional.empty(), detail);
    }

    /** The names of {@code actor}'s roles, as an audit record holds them. */
    public static Set<String> rolesOf(Actor actor) {
        return actor.roles().stream().map(Enum::name).collect(Collectors.toSet());
    }

    public enum Outcome {
        /** A state change that took effect. */
        DONE,
        /** An attempt the platform refused. */
        REFUSED
    }
}
