package org.shuyu.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.shuyu.controller.organization.Uscc;
import tools.jackson.databind.JsonNode;

/**
 * The platform setup of {@code InteractiveBenchmark} through the controller's public REST API only, as the demo script
 * walks it: an organization, a lab over {@code registry.enterprises} and {@code tax.payments}, its application through
 * reviews, deliberation and approval, an ACTIVE grant with agreement and emergency plan, vetted members; the
 * supervision calls (suspend, rectification, reinstate) of the revocation trials; batch jobs and their wall time.
 */
final class InteractivePlatform {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String SHA = "d".repeat(64);

    /** An ACTIVE grant and its workspace: the id used in REST paths, and the workspace id a Connect client names. */
    record Grant(String organizationId, String grantId, String workspaceId, List<String> members) {}

    /** A finished batch job: final state, the controller's submitted-to-finished time and the client's wall time. */
    record JobRun(String id, String state, double serverSeconds, double clientSeconds, String code) {}

    private final BenchApi api;
    private final String run;
    private final LocalDate today = LocalDate.now(ZONE);

    InteractivePlatform(BenchApi api, String run) {
        this.api = requireNonNull(api, "api is null");
        this.run = requireNonNull(run, "run is null");
    }

    /** An organization and an ACTIVE grant of it whose members (demo engineers) are all vetted; waits for its workspace. */
    Grant activeGrant(int g, List<String> members) throws IOException, InterruptedException {
        String n = run + "-" + g;
        String first17 = String.format(Locale.ROOT, "91330200%09d", (System.currentTimeMillis() / 1000 % 100_000) * 10_000 + 8_000 + g);
        String org = ok(api.call("applicant", "POST", "/api/v1/organizations", Map.of("name", "Interactive bench operator " + n,
                "uscc", first17 + Uscc.checkCharacter(first17), "jurisdiction", "330200", "establishedOn", "2016-05-01",
                "accountablePerson", Map.of("userId", "applicant", "name", "Li Qiang")))).json().path("id").asString();
        String lab = ok(api.call("applicant", "POST", "/api/v1/labs", Map.of("organizationId", org,
                "datasetIds", List.of("registry.enterprises", "tax.payments"), "developmentApproach", "credit features",
                "marketPlan", "scores for local banks", "months", 3))).json().path("id").asString();
        ok(api.call("admin", "POST", "/api/v1/labs/" + lab + "/approve", Map.of("note", "approved")));
        ok(api.call("admin", "POST", "/api/v1/labs/" + lab + "/complete", Map.of("conclusion", "PASSED", "summary", "ok",
                "findings", "none")));
        String app = ok(api.call("applicant", "POST", "/api/v1/applications", Map.of("labId", lab, "scenario",
                "interactive scenario " + n, "priorityDomain", "INDUSTRY_VALUE", "level", "MUNICIPAL"))).json().path("id").asString();
        for (String kind : List.of("application-form", "data-security-commitment", "security-risk-self-assessment")) {
            ok(api.call("applicant", "PUT", "/api/v1/applications/" + app + "/materials/" + kind,
                    Map.of("documentName", kind + ".pdf", "sha256", SHA)));
        }
        ok(api.call("applicant", "PUT", "/api/v1/applications/" + app + "/materials/audit-and-financial-reports",
                Map.of("documentName", "audit.pdf", "sha256", SHA, "periodEnd", (today.getYear() - 1) + "-12-31")));
        ok(api.call("applicant", "POST", "/api/v1/applications/" + app + "/submit", null));
        Map<String, Object> review = Map.of("opinions", List.of(
                Map.of("point", "APPLICANT", "verdict", "FAVOURABLE", "comment", "qualified"),
                Map.of("point", "PRODUCT_FEASIBILITY_AND_COMPLIANCE", "verdict", "FAVOURABLE", "comment", "feasible"),
                Map.of("point", "DATA_SECURITY_AND_PERSONAL_INFORMATION", "verdict", "FAVOURABLE", "comment", "adequate"),
                Map.of("point", "EMERGENCY_PLAN", "verdict", "FAVOURABLE", "comment", "adequate")));
        ok(api.call("expert", "POST", "/api/v1/applications/" + app + "/reviews", review));
        ok(api.call("provider", "POST", "/api/v1/applications/" + app + "/reviews", review));
        ok(api.call("coordination", "POST", "/api/v1/applications/" + app + "/deliberation", Map.of("meetingDate", today.toString(),
                "attendees", "coordination body", "minutes", "deliberated", "outcome", "APPROVE")));
        ok(api.call("leading-group", "POST", "/api/v1/applications/" + app + "/approval", Map.of("decisionNumber", "NB-IB-" + n,
                "approvedOn", today.toString(), "note", "approved")));
        String grant = ok(api.call("admin", "POST", "/api/v1/grants", Map.of("applicationId", app, "termStart", today.toString(),
                "termEnd", today.plusYears(2).toString(),
                "agreement", Map.of("documentName", "agreement.pdf", "sha256", SHA, "signedOn", today.toString()),
                "emergencyPlan", Map.of("documentName", "plan.pdf", "sha256", SHA, "summary", "isolate and notify",
                        "contacts", "duty officer")))).json().path("id").asString();
        ok(api.call("admin", "POST", "/api/v1/grants/" + grant + "/activate", null));
        Map<String, Object> vetted = Map.of("completedOn", today.toString(), "evidence", "interactive bench record");
        for (String member : members) {
            ok(api.call("applicant", "POST", "/api/v1/grants/" + grant + "/members", Map.of("userId", member, "name", member)));
            ok(api.call("applicant", "PUT", "/api/v1/organizations/" + org + "/personnel/" + member, Map.of("name", member,
                    "items", Map.of("PRE_JOB_TRAINING", vetted, "REAL_NAME_AUTHENTICATION", vetted, "FILING_AND_VETTING", vetted,
                            "CONFIDENTIALITY_AGREEMENT", vetted))));
        }
        // The workspace is provisioned by a reconciler after activation: wait for it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        BenchApi.Response workspace;
        while (!(workspace = api.get(members.get(0), "/api/v1/workspaces/" + grant)).ok()
                || workspace.json().path("provisionedAt").isNull() || workspace.json().path("provisionedAt").isMissingNode()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the workspace of " + grant + " was not provisioned within 120 s: " + workspace);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        String workspaceId = workspace.json().path("id").asString();
        return new Grant(org, grant, workspaceId, List.copyOf(members));
    }

    /** Suspends the grant (the authority's decision); returns the epoch microseconds when the answer arrived. */
    long suspend(Grant grant) throws IOException, InterruptedException {
        ok(api.call("admin", "POST", "/api/v1/grants/" + grant.grantId() + "/suspend", Map.of("violation", "interactive bench trial",
                "rectificationDeadline", Instant.now().plus(Duration.ofDays(10)).toString())));
        return epochMicros();
    }

    /** Rectification by the operator and reinstatement by the authority: the grant is ACTIVE again. */
    void reinstate(Grant grant) throws IOException, InterruptedException {
        ok(api.call("applicant", "POST", "/api/v1/grants/" + grant.grantId() + "/rectification", Map.of("report", "trial over")));
        ok(api.call("admin", "POST", "/api/v1/grants/" + grant.grantId() + "/reinstate", Map.of("note", "trial over")));
    }

    /** Submits a one-step batch job as the member and polls it (every 50 ms) until it is final. */
    JobRun batchJob(Grant grant, String name, String sql, Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        JsonNode job = ok(api.call(grant.members().get(0), "POST", "/api/v1/workspaces/" + grant.grantId() + "/jobs",
                Map.of("name", name, "steps", List.of(Map.of("sql", sql))))).json();
        String id = job.path("id").asString();
        long deadline = start + timeout.toNanos();
        while (List.of("QUEUED", "RUNNING").contains(job.path("state").asString())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("batch job " + id + " not final within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(50);
            job = ok(api.get(grant.members().get(0), "/api/v1/jobs/" + id)).json();
        }
        double client = (System.nanoTime() - start) / 1e9;
        double server = Duration.between(Instant.parse(job.path("submittedAt").asString()),
                Instant.parse(job.path("finishedAt").asString())).toNanos() / 1e9;
        return new JobRun(id, job.path("state").asString(), server, client, job.path("code").isString() ? job.path("code").asString() : "");
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    static BenchApi.Response ok(BenchApi.Response response) {
        if (!response.ok()) {
            throw new IllegalStateException("platform setup failed: " + response);
        }
        return response;
    }
}
