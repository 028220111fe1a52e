package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.shuyu.controller.version.Preconditions;
import org.shuyu.controller.version.Revisions;
import org.shuyu.controller.version.Versioned;
import org.springframework.stereotype.Component;

/**
 * Which labs, applications and grants an actor may see, and the reads and locks that answer NOT_FOUND for one the
 * actor may not see exactly as for one that does not exist: no refusal (jurisdiction, accountable person, decision
 * level) tells a stranger that the subject exists. The locks also check the request's If-Match ({@link Preconditions})
 * with the row lock held, after the visibility check (a stranger learns nothing from a 412 either).
 */
@Component
public class GrantVisibility {
    private final LifecycleStore store;
    private final Organizations organizations;
    private final Preconditions preconditions;
    private final Revisions revisions;

    public GrantVisibility(LifecycleStore store, Organizations organizations, Preconditions preconditions,
            Revisions revisions) {
        this.store = requireNonNull(store, "store is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.preconditions = requireNonNull(preconditions, "preconditions is null");
        this.revisions = requireNonNull(revisions, "revisions is null");
    }

    /** The organization; UNKNOWN_ORGANIZATION if it does not exist. */
    public Organization organization(String id) {
        return organizations.find(id).orElseThrow(() -> new SandboxException(ErrorCode.UNKNOWN_ORGANIZATION,
                "organization " + id + " does not exist"));
    }

    public boolean mayRead(Actor actor, Lab lab) {
        return mayRead(actor, lab.organizationId(), lab.jurisdiction());
    }

    public boolean mayRead(Actor actor, Application application) {
        return mayRead(actor, application.organizationId(), application.jurisdiction());
    }

    /** A grant is also seen by its current members who are engineers. */
    public boolean mayRead(Actor actor, Grant grant) {
        return mayRead(actor, grant.organizationId(), grant.jurisdiction())
                || Permissions.readsGrantAsMember(actor, () -> store.member(grant.id(), actor.userId()).filter(Grant.Member::current).isPresent());
    }

    public Lab lab(Actor actor, String labId) {
        Lab lab = store.lab(labId).orElseThrow(() -> SandboxException.notFound("lab", labId));
        return visible(mayRead(actor, lab), lab, "lab", labId);
    }

    /** Locks a lab the actor may see. */
    public Lab lockLab(Actor actor, String labId) {
        Lab lab = store.lockLab(labId).orElseThrow(() -> SandboxException.notFound("lab", labId));
        return conditioned(visible(mayRead(actor, lab), lab, "lab", labId), Versioned.LAB, labId);
    }

    public Lab lockLab(String labId) {
        return conditioned(store.lockLab(labId).orElseThrow(() -> SandboxException.notFound("lab", labId)),
                Versioned.LAB, labId);
    }

    public Application application(Actor actor, String applicationId) {
        Application application = store.application(applicationId)
                .orElseThrow(() -> SandboxException.notFound("application", applicationId));
        return visible(mayRead(actor, application), application, "application", applicationId);
    }

    /** Locks an application the actor may see. */
    public Application lockApplication(Actor actor, String applicationId) {
        Application application = store.lockApplication(applicationId)
                .orElseThrow(() -> SandboxException.notFound("application", applicationId));
        return conditioned(visible(mayRead(actor, application), application, "application", applicationId),
                Versioned.APPLICATION, applicationId);
    }

    public Grant grant(Actor actor, String grantId) {
        Grant grant = store.grant(grantId).orElseThrow(() -> SandboxException.notFound("grant", grantId));
        return visible(mayRead(actor, grant), grant, "grant", grantId);
    }

    /** Locks a grant the actor may see. */
    public Grant lockGrant(Actor actor, String grantId) {
        Grant grant = store.lockGrant(grantId).orElseThrow(() -> SandboxException.notFound("grant", grantId));
        return conditioned(visible(mayRead(actor, grant), grant, "grant", grantId), Versioned.GRANT, grantId);
    }

    public Grant lockGrant(String grantId) {
        return conditioned(store.lockGrant(grantId).orElseThrow(() -> SandboxException.notFound("grant", grantId)),
                Versioned.GRANT, grantId);
    }

    /** Checks the request's If-Match on a subject whose row lock is held (412 PRECONDITION_FAILED on a mismatch). */
    private <T> T conditioned(T locked, Versioned kind, String id) {
        preconditions.verify(kind, id, () -> revisions.current(kind, id));
        return locked;
    }

    private boolean mayRead(Actor actor, String organizationId, Jurisdiction jurisdiction) {
        return Permissions.readsLifecycleSubject(actor, organization(organizationId).accountableUserId(), jurisdiction);
    }

    private static <T> T visible(boolean mayRead, T subject, String kind, String id) {
        if (!mayRead) {
            throw SandboxException.notFound(kind, id);
        }
        return subject;
    }
}
