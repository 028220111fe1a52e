package org.shuyu.controller.identity;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Every role decision a service makes beyond the endpoint's role check ({@code adapter/web/EndpointRules} decides
 * who may call an endpoint at all; this class decides, for a caller that passed it, what the caller's roles let it
 * see or do to one object: which body approves a decision at this level, whether a role reads across organizations).
 * Services ask here and never test {@code actor.has(Role...)} themselves; {@code ArchitectureTest} keeps it so.
 * Grouped by feature; each method is a pure function of the actor and plain facts about the object.
 *
 * <p>Why this class is long: it is the one place where every workflow's role, jurisdiction and organization rules
 * are written, so that a reviewer reads who may do what in one file (issue 20 added six loops).
 */
public final class Permissions {
    private Permissions() {}

    // ---- grants, labs and applications --------------------------------------------------------------------------

    /**
     * Whether the actor may see a lab, application or grant of an operator whose accountable person is
     * {@code accountableUserId}, in {@code jurisdiction}: supervisors and reviewers see all, the authorities and
     * coordination bodies what their jurisdiction covers, an applicant its own organization's.
     */
    public static boolean readsLifecycleSubject(Actor actor, String accountableUserId, Jurisdiction jurisdiction) {
        if (actor.has(Role.SECURITY) || actor.has(Role.EXPERT) || actor.has(Role.PROVIDER)) {
            return true;
        }
        if (actor.has(Role.AUTHORITY) || actor.has(Role.COORDINATION) || actor.has(Role.LEADING_GROUP)) {
            if (actor.covers(jurisdiction)) {
                return true;
            }
        }
        return actor.has(Role.APPLICANT) && actor.userId().equals(accountableUserId);
    }

    /** Whether an engineer sees a grant because it is a current member of it (asked only of engineers). */
    public static boolean readsGrantAsMember(Actor actor, BooleanSupplier currentMember) {
        return actor.has(Role.ENGINEER) && currentMember.getAsBoolean();
    }

    /** Whether the actor sees the provincial filing of a grant in {@code grantJurisdiction}. */
    public static boolean readsFiling(Actor actor, Jurisdiction grantJurisdiction) {
        return actor.has(Role.SECURITY) || actor.covers(grantJurisdiction);
    }

    /** Whether the actor manages a grant's members as the authority (else as the operator's accountable person). */
    public static boolean managesMembersAsAuthority(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }

    /** Whether the actor's review of an application counts as an expert review (else as a sector review, R-14). */
    public static boolean reviewsAsExpert(Actor actor) {
        return actor.has(Role.EXPERT);
    }

    /** The body that approves an application of this level: the leading group (municipal) or the county body. */
    public static Role approvingBody(Jurisdiction.Level level) {
        return level == Jurisdiction.Level.MUNICIPAL ? Role.LEADING_GROUP : Role.COORDINATION;
    }

    /** Whether the actor holds the role that approves applications of this level. */
    public static boolean approvesApplication(Actor actor, Jurisdiction.Level level) {
        return actor.has(approvingBody(level));
    }

    /** Whether the actor approves a decision on a grant of this level: only the municipal leading group does. */
    public static boolean approvesGrantDecision(Actor actor, Jurisdiction.Level level) {
        return level == Jurisdiction.Level.MUNICIPAL && actor.has(Role.LEADING_GROUP);
    }

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

    /**
     * Uploads the data of a dataset of a provider of {@code providerJurisdiction} (R-07, docs/storage.md): the dataset's
     * provider, that is a provider-role user whose jurisdiction covers the provider's. The data authority registers
     * datasets but does not deliver their rows.
     */
    public static boolean uploadsDataOf(Actor actor, Jurisdiction providerJurisdiction) {
        return actor.has(Role.PROVIDER) && actor.covers(providerJurisdiction);
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

    /** Sees the grants that use a dataset of a provider of {@code providerJurisdiction}: a provider-role user covering it. */
    public static boolean seesGrantsOfDatasetsOf(Actor actor, Jurisdiction providerJurisdiction) {
        return actor.has(Role.PROVIDER) && actor.covers(providerJurisdiction);
    }

    /** Sees, for any dataset, the grants using it that it may read anyway: the authority, supervisors, coordination, leading group. */
    public static boolean seesGrantsOfAnyDataset(Actor actor) {
        return actor.has(Role.AUTHORITY) || actor.has(Role.SECURITY) || actor.has(Role.COORDINATION) || actor.has(Role.LEADING_GROUP);
    }

    // ---- admission (docs/admission.md) -------------------------------------------------------------------------------

    /** Sets operators' compute quotas: the data authority (the platform admin). */
    public static boolean setsComputeQuotas(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }

    /** Sees every operator's usage, quota and queue entries: the data authority and security supervisors. */
    public static boolean readsAllAdmission(Actor actor) {
        return actor.has(Role.AUTHORITY) || actor.has(Role.SECURITY);
    }

    // ---- notifications (docs/notifications.md) ------------------------------------------------------------------------

    /** Whether a notice to the holders of {@code role} in {@code jurisdiction} is for this actor (that body's own work). */
    public static boolean holdsRoleIn(Actor actor, Role role, Jurisdiction jurisdiction) {
        return actor.has(role) && actor.jurisdiction().equals(Optional.of(jurisdiction));
    }

    // --- issue 20, A: notifications and to-do: add your section below this line ---

    /**
     * Whether notices to the holders of {@code role} in the actor's own jurisdiction reach the actor
     * (docs/notifications.md): the actor holds the role and has a jurisdiction. The inbox selects by these roles and
     * checks each notice with {@link #holdsRoleIn}.
     */
    public static boolean receivesNoticesAs(Actor actor, Role role) {
        return actor.has(role) && actor.jurisdiction().isPresent();
    }

    // --- issue 20, B: R-08 single channel and the exchange: add your section below this line ---

    /**
     * Whether the actor recommends a product of its operator to a partner exchange, or withdraws the recommendation:
     * the operator's accountable person, or the data authority covering the grant's jurisdiction (R-19c).
     */
    public static boolean recommendsToExchange(Actor actor, boolean accountableForOperator, Jurisdiction grantJurisdiction) {
        return accountableForOperator || answersForExchange(actor, grantJurisdiction);
    }

    /** Whether the actor exports a recommendation and records the exchange's answer: the authority covering the grant. */
    public static boolean answersForExchange(Actor actor, Jurisdiction grantJurisdiction) {
        return actor.has(Role.AUTHORITY) && actor.covers(grantJurisdiction);
    }

    /** Who reads a recommendation: security supervisors, the authority covering the grant, the operator's accountable person. */
    public static boolean readsExchangeRecommendation(Actor actor, boolean accountableForOperator,
            Jurisdiction grantJurisdiction) {
        return actor.has(Role.SECURITY) || accountableForOperator || answersForExchange(actor, grantJurisdiction);
    }

    // --- issue 20, C: R-19c own data import: add your section below this line ---

    /**
     * Decides an operator's own-data import (R-19c): the data authority of the grant's own jurisdiction, the body that
     * runs the platform and answers for what enters it (art. 19 names the authority for the domain's reviews).
     */
    public static boolean decidesOwnDataImport(Actor actor, Jurisdiction grantJurisdiction) {
        return holdsRoleIn(actor, Role.AUTHORITY, grantJurisdiction);
    }

    // --- issue 20, D: R-20 quality requests: add your section below this line ---

    /**
     * Acts as the operator of a grant in its quality requests: an engineer that is a current member of the grant,
     * or the accountable person of the grant's organization.
     */
    public static boolean actsForOperatorOnQuality(Actor actor, String accountableUserId, BooleanSupplier currentMember) {
        return (actor.has(Role.APPLICANT) && actor.userId().equals(accountableUserId))
                || (actor.has(Role.ENGINEER) && currentMember.getAsBoolean());
    }

    /** Answers (acknowledges, fixes, rejects) quality requests against a provider of this jurisdiction: a provider covering it. */
    public static boolean answersQualityRequestsOf(Actor actor, Jurisdiction providerJurisdiction) {
        return actor.has(Role.PROVIDER) && actor.covers(providerJurisdiction);
    }

    /** Reads every quality request against a provider of this jurisdiction: supervisors, the authority covering it, the provider. */
    public static boolean readsQualityRequestsOf(Actor actor, Jurisdiction providerJurisdiction) {
        return actor.has(Role.SECURITY) || (actor.has(Role.AUTHORITY) && actor.covers(providerJurisdiction))
                || answersQualityRequestsOf(actor, providerJurisdiction);
    }

    /** Reads a provider's quality evaluation: the authority covering the provider's jurisdiction, or the provider itself. */
    public static boolean readsProviderEvaluation(Actor actor, Jurisdiction providerJurisdiction) {
        return (actor.has(Role.AUTHORITY) && actor.covers(providerJurisdiction))
                || answersQualityRequestsOf(actor, providerJurisdiction);
    }

    // --- issue 20, E: R-26 inspections: add your section below this line ---

    /** Records and runs inspections of an operator of {@code jurisdiction}: a security supervisor covering it. */
    public static boolean inspects(Actor actor, Jurisdiction operatorJurisdiction) {
        return actor.has(Role.SECURITY) && actor.covers(operatorJurisdiction);
    }

    /**
     * Reads an inspection of an operator of {@code jurisdiction} whose accountable person is {@code accountableUserId}:
     * security supervisors and the authority covering the operator, and the operator's accountable person.
     */
    public static boolean readsInspection(Actor actor, Jurisdiction operatorJurisdiction, String accountableUserId) {
        if ((actor.has(Role.SECURITY) || actor.has(Role.AUTHORITY)) && actor.covers(operatorJurisdiction)) {
            return true;
        }
        return actor.has(Role.APPLICANT) && actor.userId().equals(accountableUserId);
    }

    /** Suspends a grant of {@code jurisdiction} on a supervisor's finding (through the grant's own path): the authority covering it. */
    public static boolean suspendsFromFinding(Actor actor, Jurisdiction grantJurisdiction) {
        return actor.has(Role.AUTHORITY) && actor.covers(grantJurisdiction);
    }

    /** Whether an audit record's role names (comma-separated, as the log keeps them) show a security supervisor acting. */
    public static boolean actedAsSupervisor(String auditRoleNames) {
        for (String name : auditRoleNames.split(",")) {
            if (name.equals(Role.SECURITY.name())) {
                return true;
            }
        }
        return false;
    }

    /** Whether an actor's read is a supervisory read that the platform audits: a security supervisor's. */
    public static boolean readsAsSupervisor(Actor actor) {
        return actor.has(Role.SECURITY);
    }

    /**
     * Whether a supervisory read that is not filtered by jurisdiction (the audit search, lineage, workspaces, jobs,
     * policies) is open to the actor: to municipal supervisors, whose jurisdiction covers every operator; a county
     * supervisor is refused them (fail closed) and reads its county's operators through their inspections.
     */
    public static boolean readsPlatformWide(Actor actor) {
        return !actor.has(Role.SECURITY) || actor.has(Role.AUTHORITY)
                || actor.jurisdiction().map(Jurisdiction::isMunicipal).orElse(false);
    }

    // --- issue 20, F: R-27 annual reports: add your section below this line ---

    /** Drafts and submits its organization's annual report: the operator's accountable person. */
    public static boolean writesAnnualReports(Actor actor) {
        return actor.has(Role.APPLICANT);
    }

    /** Returns and evaluates annual reports of the organizations its jurisdiction covers: the data authority. */
    public static boolean evaluatesAnnualReports(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }

    /**
     * Reads an annual report of an organization of {@code jurisdiction} whose accountable person is
     * {@code accountableUserId}: security supervisors all, the authority what its jurisdiction covers, the accountable
     * person its own organization's.
     */
    public static boolean readsAnnualReport(Actor actor, String accountableUserId, Jurisdiction jurisdiction) {
        if (actor.has(Role.SECURITY)) {
            return true;
        }
        if (actor.has(Role.AUTHORITY) && actor.covers(jurisdiction)) {
            return true;
        }
        return actor.has(Role.APPLICANT) && actor.userId().equals(accountableUserId);
    }

    // --- issue 20, G1: product review, return and notices: add your section below this line ---

    /** Whether a candidate of a grant in {@code grantJurisdiction} waits for this actor's review (its experts). */
    public static boolean awaitsProductReviewBy(Actor actor, Jurisdiction grantJurisdiction) {
        return holdsRoleIn(actor, Role.EXPERT, grantJurisdiction);
    }

    /** Whether an approved product of a grant in {@code grantJurisdiction} waits for this actor to list it. */
    public static boolean awaitsProductListingBy(Actor actor, Jurisdiction grantJurisdiction) {
        return holdsRoleIn(actor, Role.AUTHORITY, grantJurisdiction);
    }

    // --- issue 20, G2: disclosure rules: add your section below this line ---

    /** Sets the disclosure thresholds by grade (docs/disclosure.md): the data authority. */
    public static boolean setsDisclosureRules(Actor actor) {
        return actor.has(Role.AUTHORITY);
    }
}
