package org.shuyu.controller.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.demo.DemoData;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.JobStore;
import org.shuyu.controller.job.WorkspaceReconciler;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.policy.PolicyCompiler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy server (Ranger's plugin download API): versioned policies compiled from state, recomputed when
 * the state changes, served only to a running job's runtime credential and only for its own workspace.
 */
@PlatformTest
class PolicyDownloadTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    WorkspaceReconciler reconciler;
    @Autowired
    JobStore jobs;

    Api api;
    LifecycleFixture fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    private record Fetched(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Fetched download(String service, long lastKnown, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/service/plugins/policies/download/" + service + "?lastKnownVersion=" + lastKnown + "&pluginId=test")).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Fetched(response.statusCode(), response.body());
    }

    /** A running job of the engineer in the workspace, holding a runtime credential. */
    private String runningJob(String workspaceId) {
        String token = "runtime-" + fx.unique("t") + "-" + System.nanoTime();
        Job job = new Job(fx.unique("job"), workspaceId, Job.Kind.JOB, "test", List.of("SELECT 1"), "engineer", Instant.now(),
                JobState.RUNNING, Optional.of(Instant.now()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        jobs.insert(job, Sha256.hex(token));
        return token;
    }

    private static List<JsonNode> policies(JsonNode servicePolicies) {
        List<JsonNode> list = new ArrayList<>();
        servicePolicies.path("policies").forEach(list::add);
        return list;
    }

    @Test
    @Tag("R-19a")
    void onlyARunningJobsCredentialMayDownloadAndOnlyItsOwnWorkspace() throws Exception {
        String grant = fx.activeGrant("policy auth " + fx.unique("s"), List.of("registry.enterprises"));
        String other = fx.activeGrant("policy other " + fx.unique("s"), List.of("tax.payments"));
        reconciler.runOnce();
        String token = runningJob(grant);
        String service = PolicyCompiler.serviceName(grant);

        assertThat(download(service, -1, null).status()).isEqualTo(401);
        assertThat(download(service, -1, "not-a-credential").status()).isEqualTo(401);
        assertThat(download(service, -1, api.token("engineer")).status()).as("a user's token is no runtime credential").isEqualTo(401);
        Fetched foreign = download(PolicyCompiler.serviceName(other), -1, token);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).contains("RUNTIME_CREDENTIAL_SCOPE");
        assertThat(download(service, -1, token).status()).isEqualTo(200);

        // The credential dies with the job.
        jdbc.sql("UPDATE jobs SET state = 'SUCCEEDED', runtime_token_hash = NULL WHERE runtime_token_hash = ?")
                .param(Sha256.hex(token)).update();
        assertThat(download(service, -1, token).status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE outcome = 'REFUSED' AND action LIKE ? AND subject_id LIKE ?")
                .params("GET /service/plugins/policies/download/%", "%" + service + "%").query(Long.class).single()).isPositive();
    }

    @Test
    @Tag("R-24b")
    @Tag("R-21b")
    void policiesAreVersionedAndFollowSuspensionConsentAndMembers() throws Exception {
        String grant = fx.activeGrant("policy versions " + fx.unique("s"), List.of("social.contributions", "registry.enterprises"));
        reconciler.runOnce();
        String token = runningJob(grant);
        String service = PolicyCompiler.serviceName(grant);

        Fetched first = download(service, -1, token);
        assertThat(first.status()).isEqualTo(200);
        JsonNode v1 = first.json();
        long version = v1.path("policyVersion").asLong();
        assertThat(v1.path("serviceName").asString()).isEqualTo(service);
        assertThat(v1.path("serviceDef").path("name").asString()).isEqualTo("shuyu-spark");
        String text = v1.toString();
        assertThat(text).contains("MASK_NULL").contains("MASK_HASH").contains("engineer");
        assertThat(text).contains(DemoData.idNumber(1)).doesNotContain(DemoData.idNumber(0)); // person 0 did not consent
        assertThat(text).doesNotContain("tax").doesNotContain("household_registry");

        assertThat(download(service, version, token).status()).as("unchanged: 304").isEqualTo(304);
        // Supervisors inspect the same document; members may not (consent filters name subjects).
        JsonNode inspected = ok(api.get("security", "/api/v1/workspaces/" + grant + "/policies")).json();
        assertThat(inspected.path("policyVersion").asLong()).isEqualTo(version);
        assertThat(inspected.path("policies")).isEqualTo(v1.path("policies"));
        assertThat(api.get("engineer", "/api/v1/workspaces/" + grant + "/policies").status()).isEqualTo(403);

        // A consent withdrawn: a new version whose row filter no longer names the subject.
        ok(api.put("provider", "/api/v1/datasets/social.contributions/consents/" + DemoData.idNumber(1),
                Map.of("granted", false, "evidence", "withdrawal letter")));
        Fetched afterWithdrawal = download(service, version, token);
        assertThat(afterWithdrawal.status()).isEqualTo(200);
        assertThat(afterWithdrawal.json().path("policyVersion").asLong()).isEqualTo(version + 1);
        assertThat(afterWithdrawal.body()).doesNotContain(DemoData.idNumber(1)).contains(DemoData.idNumber(2));
        ok(api.put("provider", "/api/v1/datasets/social.contributions/consents/" + DemoData.idNumber(1),
                Map.of("granted", true, "evidence", "renewed consent")));
        Fetched renewed = download(service, version + 1, token);
        assertThat(renewed.body()).contains(DemoData.idNumber(1));
        long current = renewed.json().path("policyVersion").asLong();
        assertThat(current).isEqualTo(version + 2);

        // A new member appears in the policies once vetted, not before.
        ok(api.post("applicant", "/api/v1/grants/" + grant + "/members", Map.of("userId", "engineer2", "name", "Sun Li")));
        assertThat(download(service, current, token).status()).as("an unvetted member changes nothing").isEqualTo(304);
        String organization = ok(api.get("admin", "/api/v1/grants/" + grant)).json().path("organizationId").asString();
        fx.vet(organization, "applicant", "engineer2", "Sun Li");
        Fetched vetted = download(service, current, token);
        assertThat(vetted.body()).contains("engineer2");
        current = vetted.json().path("policyVersion").asLong();
        // A withdrawn vetting item takes the member out of the policies again, so a running job of theirs stops.
        ok(api.put("applicant", "/api/v1/organizations/" + organization + "/personnel/engineer2", Map.of("name", "Sun Li",
                "items", LifecycleFixture.vettingItems(fx.today().minusDays(1), "PRE_JOB_TRAINING"))));
        Fetched withdrawn = download(service, current, token);
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(withdrawn.body()).doesNotContain("engineer2").contains("\"engineer\"");
        current = withdrawn.json().path("policyVersion").asLong();

        // Suspension: the runtime's credential is refused at once (its job is stopped too: JobAccessGuard), and the
        // workspace's policies are empty (everything denied).
        fx.suspend(grant);
        assertThat(download(service, current, token).status()).isEqualTo(401);
        JsonNode suspended = ok(api.get("security", "/api/v1/workspaces/" + grant + "/policies")).json();
        assertThat(policies(suspended)).isEmpty();
        assertThat(suspended.path("policyVersion").asLong()).isEqualTo(current + 1);
    }
}
