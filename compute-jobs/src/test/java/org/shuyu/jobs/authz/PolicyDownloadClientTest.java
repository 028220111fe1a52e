package org.shuyu.jobs.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shuyu.jobs.testing.Refusals.assertRefused;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.testing.TestWorkspace;
import org.shuyu.policy.AccessType;

/** The policy source against the test policy server: 200, 304, 401, 404 and the Ranger engine built from it. */
class PolicyDownloadClientTest {
    private TestWorkspace workspace;
    private PolicyFreshness freshness;

    @BeforeEach
    void start() throws Exception {
        workspace = new TestWorkspace();
        freshness = new PolicyFreshness(Clock.systemUTC(), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        workspace.close();
    }

    private PolicyDownloadClient client(String service, String token) {
        return new PolicyDownloadClient(workspace.server().url(), service, "job-1", token, freshness,
                Duration.ofSeconds(2));
    }

    @Test
    void downloadsNewPoliciesThenAnswersUnchanged() throws Exception {
        PolicyDownloadClient client = client(TestWorkspace.SERVICE, TestWorkspace.TOKEN);
        ServicePolicies policies = client.getServicePoliciesIfUpdated(-1, 0);
        assertThat(policies.getServiceName()).isEqualTo(TestWorkspace.SERVICE);
        assertThat(policies.getServiceDef().getName()).isEqualTo("shuyu-spark");
        assertThat(policies.getPolicies()).isNotEmpty();
        assertThat(client.getServicePoliciesIfUpdated(policies.getPolicyVersion(), 0)).isNull();
        assertThat(client.downloadUri(5, 7).toString()).isEqualTo(workspace.server().url()
                + "/service/plugins/policies/download/" + TestWorkspace.SERVICE
                + "?lastKnownVersion=5&lastActivationTime=7&pluginId=job-1");
    }

    @Test
    void wrongTokenOrUnknownServiceIsAFailure() {
        assertThatThrownBy(() -> client(TestWorkspace.SERVICE, "wrong").getServicePoliciesIfUpdated(-1, 0))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 401");
        assertRefused(freshness::requireFresh, JobsErrorCode.POLICY_UNAVAILABLE, "HTTP 401");
        assertThatThrownBy(() -> client("shuyu_unknown", TestWorkspace.TOKEN).getServicePoliciesIfUpdated(-1, 0))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 404");
    }

    @Test
    void theRangerEngineEnforcesTheDownloadedPolicies() {
        PolicyDownloadClient client = client(TestWorkspace.SERVICE, TestWorkspace.TOKEN);
        ShuyuRangerPlugin plugin = ShuyuRangerPlugin.start(TestWorkspace.SERVICE, 1000, client, freshness);
        try {
            RangerAuthorizer authorizer = new RangerAuthorizer(plugin, freshness, TestWorkspace.USER);
            authorizer.check(java.util.List.of(AccessRequest.column(AccessType.SELECT, "registry", "enterprises", "uscc"),
                    AccessRequest.table(AccessType.SELECT, "registry", "enterprises"),
                    AccessRequest.table(AccessType.CREATE, TestWorkspace.DATABASE, "t"),
                    AccessRequest.url(AccessType.WRITE, workspace.filesDir().resolve("x").toString())));
            assertRefused(() -> authorizer.check(java.util.List.of(
                    AccessRequest.url(AccessType.WRITE, workspace.root().resolve("elsewhere").toString()))),
                    JobsErrorCode.ACCESS_DENIED, "write path");
            assertRefused(() -> new RangerAuthorizer(plugin, freshness, "intruder").check(java.util.List.of(
                    AccessRequest.table(AccessType.SELECT, "registry", "enterprises"))), JobsErrorCode.ACCESS_DENIED,
                    "user 'intruder'");
            assertThat(authorizer.mask("registry", "enterprises", "legal_representative")).isPresent();
            assertThat(authorizer.mask("registry", "enterprises", "uscc")).isEmpty();
            assertThat(authorizer.rowFilter("social", "contributions")).contains("person_id IN ('P1','P3')");
        } finally {
            plugin.cleanup();
        }
    }
}
