package org.shuyu.controller.grant;

import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.organization.Organization;

/**
 * Who may act on a lab, an application or a grant once the endpoint let the caller in: the operator's accountable
 * person (R-24a), an authority whose jurisdiction covers the subject, the coordination body of the
 * subject's level. Facts about the actor and the subject, not roles: roles are decided in {@code Permissions}.
 */
final class ActingRights {
    private ActingRights() {}

    /** The actor must be the organization's accountable person (R-24a). */
    static void requireAccountable(Actor actor, Organization organization) {
        if (!actor.userId().equals(organization.accountableUserId())) {
            throw new SandboxException(ErrorCode.NOT_ACCOUNTABLE_PERSON, actor.userId()
                    + " is not the accountable person of organization " + organization.id());
        }
    }

    /** County users act only within their jurisdiction. */
    static void requireJurisdiction(Actor actor, Jurisdiction subject) {
        if (!actor.covers(subject)) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "jurisdiction "
                    + actor.jurisdiction().map(Jurisdiction::code).orElse("(none)") + " does not cover " + subject.code());
        }
    }

    /** A coordination body acts only at its own level: municipal for municipal subjects, the county itself for county ones. */
    static void requireLevel(Actor actor, Jurisdiction.Level level, Jurisdiction subject, String what) {
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
}
