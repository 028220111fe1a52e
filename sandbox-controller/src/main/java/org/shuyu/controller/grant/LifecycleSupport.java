package org.shuyu.controller.grant;

import org.shuyu.controller.organization.Organization;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.catalog.Catalog;
import org.shuyu.controller.organization.Organizations;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.springframework.stereotype.Component;

/** What every life-cycle service shares: time, ids, the store, and the checks and audit of a transition. */
@Component
public class LifecycleSupport {
    /** Dates (terms, deadlines by day) are Ningbo's. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** The scheduler's identity in the audit log. */
    public static final Actor SCHEDULER = new Actor("system:scheduler", "Life-cycle scheduler", java.util.Set.of(), Optional.of(Jurisdiction.MUNICIPAL));

    final LifecycleStore store;
    final AuditLog audit;
    final Clock clock;
    final IdGenerator ids;
    final Catalog datasets;
    private final Organizations organizations;

    public LifecycleSupport(LifecycleStore store, AuditLog audit, Clock clock, IdGenerator ids, Catalog datasets,
                            Organizations organizations) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.ids = ids;
        this.datasets = datasets;
        this.organizations = organizations;
    }

    Instant now() {
        return clock.instant();
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZONE);
    }

    Organization organization(String id) {
        return organizations.find(id).orElseThrow(() -> new SandboxException(ErrorCode.UNKNOWN_ORGANIZATION,
                "organization " + id + " does not exist"));
    }

    /** The actor must be the organization's accountable person (R-24a). */
    void requireAccountable(Actor actor, Organization organization) {
        if (!actor.userId().equals(organization.accountableUserId())) {
            throw new SandboxException(ErrorCode.NOT_ACCOUNTABLE_PERSON, actor.userId()
                    + " is not the accountable person of organization " + organization.id());
        }
    }

    /** County users act only within their jurisdiction. */
    void requireJurisdiction(Actor actor, Jurisdiction subject) {
        if (!actor.covers(subject)) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "jurisdiction "
                    + actor.jurisdiction().map(Jurisdiction::code).orElse("(none)") + " does not cover " + subject.code());
        }
    }

    /** A coordination body acts only at its own level: municipal for municipal subjects, the county itself for county ones. */
    void requireLevel(Actor actor, Jurisdiction.Level level, Jurisdiction subject, String what) {
        boolean ok = actor.jurisdiction().map(own -> level == Jurisdiction.Level.MUNICIPAL
                ? own.isMunicipal()
                : own.equals(subject)).orElse(false);
        if (!ok) {
            throw new SandboxException(ErrorCode.WRONG_DECISION_LEVEL, what + " of a " + level.name().toLowerCase()
                    + "-level subject (" + subject.code() + ") belongs to the " + (level == Jurisdiction.Level.MUNICIPAL
                    ? "municipal" : "county " + subject.code()) + " body, not to "
                    + actor.jurisdiction().map(Jurisdiction::code).orElse("(no jurisdiction)"));
        }
    }

    /** Whether the actor may see a subject of this organization and jurisdiction (supervisors and reviewers see all). */
    boolean mayRead(Actor actor, Organization organization, Jurisdiction jurisdiction) {
        if (actor.has(Role.SECURITY) || actor.has(Role.EXPERT) || actor.has(Role.PROVIDER)) {
            return true;
        }
        if (actor.has(Role.AUTHORITY) || actor.has(Role.COORDINATION) || actor.has(Role.LEADING_GROUP)) {
            if (actor.covers(jurisdiction)) {
                return true;
            }
        }
        return actor.has(Role.APPLICANT) && actor.userId().equals(organization.accountableUserId());
    }

    void recordDone(Actor actor, String action, String subjectType, String subjectId, String organizationId, String detail) {
        audit.append(new AuditEvent(actor.userId(), actor.roles().stream().map(Enum::name).collect(Collectors.toSet()),
                action, subjectType, subjectId, Optional.of(organizationId), AuditEvent.Outcome.DONE, Optional.empty(), detail));
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw SandboxException.invalid(field + " is required");
        }
    }

    static void requireSha256(String value, String field) {
        if (value == null || !value.matches("[0-9a-f]{64}")) {
            throw SandboxException.invalid(field + " must be a SHA-256 digest (64 lowercase hex characters)");
        }
    }
}
