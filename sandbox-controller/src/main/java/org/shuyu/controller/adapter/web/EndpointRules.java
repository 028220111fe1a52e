package org.shuyu.controller.adapter.web;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.identity.Role.APPLICANT;
import static org.shuyu.controller.identity.Role.AUTHORITY;
import static org.shuyu.controller.identity.Role.COORDINATION;
import static org.shuyu.controller.identity.Role.ENGINEER;
import static org.shuyu.controller.identity.Role.EXPERT;
import static org.shuyu.controller.identity.Role.LEADING_GROUP;
import static org.shuyu.controller.identity.Role.PROVIDER;
import static org.shuyu.controller.identity.Role.SECURITY;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.shuyu.controller.identity.Role;
import org.springframework.http.HttpMethod;

/**
 * THE table of which role may call which endpoint. Anything under {@code /api/} that is not listed
 * here is denied. Finer checks (own organization, jurisdiction, membership) happen in the features.
 */
public final class EndpointRules {
    public record Rule(HttpMethod method, String pattern, Set<Role> roles) {
        public Rule {
            requireNonNull(method, "method is null");
            requireNonNull(pattern, "pattern is null");
            roles = Set.copyOf(roles);
        }
    }

    private static final Set<Role> ANY = EnumSet.allOf(Role.class);
    private static final Set<Role> SUPERVISION = EnumSet.of(AUTHORITY, SECURITY);
    /** Who may read grant-process records (labs, applications, grants). */
    private static final Set<Role> PROCESS_READERS =
            EnumSet.of(AUTHORITY, APPLICANT, SECURITY, EXPERT, PROVIDER, COORDINATION, LEADING_GROUP);

    /** Who may see workspaces and jobs: members (engineers; the applicant in a lab), the authority, supervisors. */
    private static final Set<Role> WORKSPACE_READERS = EnumSet.of(AUTHORITY, APPLICANT, ENGINEER, SECURITY);
    /** Who may work in a workspace: its members (engineers of a grant; the applicant in its own lab). */
    private static final Set<Role> WORKSPACE_WORKERS = EnumSet.of(ENGINEER, APPLICANT);

    /** Who may read a product's review file (checks, lineage, metering): the operator's people, experts, supervision. */
    private static final Set<Role> PRODUCT_READERS = EnumSet.of(AUTHORITY, APPLICANT, ENGINEER, SECURITY, EXPERT);

    /** An API endpoint that needs no token at all (and so no role): only how to log in. */
    public record PublicEndpoint(HttpMethod method, String pattern) {}

    /** The {@code /api/} endpoints open to anonymous callers; everything else under {@code /api/} is in {@link #RULES}. */
    public static final List<PublicEndpoint> PUBLIC = List.of(
            new PublicEndpoint(HttpMethod.GET, "/api/v1/auth"));

    public static final List<Rule> RULES = List.of(
            rule(HttpMethod.GET, "/api/v1/me", ANY),

            rule(HttpMethod.GET, "/api/v1/providers", ANY),
            rule(HttpMethod.POST, "/api/v1/providers", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.GET, "/api/v1/datasets", ANY),
            rule(HttpMethod.GET, "/api/v1/datasets/{id}", ANY),
            rule(HttpMethod.GET, "/api/v1/classifications", ANY),
            rule(HttpMethod.POST, "/api/v1/datasets", EnumSet.of(PROVIDER, AUTHORITY)),
            // docs/storage.md: the dataset's provider uploads its rows (the service checks the provider's jurisdiction).
            rule(HttpMethod.PUT, "/api/v1/datasets/{id}/data", EnumSet.of(PROVIDER)),

            rule(HttpMethod.GET, "/api/v1/announcements", ANY),
            rule(HttpMethod.POST, "/api/v1/announcements", EnumSet.of(AUTHORITY)),

            rule(HttpMethod.GET, "/api/v1/organizations", ANY),
            rule(HttpMethod.GET, "/api/v1/organizations/{id}", ANY),
            rule(HttpMethod.POST, "/api/v1/organizations", EnumSet.of(AUTHORITY, APPLICANT)),
            // the accountable person records its people's vetting; the authority and security supervisors read it.
            rule(HttpMethod.GET, "/api/v1/organizations/{id}/personnel", EnumSet.of(APPLICANT, AUTHORITY, SECURITY)),
            rule(HttpMethod.GET, "/api/v1/organizations/{id}/personnel/{userId}", EnumSet.of(APPLICANT, AUTHORITY, SECURITY)),
            rule(HttpMethod.PUT, "/api/v1/organizations/{id}/personnel/{userId}", EnumSet.of(APPLICANT)),

            rule(HttpMethod.GET, "/api/v1/labs", PROCESS_READERS),
            rule(HttpMethod.POST, "/api/v1/labs", EnumSet.of(APPLICANT)),
            rule(HttpMethod.GET, "/api/v1/labs/{id}", PROCESS_READERS),
            rule(HttpMethod.POST, "/api/v1/labs/{id}/approve", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/labs/{id}/reject", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/labs/{id}/complete", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.GET, "/api/v1/labs/{id}/report", PROCESS_READERS),

            rule(HttpMethod.GET, "/api/v1/applications", PROCESS_READERS),
            rule(HttpMethod.POST, "/api/v1/applications", EnumSet.of(APPLICANT)),
            rule(HttpMethod.GET, "/api/v1/applications/{id}", PROCESS_READERS),
            rule(HttpMethod.PUT, "/api/v1/applications/{id}/materials/{kind}", EnumSet.of(APPLICANT)),
            rule(HttpMethod.PUT, "/api/v1/applications/{id}/materials/{kind}/document", EnumSet.of(APPLICANT)),
            rule(HttpMethod.GET, "/api/v1/applications/{id}/materials/{kind}/document", PROCESS_READERS),
            rule(HttpMethod.POST, "/api/v1/applications/{id}/submit", EnumSet.of(APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/applications/{id}/withdraw", EnumSet.of(APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/applications/{id}/reviews", EnumSet.of(EXPERT, PROVIDER)),
            rule(HttpMethod.POST, "/api/v1/applications/{id}/deliberation", EnumSet.of(COORDINATION)),
            rule(HttpMethod.POST, "/api/v1/applications/{id}/approval", EnumSet.of(LEADING_GROUP, COORDINATION)),
            rule(HttpMethod.POST, "/api/v1/applications/{id}/reject", EnumSet.of(AUTHORITY)),

            rule(HttpMethod.GET, "/api/v1/grants", EnumSet.of(AUTHORITY, APPLICANT, ENGINEER, SECURITY, COORDINATION, LEADING_GROUP)),
            rule(HttpMethod.POST, "/api/v1/grants", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.GET, "/api/v1/grants/{id}", EnumSet.of(AUTHORITY, APPLICANT, ENGINEER, SECURITY, COORDINATION, LEADING_GROUP)),
            rule(HttpMethod.PUT, "/api/v1/grants/{id}/emergency-plan", EnumSet.of(APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/grants/{id}/drills", EnumSet.of(APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/grants/{id}/activate", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/grants/{id}/suspend", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/grants/{id}/rectification", EnumSet.of(APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/grants/{id}/reinstate", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/grants/{id}/decisions", EnumSet.of(COORDINATION)),
            rule(HttpMethod.POST, "/api/v1/grants/{id}/decisions/{decisionId}/approval", EnumSet.of(LEADING_GROUP, COORDINATION)),
            rule(HttpMethod.POST, "/api/v1/grants/{id}/terminate", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/grants/{id}/revoke", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.GET, "/api/v1/grants/{id}/members", EnumSet.of(AUTHORITY, APPLICANT, SECURITY)),
            rule(HttpMethod.POST, "/api/v1/grants/{id}/members", EnumSet.of(AUTHORITY, APPLICANT)),
            rule(HttpMethod.DELETE, "/api/v1/grants/{id}/members/{userId}", EnumSet.of(AUTHORITY, APPLICANT)),
            rule(HttpMethod.GET, "/api/v1/grants/{id}/access", EnumSet.of(ENGINEER, APPLICANT)),
            rule(HttpMethod.GET, "/api/v1/publications", ANY),
            rule(HttpMethod.GET, "/api/v1/filings", EnumSet.of(AUTHORITY, SECURITY, COORDINATION, LEADING_GROUP)),
            rule(HttpMethod.GET, "/api/v1/deletions", SUPERVISION),

            rule(HttpMethod.GET, "/api/v1/datasets/{id}/consents", EnumSet.of(PROVIDER, AUTHORITY, SECURITY)),
            rule(HttpMethod.PUT, "/api/v1/datasets/{id}/consents/{subjectId}", EnumSet.of(PROVIDER, AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/datasets/{id}/consents/bulk", EnumSet.of(PROVIDER, AUTHORITY)),
            rule(HttpMethod.GET, "/api/v1/datasets/{id}/grants", EnumSet.of(PROVIDER, AUTHORITY, SECURITY, COORDINATION, LEADING_GROUP)),

            rule(HttpMethod.GET, "/api/v1/workspaces", WORKSPACE_READERS),
            rule(HttpMethod.GET, "/api/v1/workspaces/{id}", WORKSPACE_READERS),
            rule(HttpMethod.GET, "/api/v1/workspaces/{id}/jobs", WORKSPACE_READERS),
            rule(HttpMethod.POST, "/api/v1/workspaces/{id}/jobs", WORKSPACE_WORKERS),
            rule(HttpMethod.GET, "/api/v1/workspaces/{id}/tables", WORKSPACE_WORKERS),
            rule(HttpMethod.GET, "/api/v1/workspaces/{id}/tables/{table}/preview", WORKSPACE_WORKERS),
            rule(HttpMethod.GET, "/api/v1/workspaces/{id}/policies", SUPERVISION),
            rule(HttpMethod.GET, "/api/v1/jobs/{id}", WORKSPACE_READERS),
            rule(HttpMethod.GET, "/api/v1/jobs/{id}/log", WORKSPACE_READERS),
            rule(HttpMethod.DELETE, "/api/v1/jobs/{id}", WORKSPACE_WORKERS),
            // Interactive sessions and statements (issue 16, docs/sessions.md): members work in their own sessions; the
            // readers of jobs read sessions and statement history (the service shows rows to the statement's member only).
            rule(HttpMethod.POST, "/api/v1/workspaces/{id}/sessions", WORKSPACE_WORKERS),
            rule(HttpMethod.GET, "/api/v1/workspaces/{id}/sessions", WORKSPACE_READERS),
            rule(HttpMethod.GET, "/api/v1/workspaces/{id}/sessions/{sid}", WORKSPACE_READERS),
            rule(HttpMethod.DELETE, "/api/v1/workspaces/{id}/sessions/{sid}", WORKSPACE_WORKERS),
            rule(HttpMethod.POST, "/api/v1/workspaces/{id}/sessions/{sid}/statements", WORKSPACE_WORKERS),
            rule(HttpMethod.GET, "/api/v1/workspaces/{id}/sessions/{sid}/statements", WORKSPACE_READERS),
            rule(HttpMethod.GET, "/api/v1/workspaces/{id}/sessions/{sid}/statements/{statementId}", WORKSPACE_READERS),
            rule(HttpMethod.POST, "/api/v1/workspaces/{id}/sessions/{sid}/statements/{statementId}/cancel", WORKSPACE_WORKERS),
            rule(HttpMethod.GET, "/api/v1/lineage", WORKSPACE_READERS),
            rule(HttpMethod.GET, "/api/v1/lineage/graph.svg", WORKSPACE_READERS),
            rule(HttpMethod.GET, "/api/v1/workspaces/{id}/quarantine", WORKSPACE_READERS),
            rule(HttpMethod.GET, "/api/v1/jobs/{id}/lineage", WORKSPACE_READERS),

            // A listed data package, report or model (R-19b, R-21a): any user; the delivery gate checks the product,
            // its grant and the caller's scenario (docs/products-delivery.md).
            rule(HttpMethod.GET, "/api/v1/products/{id}/download", ANY),

            // The Atlas mirror's delivery state (docs/atlas.md).
            rule(HttpMethod.GET, "/api/v1/lineage/mirror", SUPERVISION),
            rule(HttpMethod.GET, "/api/v1/lineage/openlineage", SUPERVISION),

            // Data products (docs/products.md): the operator's people make and submit candidates; independent experts
            // review; the authority lists; the listing (listed products) is visible to everyone.
            rule(HttpMethod.GET, "/api/v1/products", ANY),
            rule(HttpMethod.POST, "/api/v1/products", WORKSPACE_WORKERS),
            rule(HttpMethod.GET, "/api/v1/products/{id}", ANY),
            rule(HttpMethod.POST, "/api/v1/products/{id}/submit", WORKSPACE_WORKERS),
            rule(HttpMethod.POST, "/api/v1/products/{id}/withdraw", WORKSPACE_WORKERS),
            rule(HttpMethod.POST, "/api/v1/products/{id}/reviews", EnumSet.of(EXPERT)),
            rule(HttpMethod.GET, "/api/v1/products/{id}/lineage", PRODUCT_READERS),
            rule(HttpMethod.GET, "/api/v1/products/{id}/data", PRODUCT_READERS),
            rule(HttpMethod.GET, "/api/v1/products/{id}/lineage.svg", PRODUCT_READERS),
            rule(HttpMethod.POST, "/api/v1/products/{id}/list", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/products/{id}/delist", EnumSet.of(AUTHORITY, APPLICANT)),
            rule(HttpMethod.GET, "/api/v1/products/{id}/registration", EnumSet.of(AUTHORITY, APPLICANT, ENGINEER, SECURITY)),
            rule(HttpMethod.GET, "/api/v1/products/{id}/deliveries", PRODUCT_READERS),

            // Admission of workspace engines (docs/admission.md): the platform admin sets quotas; the operator's people
            // read their own organization's quota, usage and queue positions; supervisors read all.
            rule(HttpMethod.GET, "/api/v1/organizations/{id}/compute-quota", EnumSet.of(AUTHORITY, SECURITY, APPLICANT, ENGINEER)),
            rule(HttpMethod.PUT, "/api/v1/organizations/{id}/compute-quota", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.GET, "/api/v1/admission", EnumSet.of(AUTHORITY, SECURITY, APPLICANT, ENGINEER)),

            // --- issue 20, A: notifications and to-do: add rules below this line, each ending with a comma ---
            rule(HttpMethod.GET, "/api/v1/notifications", ANY),
            rule(HttpMethod.GET, "/api/v1/notifications/unread-count", ANY),
            rule(HttpMethod.POST, "/api/v1/notifications/{id}/read", ANY),
            rule(HttpMethod.GET, "/api/v1/todos", ANY),

            // --- issue 20, B: R-08 single channel and the exchange: add rules below this line, each ending with a comma ---
            // Exchange recommendations (R-19c, docs/exchange.md): the operator's accountable person or the authority
            // recommends a listed product; the authority exports it and records the exchange's answer.
            rule(HttpMethod.POST, "/api/v1/products/{id}/exchange-recommendations", EnumSet.of(AUTHORITY, APPLICANT)),
            rule(HttpMethod.GET, "/api/v1/exchange-recommendations", EnumSet.of(AUTHORITY, APPLICANT, SECURITY)),
            rule(HttpMethod.GET, "/api/v1/exchange-recommendations/{id}", EnumSet.of(AUTHORITY, APPLICANT, SECURITY)),
            rule(HttpMethod.GET, "/api/v1/exchange-recommendations/{id}/export", EnumSet.of(AUTHORITY, APPLICANT, SECURITY)),
            rule(HttpMethod.POST, "/api/v1/exchange-recommendations/{id}/submit", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/exchange-recommendations/{id}/registration", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/exchange-recommendations/{id}/rejection", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/exchange-recommendations/{id}/withdraw", EnumSet.of(AUTHORITY, APPLICANT)),

            // --- issue 20, C: R-19c own data import: add rules below this line, each ending with a comma ---
            rule(HttpMethod.POST, "/api/v1/own-data-imports", EnumSet.of(ENGINEER)),
            rule(HttpMethod.GET, "/api/v1/own-data-imports", EnumSet.of(ENGINEER, APPLICANT, AUTHORITY, SECURITY)),
            rule(HttpMethod.GET, "/api/v1/own-data-imports/{id}", EnumSet.of(ENGINEER, APPLICANT, AUTHORITY, SECURITY)),
            rule(HttpMethod.PUT, "/api/v1/own-data-imports/{id}/file", EnumSet.of(ENGINEER)),
            rule(HttpMethod.POST, "/api/v1/own-data-imports/{id}/decision", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/own-data-imports/{id}/withdraw", EnumSet.of(ENGINEER)),

            // --- issue 20, D: R-20 quality requests: add rules below this line, each ending with a comma ---
            rule(HttpMethod.POST, "/api/v1/quality-requests", EnumSet.of(ENGINEER, APPLICANT)),
            rule(HttpMethod.GET, "/api/v1/quality-requests", EnumSet.of(ENGINEER, APPLICANT, PROVIDER, AUTHORITY, SECURITY)),
            rule(HttpMethod.GET, "/api/v1/quality-requests/{id}", EnumSet.of(ENGINEER, APPLICANT, PROVIDER, AUTHORITY, SECURITY)),
            rule(HttpMethod.POST, "/api/v1/quality-requests/{id}/acknowledge", EnumSet.of(PROVIDER)),
            rule(HttpMethod.POST, "/api/v1/quality-requests/{id}/fix", EnumSet.of(PROVIDER)),
            rule(HttpMethod.POST, "/api/v1/quality-requests/{id}/reject", EnumSet.of(PROVIDER)),
            rule(HttpMethod.POST, "/api/v1/quality-requests/{id}/confirm", EnumSet.of(ENGINEER, APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/quality-requests/{id}/reopen", EnumSet.of(ENGINEER, APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/quality-requests/{id}/withdraw", EnumSet.of(ENGINEER, APPLICANT)),
            rule(HttpMethod.GET, "/api/v1/providers/{id}/quality-evaluation", EnumSet.of(AUTHORITY, PROVIDER)),

            // --- issue 20, E: R-26 inspections: add rules below this line, each ending with a comma ---
            // R-26 (docs/inspections.md): security supervisors inspect operators their jurisdiction covers; the operator's
            // accountable person rectifies; the authority reads and suspends a finding's grant on a supervisor's request.
            rule(HttpMethod.GET, "/api/v1/inspections", EnumSet.of(SECURITY, AUTHORITY, APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/inspections", EnumSet.of(SECURITY)),
            rule(HttpMethod.GET, "/api/v1/inspections/{id}", EnumSet.of(SECURITY, AUTHORITY, APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/inspections/{id}/start", EnumSet.of(SECURITY)),
            rule(HttpMethod.POST, "/api/v1/inspections/{id}/cancel", EnumSet.of(SECURITY)),
            rule(HttpMethod.POST, "/api/v1/inspections/{id}/close", EnumSet.of(SECURITY)),
            rule(HttpMethod.POST, "/api/v1/inspections/{id}/findings", EnumSet.of(SECURITY)),
            rule(HttpMethod.POST, "/api/v1/findings/{id}/rectification", EnumSet.of(APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/findings/{id}/verify", EnumSet.of(SECURITY)),
            rule(HttpMethod.POST, "/api/v1/findings/{id}/reject", EnumSet.of(SECURITY)),
            rule(HttpMethod.POST, "/api/v1/findings/{id}/suspension-request", EnumSet.of(SECURITY)),
            rule(HttpMethod.POST, "/api/v1/findings/{id}/suspension", EnumSet.of(AUTHORITY)),

            // --- issue 20, F: R-27 annual reports: add rules below this line, each ending with a comma ---
            // Annual reports (docs/annual-reports.md): the operator's accountable person writes and submits; the authority
            // returns and evaluates within its jurisdiction; supervisors read. An application's readers see the earlier
            // evaluations; its accountable person records the re-application justification.
            rule(HttpMethod.GET, "/api/v1/annual-reports", EnumSet.of(AUTHORITY, SECURITY, APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/annual-reports", EnumSet.of(APPLICANT)),
            rule(HttpMethod.GET, "/api/v1/annual-reports/{id}", EnumSet.of(AUTHORITY, SECURITY, APPLICANT)),
            rule(HttpMethod.PUT, "/api/v1/annual-reports/{id}", EnumSet.of(APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/annual-reports/{id}/submit", EnumSet.of(APPLICANT)),
            rule(HttpMethod.POST, "/api/v1/annual-reports/{id}/return", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.POST, "/api/v1/annual-reports/{id}/evaluation", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.GET, "/api/v1/applications/{id}/earlier-evaluations", PROCESS_READERS),
            rule(HttpMethod.PUT, "/api/v1/applications/{id}/reapplication-justification", EnumSet.of(APPLICANT)),

            // --- issue 20, G1: product review, return and notices: add rules below this line, each ending with a comma ---
            // Returned for revision (docs/products.md): experts return; the grant's people resubmit; reviewers read statistics.
            rule(HttpMethod.POST, "/api/v1/products/{id}/return", EnumSet.of(EXPERT)),
            rule(HttpMethod.POST, "/api/v1/products/{id}/resubmit", WORKSPACE_WORKERS),
            rule(HttpMethod.GET, "/api/v1/products/{id}/statistics", PRODUCT_READERS),

            // --- issue 20, G2: disclosure rules: add rules below this line, each ending with a comma ---
            // Disclosure rules (docs/disclosure.md): everyone reads the thresholds, the authority sets them; the operator's
            // people declare a candidate's contributions, its review file's readers see them.
            rule(HttpMethod.GET, "/api/v1/disclosure-rules", ANY),
            rule(HttpMethod.GET, "/api/v1/disclosure-rules/{grade}", ANY),
            rule(HttpMethod.PUT, "/api/v1/disclosure-rules/{grade}", EnumSet.of(AUTHORITY)),
            rule(HttpMethod.GET, "/api/v1/products/{id}/contributions", PRODUCT_READERS),
            rule(HttpMethod.PUT, "/api/v1/products/{id}/contributions/{column}", WORKSPACE_WORKERS),
            rule(HttpMethod.DELETE, "/api/v1/products/{id}/contributions/{column}", WORKSPACE_WORKERS),

            rule(HttpMethod.GET, "/api/v1/audit", SUPERVISION),
            rule(HttpMethod.GET, "/api/v1/audit/verify", SUPERVISION));

    private EndpointRules() {}

    private static Rule rule(HttpMethod method, String pattern, Set<Role> roles) {
        return new Rule(method, pattern, roles);
    }
}
