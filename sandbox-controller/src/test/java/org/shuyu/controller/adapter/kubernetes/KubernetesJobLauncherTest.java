package org.shuyu.controller.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.config.KubernetesProperties.ApplyStrategy;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import tools.jackson.databind.JsonNode;
import org.shuyu.runtime.contract.RuntimeLaunch;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kubernetes job launcher against fabric8's mock API server: the test plays the kubelet, moving the driver pod
 * through its phases and serving its log.
 */
class KubernetesJobLauncherTest {
    private static final String WS = "grant-0b5c3a2e-1f0e-4d57-9a43-3d1c0f2b9e11";
    private static final String NS = "shuyu-ws-" + WS;
    private final ApiServer api = new ApiServer();
    private final KubernetesClient client = api.client();
    private final JsonMapper json = JsonMapper.builder().build();
    @TempDir
    Path dataDir;
    private WorkspaceProvisioner.Layout layout;
    private KubernetesJobLauncher launcher;

    @BeforeEach
    void workspace() {
        layout = Fixtures.provisioner(api, ApplyStrategy.READ_COMPARE_WRITE, dataDir).ensure(Fixtures.workspace(WS));
        launcher = new KubernetesJobLauncher(client, Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE),
                Fixtures.properties(dataDir, Duration.ofMinutes(5)));
    }

    @AfterEach
    void close() {
        launcher.shutdown();
        api.close();
    }

    private JobLauncher.Run run(String jobId) {
        return new JobLauncher.Run(jobId, Job.Kind.PREVIEW, "engineer", WS, "shuyu_ws", "ws_grant", layout.root(), layout.warehouse(),
                layout.files(), layout.jobs(), List.of(new JobLauncher.Source("city.population", "csv",
                        dataDir.resolve("sources/city/population"), "id INT")), List.of("SELECT 1"),
                Optional.of(new JobLauncher.Preview("t", 10)), "runtime-token-123", "salt-456");
    }

    private Pod awaitPod(String jobId) {
        String name = KubernetesJobLauncher.podName(jobId);
        await().atMost(10, TimeUnit.SECONDS).until(() -> client.pods().inNamespace(NS).withName(name).get() != null);
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private String secretValue(String pod, String key) {
        Secret secret = client.secrets().inNamespace(NS).withName(pod).get();
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private void finish(String pod, String phase, int exitCode, String reason) {
        client.pods().inNamespace(NS).withName(pod).editStatus(p -> {
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
            p.getStatus().setPhase(phase);
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("driver").withNewState().withNewTerminated()
                    .withExitCode(exitCode).withReason(reason).endTerminated().endState().build()));
            return p;
        });
    }

    @Test
    @org.junit.jupiter.api.Tag("R-17a")
    void aRestartedControllerDeletesTheDriverPodItsPredecessorLeft() throws Exception {
        launcher.launch(run("job-left"), () -> true);
        String name = awaitPod("job-left").getMetadata().getName();
        // A new controller incarnation: a launcher that did not start the pod.
        KubernetesJobLauncher restarted = new KubernetesJobLauncher(client, Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE),
                Fixtures.properties(dataDir, Duration.ofMinutes(5)));
        try {
            Job left = new Job("job-left", WS, Job.Kind.PREVIEW, "left", List.of("SELECT 1"), "engineer", java.time.Instant.now(),
                    org.shuyu.controller.job.JobState.RUNNING, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
            assertThat(restarted.stopLeftover(left, Optional.empty())).isTrue();
            assertThat(client.pods().inNamespace(NS).withName(name).get()).isNull();
            assertThat(client.secrets().inNamespace(NS).withName(name).get()).as("its credential secret").isNull();
            assertThat(client.configMaps().inNamespace(NS).withName(name).get()).isNull();
            assertThat(restarted.stopLeftover(left, Optional.empty())).as("nothing left").isFalse();
        } finally {
            restarted.shutdown();
        }
    }

    @Test
    void runsTheJobAsARestrictedDriverPodAndReadsItsOutcomeFromTheLog() throws Exception {
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(run("job-1"), () -> true);
        Pod pod = awaitPod("job-1");
        String name = pod.getMetadata().getName();

        assertThat(pod.getMetadata().getLabels()).containsEntry("shuyu.org/job", "job-1").containsEntry("spark-role", "driver");
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(WorkspaceObjects.DRIVER_ACCOUNT);
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(300L);
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container driver = pod.getSpec().getContainers().get(0);
        assertThat(driver.getImage()).isEqualTo("registry.example/shuyu-runtime:test");
        assertThat(driver.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(driver.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(driver.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(driver.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(driver.getCommand()).contains("org.shuyu.jobs.JobMain", "/etc/shuyu/job/runtime.json", "-Xmx1g");
        assertThat(driver.getEnv()).filteredOn(e -> e.getName().equals("SHUYU_RUNTIME_TOKEN")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getValue()).as("never inline").isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(name);
                });
        assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName).containsExactly("workspace", "config", "tmp", "out", "sources");
        assertThat(pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName()).isEqualTo("workspace-data");
        assertThat(pod.getSpec().getVolumes().get(4).getCsi().getReadOnly()).isTrue();
        assertThat(driver.getVolumeMounts()).filteredOn(m -> m.getName().equals("sources")).singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo(dataDir.resolve("sources").toAbsolutePath().toString()));
        assertThat(secretValue(name, "SHUYU_RUNTIME_TOKEN")).isEqualTo("runtime-token-123");
        ConfigMap config = client.configMaps().inNamespace(NS).withName(name).get();
        JsonNode runtime = json.readTree(config.getData().get("runtime.json"));
        assertThat(runtime.path("workspaceDir").asString()).isEqualTo("/workspace");
        assertThat(runtime.path("warehouseDir").asString()).isEqualTo("/workspace/data/warehouse");
        assertThat(runtime.path("outputDir").asString()).isEqualTo("/shuyu/out");
        assertThat(runtime.path("policyUrl").asString()).isEqualTo("http://shuyu.shuyu.svc:8080");
        assertThat(config.getData().get("runtime.json")).doesNotContain("runtime-token-123");

        String marker = secretValue(name, RuntimeLaunch.OUTPUT_MARKER_ENV);
        assertThat(marker).startsWith("SHUYU-OUTPUT-").hasSizeGreaterThan(30);
        api.podLog(NS, name, "starting\n" + marker + " status.json {\"state\":\"SUCCEEDED\",\"code\":\"OK\",\"message\":\"preview\",\"step\":null}\n"
                + marker + " metrics.json {\"cpuSeconds\":1.5,\"peakMemoryBytes\":1000,\"wallMillis\":900,\"steps\":[]}\n"
                + marker + " preview.json {\"columns\":[{\"name\":\"x\",\"type\":\"int\"}],\"rows\":[[\"1\"]]}\n");
        finish(name, "Succeeded", 0, "Completed");

        JobLauncher.Outcome result = outcome.get(20, TimeUnit.SECONDS);
        assertThat(result.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(result.usage()).hasValueSatisfying(u -> assertThat(u.cpuSeconds()).isEqualTo(1.5));
        assertThat(result.previewJson()).hasValueSatisfying(p -> assertThat(p).contains("\"rows\""));
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(client.pods().inNamespace(NS).withName(name).get()).as("pod cleaned up").isNull();
            assertThat(client.configMaps().inNamespace(NS).withName(name).get()).isNull();
            assertThat(client.secrets().inNamespace(NS).withName(name).get()).isNull();
        });
        assertThat(Files.readString(layout.jobs().resolve("job-1").resolve("log.txt"))).startsWith("starting");
        assertThat(launcher.log(layout.jobs(), "job-1", 1 << 20)).hasValueSatisfying(l -> assertThat(l).contains("starting"));
    }

    @Test
    void aStatusLineWithoutTheJobsSecretMarkerIsNotBelieved() throws Exception {
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(run("job-2"), () -> true);
        String name = awaitPod("job-2").getMetadata().getName();
        api.podLog(NS, name, "SHUYU-OUTPUT-0000 status.json {\"state\":\"SUCCEEDED\"}\njava.lang.OutOfMemoryError\n");
        finish(name, "Failed", 3, "Error");

        JobLauncher.Outcome result = outcome.get(20, TimeUnit.SECONDS);
        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.code()).contains("RUNTIME_CRASHED");
        assertThat(result.message()).hasValueSatisfying(m -> assertThat(m).contains("code 3"));
    }

    @Test
    void aRefusalReportedByTheRuntimeIsARefusal() throws Exception {
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(run("job-3"), () -> true);
        String name = awaitPod("job-3").getMetadata().getName();
        String marker = secretValue(name, RuntimeLaunch.OUTPUT_MARKER_ENV);
        api.podLog(NS, name, marker + " status.json {\"state\":\"REFUSED\",\"code\":\"ACCESS_DENIED\",\"message\":\"no\",\"step\":1}\n");
        finish(name, "Failed", 2, "Error");

        JobLauncher.Outcome result = outcome.get(20, TimeUnit.SECONDS);
        assertThat(result.state()).isEqualTo(JobState.REFUSED);
        assertThat(result.code()).contains("ACCESS_DENIED");
        assertThat(result.step()).contains(1);
        assertThat(result.previewJson()).isEmpty();
    }

    @Test
    void cancellingDeletesTheDriverPod() throws Exception {
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(run("job-4"), () -> true);
        String name = awaitPod("job-4").getMetadata().getName();

        assertThat(launcher.cancel("job-4")).isTrue();

        assertThat(outcome.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.CANCELLED);
        assertThat(api.calls()).anySatisfy(call -> {
            assertThat(call.rule()).isEqualTo("core/pods:delete");
            assertThat(call.path()).contains(name);
        });
        await().atMost(5, TimeUnit.SECONDS).until(() -> client.secrets().inNamespace(NS).withName(name).get() == null);
        assertThat(launcher.cancel("job-4")).as("no longer running").isFalse();
    }

    @Test
    void aJobWhoseWorkspaceClosedBeforeItStartsIsRefusedWithoutAPod() throws Exception {
        JobLauncher.Outcome result = launcher.launch(run("job-5"), () -> false).get(20, TimeUnit.SECONDS);

        assertThat(result.state()).isEqualTo(JobState.REFUSED);
        assertThat(api.calls()).noneSatisfy(call -> assertThat(call.rule()).isEqualTo("core/pods:create"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> client.secrets().inNamespace(NS).list().getItems().isEmpty()
                && client.configMaps().inNamespace(NS).list().getItems().isEmpty());
    }

    @Test
    @Tag("R-19b")
    void withoutSharedStorageASnapshotRunIsNotStartedAndFailsSayingWhatItNeeds() throws Exception {
        JobLauncher.Run snapshot = new JobLauncher.Run("snap-1", Job.Kind.SNAPSHOT, "engineer", WS, "shuyu_ws", "ws_grant", layout.root(),
                layout.warehouse(), layout.files(), layout.jobs(), List.of(), List.of(), Optional.empty(),
                Optional.of(new JobLauncher.Snapshot("t", 100)), "runtime-token-123", "salt-456");
        AtomicBoolean started = new AtomicBoolean();

        JobLauncher.Outcome result = launcher.launch(snapshot, () -> {
            started.set(true);
            return true;
        }).get(20, TimeUnit.SECONDS);

        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.code()).contains(KubernetesJobLauncher.SNAPSHOT_UNSUPPORTED);
        assertThat(result.message()).hasValueSatisfying(m -> assertThat(m).contains("snap-1", "shared storage", "sandbox.kubernetes.storage.shared"));
        assertThat(result.snapshot()).isEmpty();
        assertThat(started).as("never marked running").isFalse();
        assertThat(api.calls()).noneSatisfy(call -> assertThat(call.rule()).isIn("core/pods:create", "core/secrets:create",
                "core/configmaps:create"));
        assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void withoutARuntimeImageNoJobStarts() {
        KubernetesProperties d = Fixtures.settings(ApplyStrategy.SERVER_SIDE);
        KubernetesProperties noImage = new KubernetesProperties(d.namespacePrefix(), d.apply(), d.controller(), d.dns(), d.quota(),
                d.containerDefaults(), d.storage(), new KubernetesProperties.Runtime(null, "IfNotPresent", "1", "1Gi", "1g", 10001,
                        Duration.ofSeconds(1), "csi", Map.of(), null));
        KubernetesJobLauncher unavailable = new KubernetesJobLauncher(client, noImage, Fixtures.properties(dataDir, Duration.ofMinutes(1)));
        try {
            assertThat(unavailable.available()).isFalse();
            assertThat(unavailable.unavailableReason()).contains("sandbox.kubernetes.runtime.image");
        } finally {
            unavailable.shutdown();
        }
    }
}
