package org.shuyu.controller.identity;

/**
 * Every role decision a service makes beyond the endpoint's role check ({@code adapter/web/EndpointRules} decides
 * who may call an endpoint at all; this class decides, for a caller that passed it, what the caller's roles let it
 * see or do to one object: which body approves a decision at this level, whether a role reads across organizations).
 * Services ask here and never test {@code actor.has(Role...)} themselves; {@code ArchitectureTest} keeps it so.
 * Grouped by feature; each method is a pure function of the actor and plain facts about the object.
 */
public final class Permissions {
    private Permissions() {}

    // ---- grants, labs and applications --------------------------------------------------------------------------

    // ---- products ------------------------------------------------------------------------------------------------

    // ---- jobs, workspaces, access, catalog, announcements -----------------------------------------------------------

    /** The data authority and security supervisors see every workspace and its jobs; members see their own. */
    public static boolean readsEveryWorkspace(Actor actor) {
        return actor.has(Role.SECURITY) || actor.has(Role.AUTHORITY);
    }

    /** An applicant also sees the workspaces of the organizations it is the accountable person of. */
    public static boolean readsWorkspacesAsAccountablePerson(Actor actor) {
        return actor.has(Role.APPLICANT);
    }

    /** The data authority and security supervisors see the lineage of every workspace; others that of their own. */
    public static boolean seesAllLineage(Actor actor) {
        return actor.has(Role.SECURITY) || actor.has(Role.AUTHORITY);
    }

    /** Only the data authority and security supervisors inspect the policies a workspace's runtime downloads. */
    public static boolean inspectsPolicies(Actor actor) {
        return actor.has(Role.AUTHORITY) || actor.has(Role.SECURITY);
    }
}
