package org.shuyu.controller.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.controller.job.JobStore;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.job.WorkspaceReconciler;
import org.shuyu.policy.PolicyCompiler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * R-08, the single channel, over HTTP: a census of EVERY route the controller maps (Spring's handler mapping, not a
 * list kept by hand). Each route is classified here: a route that can return source data or start processing of it
 * (DATA) is tried without a grant in every way a caller could lack one (no member of an active grant, member of a
 * suspended grant, member of a terminated grant, another organization's accountable person) with a realistic request,
 * and must refuse with a stable access code and no data value in the answer; a route of the runtime's /service chain
 * (SERVICE) is tried without a running job's credential (none, a user's token, a made-up one, the credential of a job
 * whose grant was suspended); every other route (SAFE) says why it cannot reach source data. A route added later that
 * is not classified fails {@link #everyRouteOfTheControllerIsClassified}; docs/single-channel.md explains the classes.
 */
@PlatformTest
@Tag("R-08")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleChannelCensusTest {
    enum Kind { DATA, RECORD, SERVICE, SAFE }

    /** How a route is tried: its classification, why, and for DATA/SERVICE a realistic body and query. */
    record Route(Kind kind, String why, Object body, String query) {}

    static final Map<String, Route> CENSUS = new TreeMap<>();

    private static final Map<String, Object> JOB = Map.of("name", "r08-probe", "steps",
            List.of(Map.of("sql", "CREATE TABLE r08_copy AS SELECT uscc, name, registered_capital FROM registry.enterprises")));
    private static final Map<String, Object> STATEMENT = Map.of("sql", "SELECT uscc, name FROM registry.enterprises",
            "maxRows", 10);

    private static void data(String route, String why) {
        data(route, why, null, "");
    }

    private static void data(String route, String why, Object body, String query) {
        CENSUS.put(route, new Route(Kind.DATA, why, body, query));
    }

    private static void recordRoute(String route, String why) {
        CENSUS.put(route, new Route(Kind.RECORD, why, null, ""));
    }

    private static void service(String route, String why, Object body) {
        CENSUS.put(route, new Route(Kind.SERVICE, why, body, ""));
    }

    private static void safe(String why, String... routes) {
        for (String route : routes) {
            CENSUS.put(route, new Route(Kind.SAFE, why, null, ""));
        }
    }

    /** A message of the runtime contract as its golden file pins it: the body a real runtime or engine sends. */
    private static String golden(String name) {
        try {
            return Files.readString(Path.of("../runtime-contract/src/test/resources/golden/" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static {
        // ---- DATA: rows of sources, or processing of them, or what reveals their values -----------------------------
        data("GET /api/v1/workspaces/{id}/tables", "lists the workspace's tables (the grant's sources and results)");
        data("GET /api/v1/workspaces/{id}/tables/{table}/preview", "first rows of a workspace table", null, "?limit=10");
        data("POST /api/v1/workspaces/{id}/jobs", "runs SQL over the grant's sources", JOB, "");
        // ---- RECORD: what a grant's people did stays readable to them (accountability, R-24d) after access closes,
        // but it is a record (statements, states, codes, metrics, a redacted log), never rows: tried like DATA, it may
        // answer, and must hold no value
        recordRoute("GET /api/v1/workspaces/{id}/jobs", "the workspace's jobs: statements, states and codes");
        recordRoute("GET /api/v1/jobs/{id}", "a job: statements, state, code, metrics");
        recordRoute("GET /api/v1/jobs/{id}/log", "a job's log (redacted by the runtime: codes, never values)");
        data("POST /api/v1/workspaces/{id}/sessions", "opens an interactive Spark session on the sources");
        data("POST /api/v1/workspaces/{id}/sessions/{sid}/statements", "runs a statement, answers its first rows",
                STATEMENT, "");
        data("GET /api/v1/workspaces/{id}/sessions/{sid}/statements", "the session's statements");
        data("GET /api/v1/workspaces/{id}/sessions/{sid}/statements/{statementId}", "a statement with its first rows");
        data("GET /api/v1/workspaces/{id}/policies", "the workspace's Ranger policies (row filters name consenting"
                + " subjects): supervision only, never an operator");
        data("GET /api/v1/products/{id}/data", "rows of a candidate's frozen snapshot (derived from sources)");
        data("GET /api/v1/products/{id}/download", "a product's content: only a LISTED product, for its scenario", null,
                "?scenario=r08");
        data("GET /api/v1/datasets/{id}/consents", "who consented to the use of their data (subject identifiers):"
                + " providers, the authority and supervisors, never an operator");

        // ---- SERVICE: the job runtime's and the engine's channel, authenticated by a running job's credential -------
        service("GET /service/plugins/policies/download/{serviceName}", "the policies a runtime enforces; only a"
                + " running job's credential, only its own workspace", null);
        service("POST /service/lineage/jobs/{jobId}/events", "write-ahead lineage from a running job", Map.of(
                "step", 1, "statement", "CREATE_TABLE_AS_SELECT", "inputs", List.of("registry.enterprises")));
        service("POST /service/statements/{statementId}/outcome", "a statement's outcome from the engine",
                golden("statement-outcome.json"));
        service("POST /service/engines/{engineId}/statements", "a Connect execution registered by the engine (its"
                + " engine credential)", golden("connect-registration.json"));

        // ---- SAFE: cannot reach source data, and why ------------------------------------------------------------------
        data("GET /api/v1/products/{id}/statistics", "per-column statistics of a candidate's frozen snapshot"
                + " (derived from sources; small counts and identifying columns held back)");
        safe("notices and to-dos: ids, kinds, states and due dates of the caller's own work, never data values"
                + " (docs/notifications.md)", "GET /api/v1/notifications", "GET /api/v1/notifications/unread-count",
                "POST /api/v1/notifications/{id}/read", "GET /api/v1/todos");
        safe("the operator's own data import airlock (R-19c): its own file goes in, check results (column, pattern,"
                + " count) come out, never a source dataset's rows", "GET /api/v1/own-data-imports",
                "GET /api/v1/own-data-imports/{id}", "POST /api/v1/own-data-imports", "PUT /api/v1/own-data-imports/{id}/file",
                "POST /api/v1/own-data-imports/{id}/decision", "POST /api/v1/own-data-imports/{id}/withdraw");
        safe("quality requests (R-20): texts refused when they hold values, states and counts; no rows",
                "GET /api/v1/quality-requests", "GET /api/v1/quality-requests/{id}", "POST /api/v1/quality-requests",
                "POST /api/v1/quality-requests/{id}/acknowledge", "POST /api/v1/quality-requests/{id}/fix",
                "POST /api/v1/quality-requests/{id}/reject", "POST /api/v1/quality-requests/{id}/confirm",
                "POST /api/v1/quality-requests/{id}/reopen", "POST /api/v1/quality-requests/{id}/withdraw",
                "GET /api/v1/providers/{id}/quality-evaluation");
        safe("inspections and findings (R-26): supervisory records, no rows", "GET /api/v1/inspections",
                "GET /api/v1/inspections/{id}", "POST /api/v1/inspections", "POST /api/v1/inspections/{id}/start",
                "POST /api/v1/inspections/{id}/cancel", "POST /api/v1/inspections/{id}/close",
                "POST /api/v1/inspections/{id}/findings", "POST /api/v1/findings/{id}/rectification",
                "POST /api/v1/findings/{id}/reject", "POST /api/v1/findings/{id}/suspension",
                "POST /api/v1/findings/{id}/suspension-request", "POST /api/v1/findings/{id}/verify");
        safe("annual reports and evaluations (R-27): aggregate operation figures (counts, CPU seconds) and hand-written"
                + " sections, no rows", "GET /api/v1/annual-reports", "GET /api/v1/annual-reports/{id}",
                "POST /api/v1/annual-reports", "PUT /api/v1/annual-reports/{id}", "POST /api/v1/annual-reports/{id}/submit",
                "POST /api/v1/annual-reports/{id}/return", "POST /api/v1/annual-reports/{id}/evaluation",
                "GET /api/v1/applications/{id}/earlier-evaluations",
                "PUT /api/v1/applications/{id}/reapplication-justification");
        safe("product review and disclosure settings: thresholds, contribution declarations (table and column names),"
                + " review decisions with comments; the rows stay behind products/{id}/data",
                "GET /api/v1/disclosure-rules", "GET /api/v1/disclosure-rules/{grade}", "PUT /api/v1/disclosure-rules/{grade}",
                "GET /api/v1/products/{id}/contributions", "PUT /api/v1/products/{id}/contributions/{column}",
                "DELETE /api/v1/products/{id}/contributions/{column}", "POST /api/v1/products/{id}/return",
                "POST /api/v1/products/{id}/resubmit");
        safe("the caller's identity, the login configuration, the development issuer (embedded mode only; refused by"
                + " InsecureSettingsCheck elsewhere) and the error page: no dataset is named",
                "GET /api/v1/me", "GET /api/v1/auth", "POST /dev/token", "GET /dev/oauth/authorize",
                "POST /dev/oauth/authorize", "POST /dev/oauth/device", "POST /dev/oauth/token", "GET /dev/device",
                "POST /dev/device", "GET /error", "POST /error", "PUT /error", "DELETE /error", "PATCH /error",
                "HEAD /error", "OPTIONS /error", "GET /v3/api-docs", "GET /v3/api-docs.yaml");
        safe("the catalog: metadata (schema, classification, grade, openness), never rows",
                "GET /api/v1/providers", "POST /api/v1/providers", "GET /api/v1/datasets", "GET /api/v1/datasets/{id}",
                "POST /api/v1/datasets", "GET /api/v1/classifications", "GET /api/v1/datasets/{id}/grants");
        safe("a provider puts its own dataset's data in (write only, provider of its jurisdiction); the answer holds"
                + " counts", "PUT /api/v1/datasets/{id}/data");
        safe("consents are recorded by providers and the authority (write); operators are refused by role",
                "PUT /api/v1/datasets/{id}/consents/{subjectId}", "POST /api/v1/datasets/{id}/consents/bulk");
        safe("the grant process itself: labs, applications, grants, decisions, members; the only way to obtain a"
                + " processing right is this process, and it names datasets by id only",
                "GET /api/v1/labs", "POST /api/v1/labs", "GET /api/v1/labs/{id}", "POST /api/v1/labs/{id}/approve",
                "POST /api/v1/labs/{id}/reject", "POST /api/v1/labs/{id}/complete", "GET /api/v1/labs/{id}/report",
                "GET /api/v1/applications", "POST /api/v1/applications", "GET /api/v1/applications/{id}",
                "PUT /api/v1/applications/{id}/materials/{kind}", "PUT /api/v1/applications/{id}/materials/{kind}/document",
                "GET /api/v1/applications/{id}/materials/{kind}/document", "POST /api/v1/applications/{id}/submit",
                "POST /api/v1/applications/{id}/withdraw", "POST /api/v1/applications/{id}/reviews",
                "POST /api/v1/applications/{id}/deliberation", "POST /api/v1/applications/{id}/approval",
                "POST /api/v1/applications/{id}/reject", "GET /api/v1/grants", "POST /api/v1/grants",
                "GET /api/v1/grants/{id}", "PUT /api/v1/grants/{id}/emergency-plan", "POST /api/v1/grants/{id}/drills",
                "POST /api/v1/grants/{id}/activate", "POST /api/v1/grants/{id}/suspend",
                "POST /api/v1/grants/{id}/rectification", "POST /api/v1/grants/{id}/reinstate",
                "POST /api/v1/grants/{id}/decisions", "POST /api/v1/grants/{id}/decisions/{decisionId}/approval",
                "POST /api/v1/grants/{id}/terminate", "POST /api/v1/grants/{id}/revoke", "GET /api/v1/grants/{id}/members",
                "POST /api/v1/grants/{id}/members", "DELETE /api/v1/grants/{id}/members/{userId}",
                "GET /api/v1/grants/{id}/access", "GET /api/v1/publications", "GET /api/v1/filings",
                "GET /api/v1/deletions", "GET /api/v1/announcements", "POST /api/v1/announcements");
        safe("organizations, their people's vetting and quotas: no dataset",
                "GET /api/v1/organizations", "POST /api/v1/organizations", "GET /api/v1/organizations/{id}",
                "GET /api/v1/organizations/{id}/personnel", "GET /api/v1/organizations/{id}/personnel/{userId}",
                "PUT /api/v1/organizations/{id}/personnel/{userId}", "GET /api/v1/organizations/{id}/compute-quota",
                "PUT /api/v1/organizations/{id}/compute-quota", "GET /api/v1/admission");
        safe("workspace and session records (state, members, usage), closing a session and cancelling work: no rows",
                "GET /api/v1/workspaces", "GET /api/v1/workspaces/{id}", "GET /api/v1/workspaces/{id}/sessions",
                "GET /api/v1/workspaces/{id}/sessions/{sid}", "DELETE /api/v1/workspaces/{id}/sessions/{sid}",
                "POST /api/v1/workspaces/{id}/sessions/{sid}/statements/{statementId}/cancel", "DELETE /api/v1/jobs/{id}",
                "GET /api/v1/workspaces/{id}/quarantine");
        safe("lineage: names of datasets, columns and statements, never values (SentinelChannelsTest)",
                "GET /api/v1/lineage", "GET /api/v1/lineage/graph.svg", "GET /api/v1/lineage/mirror",
                "GET /api/v1/lineage/openlineage", "GET /api/v1/jobs/{id}/lineage", "GET /api/v1/products/{id}/lineage",
                "GET /api/v1/products/{id}/lineage.svg");
        safe("the product airlock and its records: a product is what may leave after review; its rows are only under"
                + " /data and /download above", "GET /api/v1/products", "POST /api/v1/products", "GET /api/v1/products/{id}",
                "POST /api/v1/products/{id}/submit", "POST /api/v1/products/{id}/withdraw",
                "POST /api/v1/products/{id}/reviews", "POST /api/v1/products/{id}/list", "POST /api/v1/products/{id}/delist",
                "GET /api/v1/products/{id}/registration", "GET /api/v1/products/{id}/deliveries");
        safe("the exchange loop (docs/exchange.md): records and an export of identifiers, grades and digests, no values",
                "POST /api/v1/products/{id}/exchange-recommendations", "GET /api/v1/exchange-recommendations",
                "GET /api/v1/exchange-recommendations/{id}", "GET /api/v1/exchange-recommendations/{id}/export",
                "POST /api/v1/exchange-recommendations/{id}/submit",
                "POST /api/v1/exchange-recommendations/{id}/registration",
                "POST /api/v1/exchange-recommendations/{id}/rejection",
                "POST /api/v1/exchange-recommendations/{id}/withdraw");
        safe("the audit log: actions and codes, never values (SentinelChannelsTest)", "GET /api/v1/audit",
                "GET /api/v1/audit/verify");
    }

    /** The codes a refusal for lack of a grant may carry: about access, never about the request's form. */
    static final Set<String> ACCESS_CODES = Set.of("NOT_A_MEMBER", "NOT_FOUND", "FORBIDDEN_ROLE", "GRANT_NOT_ACTIVE",
            "WORKSPACE_ACCESS_CLOSED", "WORKSPACE_NOT_ACTIVE", "UNAUTHENTICATED", "PRODUCT_NOT_LISTED",
            "RUNTIME_CREDENTIAL_SCOPE", "RUNTIME_CREDENTIAL_INVALID", "SESSION_ENGINE_CREDENTIAL", "NOT_VETTED");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    JobStore jobs;
    @Autowired
    WorkspaceReconciler reconciler;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    Api api;
    SingleChannelFixture.Made active;
    SingleChannelFixture.Made suspended;
    SingleChannelFixture.Made ended;

    /** Who tries, on which grant's things. */
    record Attempt(String label, String user, SingleChannelFixture.Made on) {}

    List<Attempt> attempts;

    @BeforeAll
    void grantsToGetAround() {
        api = new Api(port);
        LifecycleFixture fx = new LifecycleFixture(api, jdbc, clock);
        active = SingleChannelFixture.grant(fx, jdbc, jobs, reconciler, "r08 active");
        suspended = SingleChannelFixture.grant(fx, jdbc, jobs, reconciler, "r08 suspended");
        fx.suspend(suspended.grant());
        ended = SingleChannelFixture.grant(fx, jdbc, jobs, reconciler, "r08 ended");
        fx.end(ended.grant(), "TERMINATE");
        attempts = List.of(
                new Attempt("an engineer of another organization, no member of the active grant", "engineer2", active),
                new Attempt("another organization's accountable person", "applicant2", active),
                new Attempt("a member of a suspended grant", "engineer", suspended),
                new Attempt("the accountable person of a suspended grant", "applicant", suspended),
                new Attempt("a member of a terminated grant", "engineer", ended));
    }

    private Set<String> mappedRoutes() {
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo info : handlerMapping.getHandlerMethods().keySet()) {
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.addAll(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"));
            }
            for (String pattern : info.getPatternValues()) {
                methods.forEach(m -> mapped.add(m + " " + pattern));
            }
        }
        return mapped;
    }

    @Test
    void everyRouteOfTheControllerIsClassified() {
        Set<String> mapped = mappedRoutes();
        assertThat(mapped).hasSizeGreaterThan(100);
        Set<String> unclassified = new TreeSet<>(mapped);
        unclassified.removeAll(CENSUS.keySet());
        assertThat(unclassified).as("routes nobody has classified for R-08: add each to CENSUS (DATA, SERVICE or SAFE"
                + " with the reason) and to docs/single-channel.md").isEmpty();
        Set<String> stale = new TreeSet<>(CENSUS.keySet());
        stale.removeAll(mapped);
        assertThat(stale).as("classified routes the controller no longer maps").isEmpty();
        CENSUS.forEach((route, r) -> assertThat(r.why()).as(route).isNotBlank());
    }

    private String path(String template, SingleChannelFixture.Made on) {
        return template.replace("{id}", template.startsWith("/api/v1/jobs/") ? on.job()
                        : template.startsWith("/api/v1/products/") ? on.product()
                        : template.startsWith("/api/v1/datasets/") ? "registry.enterprises" : on.grant())
                .replace("{table}", "by_industry").replace("{sid}", "sess-r08").replace("{statementId}", "stmt-r08")
                .replace("{serviceName}", PolicyCompiler.serviceName(on.grant())).replace("{jobId}", on.job())
                .replace("{engineId}", "eng-" + on.grant());
    }

    @Test
    void everyDataRouteRefusesWhoeverHasNoActiveGrantWithAnAccessCodeAndNoValues() {
        List<String> wrong = new ArrayList<>();
        Map<String, Set<String>> codes = new TreeMap<>();
        int calls = 0;
        for (Map.Entry<String, Route> entry : CENSUS.entrySet()) {
            Kind kind = entry.getValue().kind();
            if (kind != Kind.DATA && kind != Kind.RECORD) {
                continue;
            }
            String method = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            String template = entry.getKey().substring(method.length() + 1);
            for (Attempt attempt : attempts) {
                String path = path(template, attempt.on()) + entry.getValue().query();
                Api.Response r = api.withToken(method, path, entry.getValue().body(), api.token(attempt.user()));
                calls++;
                codes.computeIfAbsent(entry.getKey(), k -> new TreeSet<>()).add(r.status() + " " + r.code());
                String where = attempt.label() + ": " + method + " " + path + " -> " + r;
                if (r.status() >= 500) {
                    wrong.add("failed: " + where);
                } else if (kind == Kind.RECORD) {
                    // may answer: checked for values below
                } else if (r.status() < 400) {
                    wrong.add("not refused: " + where);
                } else if (!ACCESS_CODES.contains(r.code())) {
                    wrong.add("refused without an access code: " + where);
                }
                SingleChannelFixture.leaks(r.text()).ifPresent(v -> wrong.add("a source value in the answer: " + where));
            }
        }
        assertThat(wrong).as("refusals by route: " + codes).isEmpty();
        assertThat(calls).isGreaterThanOrEqualTo(14 * attempts.size());
    }

    @Test
    void theRuntimesChannelTakesOnlyARunningJobsCredential() {
        List<String> bearers = new ArrayList<>();
        bearers.add(null);
        bearers.add(api.token("engineer"));
        bearers.add(api.token("admin"));
        bearers.add("runtime-made-up-" + System.nanoTime());
        bearers.add(suspended.runtimeCredential());
        bearers.add(ended.runtimeCredential());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Route> entry : CENSUS.entrySet()) {
            if (entry.getValue().kind() != Kind.SERVICE) {
                continue;
            }
            String method = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            String template = entry.getKey().substring(method.length() + 1);
            for (SingleChannelFixture.Made on : List.of(active, suspended, ended)) {
                for (String bearer : bearers) {
                    Api.Response r = api.withToken(method, path(template, on), entry.getValue().body(), bearer);
                    String where = method + " " + path(template, on) + " with " + (bearer == null ? "no token"
                            : bearer.startsWith("runtime-") ? "a runtime credential" : "a user's token") + " -> " + r;
                    if (r.status() != 401 && r.status() != 403) {
                        wrong.add(where);
                    }
                    if (!ACCESS_CODES.contains(r.code())) {
                        wrong.add("no access code: " + where);
                    }
                    SingleChannelFixture.leaks(r.text()).ifPresent(v -> wrong.add("a source value: " + where));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** Names of answer fields that would hand over a secret; the development issuer's token is its whole purpose. */
    private static final Pattern SECRET = Pattern.compile("(?i).*(token|credential|secret|password|privatekey).*");
    private static final Set<String> SECRET_FIELDS_ALLOWED = Set.of(
            // how to log in: the OIDC endpoints' URLs (token endpoint), not a token
            "tokenEndpoint", "tokenUrl");

    @Test
    void noAnswerOfTheApiCarriesACredentialField() {
        List<String> found = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : handlerMapping.getHandlerMethods().entrySet()) {
            boolean api = e.getKey().getPatternValues().stream().anyMatch(p -> p.startsWith("/api/"));
            if (!api) {
                continue;
            }
            Method m = e.getValue().getMethod();
            secretFields(m.getGenericReturnType(), m.getDeclaringClass().getSimpleName() + "." + m.getName(), found,
                    new HashSet<>());
        }
        assertThat(found).as("a field of an API answer named like a credential: no route hands out what jobs and"
                + " engines authenticate with").isEmpty();
    }

    private static void secretFields(Type type, String where, List<String> found, Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                secretFields(arg, where, found, seen);
            }
            secretFields(p.getRawType(), where, found, seen);
            return;
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                if (SECRET.matcher(rc.getName()).matches() && !SECRET_FIELDS_ALLOWED.contains(rc.getName())) {
                    found.add(where + " -> " + c.getSimpleName() + "." + rc.getName());
                }
                secretFields(rc.getGenericType(), where, found, seen);
            }
        }
    }

    /** For docs/single-channel.md: the census by class, as the test holds it. */
    static Map<Kind, List<String>> byKind() {
        Map<Kind, List<String>> out = new LinkedHashMap<>();
        CENSUS.forEach((route, r) -> out.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(route));
        return out;
    }
}
