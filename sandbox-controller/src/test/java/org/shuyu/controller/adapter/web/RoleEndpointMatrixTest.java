package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * the whole role x endpoint matrix. The expected matrix is written out here, independently of
 * {@link EndpointRules}; every endpoint is called with a token of every role: the allowed roles pass the
 * role gate, every other role is refused with 403 FORBIDDEN_ROLE.
 */
@PlatformTest
@Tag("R-06")
class RoleEndpointMatrixTest {
    private static final String A = "AUTHORITY", P = "PROVIDER", AP = "APPLICANT", E = "ENGINEER", X = "EXPERT", S = "SECURITY",
            C = "COORDINATION", L = "LEADING_GROUP";
    private static final String ALL = "ALL";

    /** method and path -> roles allowed. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        String readers = String.join(",", A, AP, S, X, P, C, L);
        String grantReaders = String.join(",", A, AP, E, S, C, L);
        EXPECTED.put("GET /api/v1/me", ALL);
        EXPECTED.put("GET /api/v1/providers", ALL);
        EXPECTED.put("POST /api/v1/providers", A);
        EXPECTED.put("GET /api/v1/datasets", ALL);
        EXPECTED.put("GET /api/v1/datasets/{id}", ALL);
        EXPECTED.put("GET /api/v1/classifications", ALL);
        EXPECTED.put("POST /api/v1/datasets", P + "," + A);
        EXPECTED.put("GET /api/v1/announcements", ALL);
        EXPECTED.put("POST /api/v1/announcements", A);
        EXPECTED.put("GET /api/v1/organizations", ALL);
        EXPECTED.put("GET /api/v1/organizations/{id}", ALL);
        EXPECTED.put("POST /api/v1/organizations", A + "," + AP);
        EXPECTED.put("GET /api/v1/organizations/{id}/personnel", AP + "," + A + "," + S);
        EXPECTED.put("GET /api/v1/organizations/{id}/personnel/{userId}", AP + "," + A + "," + S);
        EXPECTED.put("PUT /api/v1/organizations/{id}/personnel/{userId}", AP);
        EXPECTED.put("GET /api/v1/labs", readers);
        EXPECTED.put("POST /api/v1/labs", AP);
        EXPECTED.put("GET /api/v1/labs/{id}", readers);
        EXPECTED.put("POST /api/v1/labs/{id}/approve", A);
        EXPECTED.put("POST /api/v1/labs/{id}/reject", A);
        EXPECTED.put("POST /api/v1/labs/{id}/complete", A);
        EXPECTED.put("GET /api/v1/labs/{id}/report", readers);
        EXPECTED.put("GET /api/v1/applications", readers);
        EXPECTED.put("POST /api/v1/applications", AP);
        EXPECTED.put("GET /api/v1/applications/{id}", readers);
        EXPECTED.put("PUT /api/v1/applications/{id}/materials/{kind}", AP);
        EXPECTED.put("PUT /api/v1/applications/{id}/materials/{kind}/document", AP);
        EXPECTED.put("GET /api/v1/applications/{id}/materials/{kind}/document", readers);
        EXPECTED.put("POST /api/v1/applications/{id}/submit", AP);
        EXPECTED.put("POST /api/v1/applications/{id}/withdraw", AP);
        EXPECTED.put("POST /api/v1/applications/{id}/reviews", X + "," + P);
        EXPECTED.put("POST /api/v1/applications/{id}/deliberation", C);
        EXPECTED.put("POST /api/v1/applications/{id}/approval", L + "," + C);
        EXPECTED.put("POST /api/v1/applications/{id}/reject", A);
        EXPECTED.put("GET /api/v1/grants", grantReaders);
        EXPECTED.put("POST /api/v1/grants", A);
        EXPECTED.put("GET /api/v1/grants/{id}", grantReaders);
        EXPECTED.put("PUT /api/v1/grants/{id}/emergency-plan", AP);
        EXPECTED.put("POST /api/v1/grants/{id}/drills", AP);
        EXPECTED.put("POST /api/v1/grants/{id}/activate", A);
        EXPECTED.put("POST /api/v1/grants/{id}/suspend", A);
        EXPECTED.put("POST /api/v1/grants/{id}/rectification", AP);
        EXPECTED.put("POST /api/v1/grants/{id}/reinstate", A);
        EXPECTED.put("POST /api/v1/grants/{id}/decisions", C);
        EXPECTED.put("POST /api/v1/grants/{id}/decisions/{decisionId}/approval", L + "," + C);
        EXPECTED.put("POST /api/v1/grants/{id}/terminate", A);
        EXPECTED.put("POST /api/v1/grants/{id}/revoke", A);
        EXPECTED.put("GET /api/v1/grants/{id}/members", A + "," + AP + "," + S);
        EXPECTED.put("POST /api/v1/grants/{id}/members", A + "," + AP);
        EXPECTED.put("DELETE /api/v1/grants/{id}/members/{userId}", A + "," + AP);
        EXPECTED.put("GET /api/v1/grants/{id}/access", E + "," + AP);
        EXPECTED.put("GET /api/v1/publications", ALL);
        EXPECTED.put("GET /api/v1/filings", A + "," + S + "," + C + "," + L);
        EXPECTED.put("GET /api/v1/deletions", A + "," + S);
        EXPECTED.put("GET /api/v1/datasets/{id}/consents", P + "," + A + "," + S);
        EXPECTED.put("PUT /api/v1/datasets/{id}/consents/{subjectId}", P + "," + A);
        EXPECTED.put("POST /api/v1/datasets/{id}/consents/bulk", P + "," + A);
        EXPECTED.put("PUT /api/v1/datasets/{id}/data", P);
        EXPECTED.put("GET /api/v1/datasets/{id}/grants", P + "," + A + "," + S + "," + C + "," + L);
        String workspaceReaders = String.join(",", A, AP, E, S);
        String workspaceWorkers = String.join(",", E, AP);
        EXPECTED.put("GET /api/v1/workspaces", workspaceReaders);
        EXPECTED.put("GET /api/v1/workspaces/{id}", workspaceReaders);
        EXPECTED.put("GET /api/v1/workspaces/{id}/jobs", workspaceReaders);
        EXPECTED.put("POST /api/v1/workspaces/{id}/jobs", workspaceWorkers);
        EXPECTED.put("GET /api/v1/workspaces/{id}/tables", workspaceWorkers);
        EXPECTED.put("GET /api/v1/workspaces/{id}/tables/{table}/preview", workspaceWorkers);
        EXPECTED.put("GET /api/v1/workspaces/{id}/policies", A + "," + S);
        EXPECTED.put("GET /api/v1/jobs/{id}", workspaceReaders);
        EXPECTED.put("GET /api/v1/jobs/{id}/log", workspaceReaders);
        EXPECTED.put("DELETE /api/v1/jobs/{id}", workspaceWorkers);
        EXPECTED.put("POST /api/v1/workspaces/{id}/sessions", workspaceWorkers);
        EXPECTED.put("GET /api/v1/workspaces/{id}/sessions", workspaceReaders);
        EXPECTED.put("GET /api/v1/workspaces/{id}/sessions/{sid}", workspaceReaders);
        EXPECTED.put("DELETE /api/v1/workspaces/{id}/sessions/{sid}", workspaceWorkers);
        EXPECTED.put("POST /api/v1/workspaces/{id}/sessions/{sid}/statements", workspaceWorkers);
        EXPECTED.put("GET /api/v1/workspaces/{id}/sessions/{sid}/statements", workspaceReaders);
        EXPECTED.put("GET /api/v1/workspaces/{id}/sessions/{sid}/statements/{statementId}", workspaceReaders);
        EXPECTED.put("POST /api/v1/workspaces/{id}/sessions/{sid}/statements/{statementId}/cancel", workspaceWorkers);
        EXPECTED.put("GET /api/v1/lineage", workspaceReaders);
        EXPECTED.put("GET /api/v1/lineage/graph.svg", workspaceReaders);
        EXPECTED.put("GET /api/v1/workspaces/{id}/quarantine", workspaceReaders);
        EXPECTED.put("GET /api/v1/jobs/{id}/lineage", workspaceReaders);
        EXPECTED.put("GET /api/v1/products/{id}/download", ALL);
        EXPECTED.put("GET /api/v1/lineage/mirror", A + "," + S);
        EXPECTED.put("GET /api/v1/lineage/openlineage", A + "," + S);
        // R-26 inspections (issue 20, E)
        EXPECTED.put("GET /api/v1/inspections", String.join(",", S, A, AP));
        EXPECTED.put("POST /api/v1/inspections", S);
        EXPECTED.put("GET /api/v1/inspections/{id}", String.join(",", S, A, AP));
        EXPECTED.put("POST /api/v1/inspections/{id}/start", S);
        EXPECTED.put("POST /api/v1/inspections/{id}/cancel", S);
        EXPECTED.put("POST /api/v1/inspections/{id}/close", S);
        EXPECTED.put("POST /api/v1/inspections/{id}/findings", S);
        EXPECTED.put("POST /api/v1/findings/{id}/rectification", AP);
        EXPECTED.put("POST /api/v1/findings/{id}/verify", S);
        EXPECTED.put("POST /api/v1/findings/{id}/reject", S);
        EXPECTED.put("POST /api/v1/findings/{id}/suspension-request", S);
        EXPECTED.put("POST /api/v1/findings/{id}/suspension", A);
        String workers = E + "," + AP;
        String productReaders = String.join(",", A, AP, E, S, X);
        EXPECTED.put("GET /api/v1/products", ALL);
        EXPECTED.put("POST /api/v1/products", workers);
        EXPECTED.put("GET /api/v1/products/{id}", ALL);
        EXPECTED.put("POST /api/v1/products/{id}/submit", workers);
        EXPECTED.put("POST /api/v1/products/{id}/withdraw", workers);
        EXPECTED.put("POST /api/v1/products/{id}/reviews", X);
        EXPECTED.put("GET /api/v1/products/{id}/lineage", productReaders);
        EXPECTED.put("GET /api/v1/products/{id}/data", productReaders);
        EXPECTED.put("GET /api/v1/products/{id}/lineage.svg", productReaders);
        EXPECTED.put("POST /api/v1/products/{id}/list", A);
        EXPECTED.put("POST /api/v1/products/{id}/delist", A + "," + AP);
        EXPECTED.put("GET /api/v1/products/{id}/registration", String.join(",", A, AP, E, S));
        EXPECTED.put("GET /api/v1/products/{id}/deliveries", productReaders);
        // issue 20, B: exchange recommendations (R-19c)
        EXPECTED.put("POST /api/v1/products/{id}/exchange-recommendations", A + "," + AP);
        EXPECTED.put("GET /api/v1/exchange-recommendations", String.join(",", A, AP, S));
        EXPECTED.put("GET /api/v1/exchange-recommendations/{id}", String.join(",", A, AP, S));
        EXPECTED.put("GET /api/v1/exchange-recommendations/{id}/export", String.join(",", A, AP, S));
        EXPECTED.put("POST /api/v1/exchange-recommendations/{id}/submit", A);
        EXPECTED.put("POST /api/v1/exchange-recommendations/{id}/registration", A);
        EXPECTED.put("POST /api/v1/exchange-recommendations/{id}/rejection", A);
        EXPECTED.put("POST /api/v1/exchange-recommendations/{id}/withdraw", A + "," + AP);
        // issue 20, G1: returned for revision; statistics for who reads the rows
        EXPECTED.put("POST /api/v1/products/{id}/return", X);
        EXPECTED.put("POST /api/v1/products/{id}/resubmit", workers);
        EXPECTED.put("GET /api/v1/products/{id}/statistics", productReaders);
        EXPECTED.put("GET /api/v1/organizations/{id}/compute-quota", String.join(",", A, S, AP, E));
        EXPECTED.put("PUT /api/v1/organizations/{id}/compute-quota", A);
        // issue 20, G2: disclosure rules (docs/disclosure.md)
        EXPECTED.put("GET /api/v1/disclosure-rules", ALL);
        EXPECTED.put("GET /api/v1/disclosure-rules/{grade}", ALL);
        EXPECTED.put("PUT /api/v1/disclosure-rules/{grade}", A);
        EXPECTED.put("GET /api/v1/products/{id}/contributions", productReaders);
        EXPECTED.put("PUT /api/v1/products/{id}/contributions/{column}", workers);
        EXPECTED.put("DELETE /api/v1/products/{id}/contributions/{column}", workers);
        EXPECTED.put("GET /api/v1/admission", String.join(",", A, S, AP, E));
        // issue 20, A: notifications and to-do (docs/notifications.md): every role has an inbox and a to-do list
        EXPECTED.put("GET /api/v1/notifications", ALL);
        EXPECTED.put("GET /api/v1/notifications/unread-count", ALL);
        EXPECTED.put("POST /api/v1/notifications/{id}/read", ALL);
        EXPECTED.put("GET /api/v1/todos", ALL);
        // issue 20, D: R-20 quality requests
        EXPECTED.put("POST /api/v1/quality-requests", E + "," + AP);
        EXPECTED.put("GET /api/v1/quality-requests", String.join(",", E, AP, P, A, S));
        EXPECTED.put("GET /api/v1/quality-requests/{id}", String.join(",", E, AP, P, A, S));
        EXPECTED.put("POST /api/v1/quality-requests/{id}/acknowledge", P);
        EXPECTED.put("POST /api/v1/quality-requests/{id}/fix", P);
        EXPECTED.put("POST /api/v1/quality-requests/{id}/reject", P);
        EXPECTED.put("POST /api/v1/quality-requests/{id}/confirm", E + "," + AP);
        EXPECTED.put("POST /api/v1/quality-requests/{id}/reopen", E + "," + AP);
        EXPECTED.put("POST /api/v1/quality-requests/{id}/withdraw", E + "," + AP);
        EXPECTED.put("GET /api/v1/providers/{id}/quality-evaluation", A + "," + P);
        // issue 20, F: R-27 annual reports
        EXPECTED.put("GET /api/v1/annual-reports", String.join(",", A, S, AP));
        EXPECTED.put("POST /api/v1/annual-reports", AP);
        EXPECTED.put("GET /api/v1/annual-reports/{id}", String.join(",", A, S, AP));
        EXPECTED.put("PUT /api/v1/annual-reports/{id}", AP);
        EXPECTED.put("POST /api/v1/annual-reports/{id}/submit", AP);
        EXPECTED.put("POST /api/v1/annual-reports/{id}/return", A);
        EXPECTED.put("POST /api/v1/annual-reports/{id}/evaluation", A);
        EXPECTED.put("GET /api/v1/applications/{id}/earlier-evaluations", readers);
        EXPECTED.put("PUT /api/v1/applications/{id}/reapplication-justification", AP);
        EXPECTED.put("GET /api/v1/audit", A + "," + S);
        EXPECTED.put("GET /api/v1/audit/verify", A + "," + S);
        // issue 20, C: R-19c own-data imports
        EXPECTED.put("POST /api/v1/own-data-imports", E);
        EXPECTED.put("GET /api/v1/own-data-imports", String.join(",", E, AP, A, S));
        EXPECTED.put("GET /api/v1/own-data-imports/{id}", String.join(",", E, AP, A, S));
        EXPECTED.put("PUT /api/v1/own-data-imports/{id}/file", E);
        EXPECTED.put("POST /api/v1/own-data-imports/{id}/decision", A);
        EXPECTED.put("POST /api/v1/own-data-imports/{id}/withdraw", E);
    }

    private static final Map<Role, String> DEMO_USER = new EnumMap<>(Map.of(
            Role.AUTHORITY, "admin", Role.PROVIDER, "provider", Role.APPLICANT, "applicant", Role.ENGINEER, "engineer",
            Role.EXPERT, "expert", Role.SECURITY, "security", Role.COORDINATION, "coordination", Role.LEADING_GROUP, "leading-group"));

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private static Set<Role> roles(String spec) {
        if (spec.equals(ALL)) {
            return EnumSet.allOf(Role.class);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : spec.split(",")) {
            roles.add(Role.valueOf(name));
        }
        return roles;
    }

    @Test
    void theRuleTableIsExactlyTheExpectedMatrix() {
        Map<String, Set<Role>> actual = new LinkedHashMap<>();
        for (EndpointRules.Rule rule : EndpointRules.RULES) {
            assertThat(actual.put(rule.method().name() + " " + rule.pattern(), rule.roles())).as("duplicate rule " + rule).isNull();
        }
        Map<String, Set<Role>> expected = new LinkedHashMap<>();
        EXPECTED.forEach((endpoint, spec) -> expected.put(endpoint, roles(spec)));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void everyApiEndpointOfTheControllerHasARule() {
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo info : handlerMapping.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + pattern));
                    // The public endpoints (how to log in) have no role rule: they need no token at all.
                    EndpointRules.PUBLIC.forEach(open -> mapped.remove(open.method().name() + " " + open.pattern()));
                }
            }
        }
        assertThat(mapped).isNotEmpty();
        assertThat(EXPECTED.keySet()).containsAll(mapped);
        assertThat(mapped).containsAll(EXPECTED.keySet());
    }

    @Test
    void everyRoleOnEveryEndpointIsAllowedOrRefusedAsTheMatrixSays() {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, String> entry : EXPECTED.entrySet()) {
            String method = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            String path = entry.getKey().substring(method.length() + 1)
                    .replace("{id}", "matrix-none").replace("{decisionId}", "matrix-none").replace("{userId}", "nobody")
                    .replace("{kind}", "application-form")
                    .replace("{subjectId}", "nobody").replace("{table}", "none")
                    .replace("{sid}", "none").replace("{statementId}", "none")
                    .replace("{grade}", "3").replace("{column}", "total");
            Set<Role> allowed = roles(entry.getValue());
            for (Role role : Role.values()) {
                Object body = method.equals("GET") || method.equals("DELETE") ? null : Map.of();
                Api.Response response = api.withToken(method, path, body, api.token(DEMO_USER.get(role)));
                calls++;
                boolean refusedByRole = response.status() == 403 && "FORBIDDEN_ROLE".equals(response.code());
                if (allowed.contains(role) == refusedByRole) {
                    wrong.add(role + " " + method + " " + path + " -> " + response.status() + " " + response.code());
                }
                assertThat(response.status()).as(role + " " + method + " " + path).isLessThan(500);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(calls).isEqualTo(EXPECTED.size() * Role.values().length);
    }

    @Test
    void unlistedApiPathsAreDeniedAndEveryEndpointNeedsAToken() {
        Api.Response unlisted = api.get("admin", "/api/v1/secrets");
        assertThat(unlisted.status()).isEqualTo(403);
        for (String endpoint : EXPECTED.keySet()) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(method.length() + 1).replaceAll("\\{[^}]+}", "x");
            Api.Response anonymous = api.withToken(method, path, method.equals("GET") ? null : Map.of(), null);
            assertThat(anonymous.status()).as(endpoint).isEqualTo(401);
            assertThat(anonymous.code()).isEqualTo("UNAUTHENTICATED");
        }
    }
}
