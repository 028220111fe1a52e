package org.shuyu.controller.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Drives the life cycle through the real HTTP API, step by step, so tests can start from any point:
 * an organization, a completed lab, a submitted or approved application, an agreed or active grant.
 */
public final class LifecycleFixture {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private final Api api;
    private final JdbcClient jdbc;
    private final MutableClock clock;
    private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    public LifecycleFixture(Api api, JdbcClient jdbc, MutableClock clock) {
        this.api = api;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZONE);
    }

    public String unique(String prefix) {
        return prefix + "_" + run + "_" + COUNTER.incrementAndGet();
    }

    /** A dataset of the given openness, registered through the catalog API by the authority. */
    public String dataset(String openness) {
        String id = unique("ds").toLowerCase() + ".records";
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("providerId", "market-regulation");
        body.put("title", "Test dataset " + id);
        body.put("description", "synthetic dataset registered by a life-cycle test");
        body.put("openness", openness);
        body.put("category", "test");
        body.put("personLevel", false);
        body.put("rowCount", 10);
        body.put("columns", List.of(Map.of("name", "uscc", "type", "string", "description", "enterprise code",
                "classification", "PUBLIC", "grade", 1)));
        Api.Response response = api.post("admin", "/api/v1/datasets", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return id;
    }

    /** An organization whose accountable person is {@code accountable}, established long ago unless said otherwise. */
    public String organization(String accountable, String jurisdiction, LocalDate establishedOn) {
        String id = unique("org");
        String first17 = "91" + jurisdiction + String.format("%09d", Math.floorMod(System.nanoTime(), 1_000_000_000L));
        String uscc = first17 + org.shuyu.controller.organization.Uscc.checkCharacter(first17);
        jdbc.sql("INSERT INTO organizations (id, name, uscc, jurisdiction, established_on, accountable_user_id, accountable_name, "
                        + "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'test')")
                .params(id, "Org " + id, uscc, jurisdiction, establishedOn, accountable, "Accountable " + accountable,
                        Timestamp.from(Instant.now()))
                .update();
        return id;
    }

    public String organization(String accountable, String jurisdiction) {
        return organization(accountable, jurisdiction, LocalDate.of(2015, 3, 1));
    }

    public Api.Response requestLab(String applicant, String organizationId, List<String> datasets, int months) {
        return api.post(applicant, "/api/v1/labs", Map.of("organizationId", organizationId, "datasetIds", datasets,
                "developmentApproach", "feature engineering on enterprise registry and tax data",
                "marketPlan", "credit risk scores for local banks", "months", months));
    }

    public String completedLab(String applicant, String authority, String organizationId, List<String> datasets) {
        Api.Response lab = requestLab(applicant, organizationId, datasets, 3);
        assertThat(lab.status()).as(lab.toString()).isEqualTo(201);
        String id = lab.json().path("id").asString();
        ok(api.post(authority, "/api/v1/labs/" + id + "/approve", Map.of("note", "approved for test-verification")));
        ok(api.post(authority, "/api/v1/labs/" + id + "/complete", Map.of("conclusion", "PASSED",
                "summary", "models validated on masked samples", "findings", "no raw identifiers needed")));
        return id;
    }

    public Api.Response createApplication(String applicant, String labId, String level, String scenario) {
        return api.post(applicant, "/api/v1/applications", Map.of("labId", labId, "scenario", scenario,
                "priorityDomain", "INDUSTRY_VALUE", "level", level));
    }

    public static final String SHA = "a".repeat(64);

    public void provideMaterials(String applicant, String applicationId) {
        ok(api.put(applicant, "/api/v1/applications/" + applicationId + "/materials/application-form",
                Map.of("documentName", "form.pdf", "sha256", SHA)));
        ok(api.put(applicant, "/api/v1/applications/" + applicationId + "/materials/audit-and-financial-reports",
                Map.of("documentName", "audit-" + (today().getYear() - 1) + ".pdf", "sha256", SHA,
                        "periodEnd", LocalDate.of(today().getYear() - 1, 12, 31).toString())));
        ok(api.put(applicant, "/api/v1/applications/" + applicationId + "/materials/data-security-commitment",
                Map.of("documentName", "commitment.pdf", "sha256", SHA)));
        ok(api.put(applicant, "/api/v1/applications/" + applicationId + "/materials/security-risk-self-assessment",
                Map.of("documentName", "risk.pdf", "sha256", SHA)));
    }

    public static Map<String, Object> review(String verdict) {
        return Map.of("opinions", List.of(
                Map.of("point", "APPLICANT", "verdict", verdict, "comment", "qualified operator"),
                Map.of("point", "PRODUCT_FEASIBILITY_AND_COMPLIANCE", "verdict", verdict, "comment", "feasible"),
                Map.of("point", "DATA_SECURITY_AND_PERSONAL_INFORMATION", "verdict", verdict, "comment", "masking adequate"),
                Map.of("point", "EMERGENCY_PLAN", "verdict", verdict, "comment", "plan adequate")));
    }

    public Map<String, Object> deliberation(String outcome) {
        return Map.of("meetingDate", today().toString(), "attendees", "members of the coordination body",
                "minutes", "deliberated the application", "outcome", outcome);
    }

    /** A submitted municipal application of a new organization with an expert and a sector review. */
    public String approvedApplicationUpToReviews() {
        return reviewedApplication("scenario " + unique("s"));
    }

    private String reviewedApplication(String scenario) {
        return reviewedApplication(scenario, List.of(dataset("CONDITIONAL")));
    }

    private String reviewedApplication(String scenario, List<String> datasets) {
        String org = organization("applicant", "330200");
        String lab = completedLab("applicant", "admin", org, datasets);
        Api.Response app = createApplication("applicant", lab, "MUNICIPAL", scenario);
        assertThat(app.status()).as(app.toString()).isEqualTo(201);
        String id = app.json().path("id").asString();
        provideMaterials("applicant", id);
        ok(api.post("applicant", "/api/v1/applications/" + id + "/submit", null));
        ok(api.post("expert", "/api/v1/applications/" + id + "/reviews", review("FAVOURABLE")));
        ok(api.post("provider", "/api/v1/applications/" + id + "/reviews", review("FAVOURABLE")));
        return id;
    }

    /** A municipal application of a new organization, approved by the leading group. */
    public String approvedApplication(String scenario) {
        String id = reviewedApplication(scenario);
        ok(api.post("coordination", "/api/v1/applications/" + id + "/deliberation", deliberation("APPROVE")));
        ok(api.post("leading-group", "/api/v1/applications/" + id + "/approval",
                Map.of("decisionNumber", "NB-LG-" + unique("d"), "approvedOn", today().toString(), "note", "approved")));
        return id;
    }

    public Map<String, Object> grantBody(String applicationId, LocalDate start, LocalDate end, boolean withPlan) {
        Map<String, Object> body = new HashMap<>();
        body.put("applicationId", applicationId);
        body.put("termStart", start.toString());
        body.put("termEnd", end.toString());
        body.put("agreement", Map.of("documentName", "agreement.pdf", "sha256", SHA, "signedOn", today().toString()));
        if (withPlan) {
            body.put("emergencyPlan", plan());
        }
        return body;
    }

    public static Map<String, Object> plan() {
        return Map.of("documentName", "emergency-plan.pdf", "sha256", SHA, "summary", "isolate workspace, notify authority within 1 h",
                "contacts", "duty officer +86 574 0000 0000");
    }

    /** An active municipal grant with one engineer member; returns its id. */
    public String activeGrant(String scenario) {
        return activeGrant(scenario, List.of(dataset("CONDITIONAL")));
    }

    /** An active municipal grant of the given datasets with the engineer as member; returns its id. */
    public String activeGrant(String scenario, List<String> datasets) {
        String id = reviewedApplication(scenario, datasets);
        ok(api.post("coordination", "/api/v1/applications/" + id + "/deliberation", deliberation("APPROVE")));
        ok(api.post("leading-group", "/api/v1/applications/" + id + "/approval",
                Map.of("decisionNumber", "NB-LG-" + unique("d"), "approvedOn", today().toString(), "note", "approved")));
        return activate(id);
    }

    private String activate(String application) {
        Api.Response grant = api.post("admin", "/api/v1/grants", grantBody(application, today(), today().plusYears(1), true));
        assertThat(grant.status()).as(grant.toString()).isEqualTo(201);
        String id = grant.json().path("id").asString();
        ok(api.post("admin", "/api/v1/grants/" + id + "/activate", null));
        ok(api.post("applicant", "/api/v1/grants/" + id + "/members", Map.of("userId", "engineer", "name", "Zhang Wei")));
        vet(grant.json().path("organizationId").asString(), "applicant", "engineer", "Zhang Wei");
        return id;
    }

    /** Suspends the grant for a violation, with a deadline ten days ahead. */
    public void suspend(String grantId) {
        ok(api.post("admin", "/api/v1/grants/" + grantId + "/suspend", Map.of("violation", "raw export attempt",
                "rectificationDeadline", java.time.Instant.now().plus(java.time.Duration.ofDays(10)).toString())));
    }

    /** Ends the grant by an approved coordination-body decision: kind TERMINATE or REVOKE. */
    public void end(String grantId, String kind) {
        String decisionId = ok(api.post("coordination", "/api/v1/grants/" + grantId + "/decisions",
                Map.of("kind", kind, "meetingDate", today().toString(), "minutes", "deliberated", "reason", "violation confirmed")))
                .json().path("id").asString();
        ok(api.post("leading-group", "/api/v1/grants/" + grantId + "/decisions/" + decisionId + "/approval", null));
        ok(api.post("admin", "/api/v1/grants/" + grantId + "/" + kind.toLowerCase(java.util.Locale.ROOT),
                Map.of("decisionId", decisionId)));
    }

    /** The four vetting items of R-18, each completed on {@code completedOn} with a made-up evidence reference. */
    public static Map<String, Object> vettingItems(LocalDate completedOn, String... items) {
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        for (String item : items.length == 0
                ? new String[] {"PRE_JOB_TRAINING", "REAL_NAME_AUTHENTICATION", "FILING_AND_VETTING", "CONFIDENTIALITY_AGREEMENT"}
                : items) {
            all.put(item, Map.of("completedOn", completedOn.toString(), "evidence", item.toLowerCase() + " evidence NB-" + COUNTER.incrementAndGet()));
        }
        return all;
    }

    /**
     * Records all four vetting items of {@code userId} as a person of the organization, by its accountable
     * person, so that the workspace gate lets a member through.
     */
    public void vet(String organizationId, String accountable, String userId, String name) {
        ok(api.put(accountable, "/api/v1/organizations/" + organizationId + "/personnel/" + userId,
                Map.of("name", name, "items", vettingItems(today().minusDays(30)))));
    }

    public static Api.Response ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        return response;
    }
}
