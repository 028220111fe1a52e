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

    // ---- catalog, announcements, organizations, personnel, consent ---------------------------------------------------

    /** Registers providers: the data authority, within its jurisdiction. */
    public static boolean registersProviders(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }

    /** Registers datasets for any provider: the data authority. */
    public static boolean registersDatasetsOfAnyProvider(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }

    /** Registers datasets for the providers its jurisdiction covers: a provider-role user. */
    public static boolean registersDatasetsOfCoveredProviders(Actor actor) {
        return actor.has(Role.PROVIDER);
    }

    /** Publishes calls for applications: the data authority, within its jurisdiction. */
    public static boolean publishesAnnouncements(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }

    /** Registers any organization within its jurisdiction: the data authority. */
    public static boolean registersAnyOrganization(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }

    /** Registers an organization that names it as accountable person (R-24a): an applicant's accountable person. */
    public static boolean registersOwnOrganization(Actor actor) {
        return actor.has(Role.APPLICANT);
    }

    /** Reads every organization's personnel vetting: security supervisors. */
    public static boolean readsAllPersonnel(Actor actor) {
        return actor.has(Role.SECURITY);
    }

    /** Reads the personnel vetting of the organizations its jurisdiction covers: the data authority. */
    public static boolean readsPersonnelOfCoveredOrganizations(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }

    /** Reads the consents of any dataset (R-21b): the data authority and security supervisors. */
    public static boolean readsAllConsents(Actor actor) {
        return actor.has(Role.AUTHORITY) || actor.has(Role.SECURITY);
    }

    /** Records consents for any provider's dataset: the data authority. */
    public static boolean recordsAllConsents(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }

    /** Records consents for a dataset of a provider of {@code providerJurisdiction}: a provider-role user covering it. */
    public static boolean recordsConsentsOf(Actor actor, Jurisdiction providerJurisdiction) {
        return actor.has(Role.PROVIDER) && actor.covers(providerJurisdiction);
    }
}
