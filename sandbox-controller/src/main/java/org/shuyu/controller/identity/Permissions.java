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

    /** Only expert reviewers review products. */
    public static boolean reviewsProducts(Actor actor) {
        return actor.has(Role.EXPERT);
    }

    /** Only the data authority lists products. */
    public static boolean listsProducts(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }

    /** The data authority, or the accountable person of the product's operator, delists a product. */
    public static boolean delistsProduct(Actor actor, boolean accountableForOperator) {
        return actor.has(Role.AUTHORITY) || accountableForOperator;
    }

    /** The authority, security supervisors and experts see every product with its review file. */
    public static boolean seesEveryProduct(Actor actor) {
        return actor.has(Role.AUTHORITY) || actor.has(Role.SECURITY) || actor.has(Role.EXPERT);
    }

    /** The authority and security supervisors read any listed product's registration record. */
    public static boolean readsEveryRegistration(Actor actor) {
        return actor.has(Role.AUTHORITY) || actor.has(Role.SECURITY);
    }

    // ---- jobs, workspaces, access, catalog, announcements -----------------------------------------------------------
}
