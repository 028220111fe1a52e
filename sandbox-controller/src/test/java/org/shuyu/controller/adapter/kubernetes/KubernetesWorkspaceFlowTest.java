package org.shuyu.controller.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.grant.LifecycleScheduler;
import org.shuyu.controller.grant.RetainedData;
import org.shuyu.controller.engine.EngineLauncher;
import org.shuyu.controller.engine.WarmEngineJobLauncher;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.WorkspaceReconciler;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole controller in Kubernetes mode (its client pointed at fabric8's mock API server): an active grant's
 * workspace becomes a namespace; terminating the grant deletes the namespace through the grant's deletion record
 * (R-17a), and the workspace is torn down while the audit log stays.
 */
@PlatformTest
@TestPropertySource(properties = {"sandbox.workspaces.provisioner=kubernetes", "sandbox.jobs.launcher=kubernetes",
        "sandbox.jobs.policy-url=http://shuyu.shuyu.svc:8080"})
class KubernetesWorkspaceFlowTest {
    private static final ApiServer API = new ApiServer();

    static {
        // fabric8's client configures itself from these (as it would from the pod's service account in a cluster).
        System.setProperty("kubernetes.master", API.client().getConfiguration().getMasterUrl());
        System.setProperty("kubernetes.trust.certificates", "true");
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    LifecycleScheduler scheduler;
    @Autowired
    WorkspaceReconciler reconciler;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceProvisioner provisioner;
    @Autowired
    RetainedData retainedData;
    @Autowired
    JobLauncher launcher;
    @Autowired
    EngineLauncher engineLauncher;

    LifecycleFixture fx;
    KubernetesClient client = API.testClient();

    @BeforeEach
    void setUp() {
        fx = new LifecycleFixture(new Api(port), jdbc, clock);
    }

    @AfterAll
    static void stop() {
        for (String key : new String[] {"kubernetes.master", "kubernetes.trust.certificates", "kubernetes.auth.tryKubeConfig",
                "kubernetes.auth.tryServiceAccount"}) {
            System.clearProperty(key);
        }
        API.close();
    }

    @Test
    void kubernetesModeWiresTheKubernetesAdapters() {
        assertThat(provisioner).isInstanceOf(KubernetesWorkspaceProvisioner.class);
        assertThat(retainedData).isInstanceOf(KubernetesRetainedData.class);
        // Batch jobs on a warm engine wrap the cold launcher (issue 16).
        assertThat(launcher).isInstanceOf(WarmEngineJobLauncher.class);
        assertThat(((WarmEngineJobLauncher) launcher).cold()).isInstanceOf(KubernetesJobLauncher.class);
        assertThat(engineLauncher).isInstanceOf(KubernetesEngineLauncher.class);
        assertThat(engineLauncher.available()).as("no runtime image configured").isFalse();
        assertThat(launcher.available()).as("no runtime image configured").isFalse();
    }

    @Test
    @Tag("R-17a")
    @Tag("R-19a")
    void anEndedGrantsNamespaceIsDeletedByItsDeletionRecordAndItsLogsStay() {
        String id = fx.activeGrant("k8s " + fx.unique("s"));
        reconciler.runOnce();
        String ns = "shuyu-ws-" + id;
        assertThat(workspaces.find(id)).map(Workspace::state).contains(Workspace.State.READY);
        assertThat(client.namespaces().withName(ns).get()).isNotNull();
        assertThat(client.network().v1().networkPolicies().inNamespace(ns).withName(WorkspaceObjects.NETWORK_POLICY).get()).isNotNull();
        assertThat(client.persistentVolumeClaims().inNamespace(ns).withName(WorkspaceObjects.DATA_CLAIM).get()).isNotNull();

        fx.end(id, "TERMINATE");
        JsonNode scheduled = deletionOf(id);
        assertThat(scheduled.path("state").asString()).isEqualTo("SCHEDULED");
        assertThat(scheduled.path("scope").asString()).contains(ns);
        scheduler.runOnce();
        reconciler.runOnce();

        JsonNode done = deletionOf(id);
        assertThat(done.path("state").asString()).isEqualTo("DONE");
        assertThat(done.path("deletedFiles").asLong()).isEqualTo(11);
        assertThat(done.path("deletedBytes").asLong()).isEqualTo(20L << 30);
        assertThat(client.namespaces().withName(ns).get()).isNull();
        assertThat(client.persistentVolumeClaims().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(workspaces.find(id)).map(Workspace::state).isEqualTo(Optional.of(Workspace.State.TORN_DOWN));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = ?").param(id).query(Long.class).single()).isGreaterThan(5);
    }

    private JsonNode deletionOf(String grantId) {
        for (JsonNode d : ok(new Api(port).get("security", "/api/v1/deletions")).json()) {
            if (d.path("grantId").asString().equals(grantId)) {
                return d;
            }
        }
        throw new AssertionError("no deletion record for " + grantId);
    }
}
