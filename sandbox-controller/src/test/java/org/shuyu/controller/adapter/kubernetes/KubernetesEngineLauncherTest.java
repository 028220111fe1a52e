package org.shuyu.controller.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.config.KubernetesProperties.ApplyStrategy;
import org.shuyu.controller.engine.EngineLauncher;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.runtime.contract.EngineLaunch;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.RuntimeJson;

/**
 * The Kubernetes engine launcher against fabric8's mock API server (CRUD mode): the test plays the kubelet and marks
 * the engine pod ready. Pod, Service, ConfigMap and Secret are created in the workspace's namespace and deleted on stop,
 * and a restarted controller deletes the engines it does not know.
 */
class KubernetesEngineLauncherTest {
    private static final String WS = "grant-0b5c3a2e-1f0e-4d57-9a43-3d1c0f2b9e11";
    private static final String NS = "shuyu-ws-" + WS;
    private final ApiServer api = new ApiServer();
    private final KubernetesClient client = api.client();
    @TempDir
    Path dataDir;
    private WorkspaceProvisioner.Layout layout;
    private KubernetesEngineLauncher launcher;

    @BeforeEach
    void workspace() {
        layout = Fixtures.provisioner(api, ApplyStrategy.READ_COMPARE_WRITE, dataDir).ensure(Fixtures.workspace(WS));
        launcher = new KubernetesEngineLauncher(client, Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE),
                Fixtures.properties(dataDir, Duration.ofMinutes(5)));
    }

    @AfterEach
    void close() {
        api.close();
    }

    private EngineLauncher.Spec spec(String engineId) {
        return new EngineLauncher.Spec(engineId, WS, "shuyu_ws", "ws_grant", layout.root(), layout.warehouse(), layout.files(),
                layout.root().resolve("engines/" + engineId), List.of(), 2, 1024, 100, "engine-token-123", "engine-secret-456",
                "salt-789");
    }

    private void markReady(String name) {
        Pod pod = client.pods().inNamespace(NS).withName(name).get();
        pod.setStatus(new PodStatusBuilder().withPhase("Running")
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build()).build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private static String decoded(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void createsARestrictedPodAndServiceAndDeletesThemOnStop() throws Exception {
        EngineLauncher.Launched launched = launcher.start(spec("engine-k1"));
        String name = KubernetesEngineLauncher.name("engine-k1");
        assertThat(launched.location()).isEqualTo(NS + "/" + name);

        Pod pod = client.pods().inNamespace(NS).withName(name).get();
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getCommand()).contains("-Xmx1024m", EngineLaunch.MAIN_CLASS);
        assertThat(container.getResources().getLimits().get("cpu").toString()).isEqualTo("2");
        assertThat(container.getResources().getRequests()).isEqualTo(container.getResources().getLimits());
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getEnv().stream().map(env -> String.valueOf(env.getValue())).toList())
                .noneMatch(value -> value.contains("engine-secret-456") || value.contains("engine-token-123"));
        assertThat(container.getEnv().stream().filter(env -> env.getName().equals(EngineLaunch.ENGINE_SECRET_ENV))
                .map(env -> env.getValueFrom().getSecretKeyRef().getName()).toList()).containsExactly(name);
        assertThat(pod.getMetadata().getLabels()).containsEntry(KubernetesEngineLauncher.ENGINE_LABEL, "engine-k1");

        Secret secret = client.secrets().inNamespace(NS).withName(name).get();
        assertThat(decoded(secret, EngineLaunch.ENGINE_SECRET_ENV)).isEqualTo("engine-secret-456");
        assertThat(decoded(secret, EngineLaunch.ENGINE_TOKEN_ENV)).isEqualTo("engine-token-123");
        String json = client.configMaps().inNamespace(NS).withName(name).get().getData().get("engine.json");
        assertThat(json).doesNotContain("engine-secret-456").doesNotContain("engine-token-123");
        EngineRequest request = new RuntimeJson().read(json, EngineRequest.class);
        assertThat(request.controlPort()).isEqualTo(KubernetesEngineLauncher.CONTROL_PORT);
        assertThat(request.connectPort()).isEqualTo(KubernetesEngineLauncher.CONNECT_PORT);
        assertThat(request.controllerUrl()).isEqualTo("http://shuyu.shuyu.svc:8080");

        Service service = client.services().inNamespace(NS).withName(name).get();
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).containsEntry(KubernetesEngineLauncher.ENGINE_LABEL, "engine-k1");
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort())
                .containsExactlyInAnyOrder(KubernetesEngineLauncher.CONTROL_PORT, KubernetesEngineLauncher.CONNECT_PORT);

        CompletableFuture<EngineLauncher.Ready> ready = CompletableFuture.supplyAsync(
                () -> launcher.awaitReady(launched, Duration.ofSeconds(20)));
        Thread.sleep(200);
        assertThat(ready).isNotDone();
        markReady(name);
        EngineLauncher.Ready serving = ready.get(10, TimeUnit.SECONDS);
        assertThat(serving.connectHost()).isEqualTo(name + "." + NS + ".svc");
        assertThat(serving.connectPort()).isEqualTo(KubernetesEngineLauncher.CONNECT_PORT);
        assertThat(serving.controlUrl().toString()).isEqualTo("http://" + name + "." + NS + ".svc:15003");
        assertThat(launcher.alive(launched)).isTrue();

        launcher.stop(launched);
        assertThat(client.pods().inNamespace(NS).withName(name).get()).isNull();
        assertThat(client.services().inNamespace(NS).withName(name).get()).isNull();
        assertThat(client.secrets().inNamespace(NS).withName(name).get()).isNull();
        assertThat(client.configMaps().inNamespace(NS).withName(name).get()).isNull();
        assertThat(launcher.alive(launched)).isFalse();
    }

    @Test
    void aPodThatFailsOrNeverGetsReadyIsUnavailableAndDeleted() {
        EngineLauncher.Launched failing = launcher.start(spec("engine-k2"));
        String name = KubernetesEngineLauncher.name("engine-k2");
        Pod pod = client.pods().inNamespace(NS).withName(name).get();
        pod.setStatus(new PodStatusBuilder().withPhase("Failed").build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
        assertThatThrownBy(() -> launcher.awaitReady(failing, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        assertThat(client.pods().inNamespace(NS).withName(name).get()).isNull();

        EngineLauncher.Launched slow = launcher.start(spec("engine-k3"));
        assertThatThrownBy(() -> launcher.awaitReady(slow, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        assertThat(client.services().inNamespace(NS).withName(KubernetesEngineLauncher.name("engine-k3")).get()).isNull();
    }

    @Test
    void aRestartedControllerDeletesTheEnginesItDoesNotKnow() {
        EngineLauncher.Launched left = launcher.start(spec("engine-left"));
        launcher.start(spec("engine-kept"));
        KubernetesEngineLauncher restarted = new KubernetesEngineLauncher(client,
                Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE), Fixtures.properties(dataDir, Duration.ofMinutes(5)));

        assertThat(restarted.stopLeftover("engine-other", WS, left.location())).isFalse();
        assertThat(restarted.stopStrays(List.of("engine-kept"))).isZero();
        assertThat(client.pods().inNamespace(NS).withName(KubernetesEngineLauncher.name("engine-kept")).get()).isNotNull();
        assertThat(restarted.stopStrays(List.of())).isEqualTo(1);
        assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(client.services().inNamespace(NS).list().getItems()).isEmpty();
    }
}
