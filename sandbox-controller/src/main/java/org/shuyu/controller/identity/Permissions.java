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
}
