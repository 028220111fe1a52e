package org.shuyu.controller.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.engine.EngineLauncher;
import org.shuyu.controller.grant.RetainedData;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.runtime.contract.RuntimeLaunch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's shared storage on Kubernetes (docs/storage.md) against fabric8's mock API server, the test playing
 * the kubelet and the runtime: each workspace's claims are bound to volumes of its own directory of the NFS export
 * (and the sources read-only), pods mount only those claims, and a SNAPSHOT run's Arrow file reaches the controller
 * through the shared volume.
 */
class SharedStorageTest {
    private static final String WS = "grant-5e0c2f8a-8d7e-4c1b-a0f3-1b2c3d4e5f60";
    private static final String OTHER = "grant-7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final String NS = "shuyu-ws-" + WS;
    private final ApiServer api = new ApiServer();
    private final KubernetesClient client = api.client();
    private final JsonMapper json = JsonMapper.builder().build();
    @TempDir
    Path dataDir;
    private KubernetesWorkspaceProvisioner provisioner;
    private WorkspaceProvisioner.Layout layout;
    private KubernetesJobLauncher launcher;

    @BeforeEach
    void workspace() {
        provisioner = Fixtures.sharedProvisioner(api, dataDir);
        layout = provisioner.ensure(Fixtures.workspace(WS));
        launcher = new KubernetesJobLauncher(client, Fixtures.sharedSettings(KubernetesProperties.ApplyStrategy.READ_COMPARE_WRITE),
                Fixtures.properties(dataDir, Duration.ofMinutes(5)));
    }

    @AfterEach
    void close() {
        launcher.shutdown();
        api.close();
    }

    @Test
    @Tag("R-19a")
    void eachWorkspacesClaimsAreBoundToVolumesOfItsOwnDirectoryAndTheSourcesReadOnly() {
        provisioner.ensure(Fixtures.workspace(OTHER));
        String other = "shuyu-ws-" + OTHER;
        for (String ns : List.of(NS, other)) {
            PersistentVolume data = client.persistentVolumes().withName(ns + "-data").get();
            assertThat(data.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
            assertThat(data.getSpec().getNfs().getServer()).isEqualTo("nfs.storage.example");
            assertThat(data.getSpec().getNfs().getPath()).isEqualTo("/exports/shuyu/workspace-volumes/" + ns);
            assertThat(data.getSpec().getNfs().getReadOnly()).isFalse();
            assertThat(data.getSpec().getClaimRef().getNamespace()).as("pre-bound to this namespace only").isEqualTo(ns);
            assertThat(data.getSpec().getClaimRef().getName()).isEqualTo(WorkspaceObjects.DATA_CLAIM);
            assertThat(data.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
            PersistentVolume sources = client.persistentVolumes().withName(ns + "-sources").get();
            assertThat(sources.getSpec().getAccessModes()).containsExactly("ReadOnlyMany");
            assertThat(sources.getSpec().getNfs().getPath()).isEqualTo("/exports/shuyu/sources");
            assertThat(sources.getSpec().getNfs().getReadOnly()).as("read-only at the volume, whatever a pod asks").isTrue();
            assertThat(sources.getSpec().getClaimRef().getNamespace()).isEqualTo(ns);

            PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(ns).withName(WorkspaceObjects.DATA_CLAIM).get();
            assertThat(claim.getSpec().getVolumeName()).isEqualTo(ns + "-data");
            assertThat(claim.getSpec().getStorageClassName()).as("static binding, no provisioner").isEmpty();
            assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
            PersistentVolumeClaim src = client.persistentVolumeClaims().inNamespace(ns).withName(WorkspaceObjects.SOURCES_CLAIM).get();
            assertThat(src.getSpec().getVolumeName()).isEqualTo(ns + "-sources");
            assertThat(Files.isDirectory(dataDir.resolve("workspace-volumes").resolve(ns))).as("the NFS path exists before a pod mounts it")
                    .isTrue();
        }
        assertThat(client.persistentVolumes().list().getItems()).hasSize(4);
        int before = api.calls().size();
        provisioner.ensure(Fixtures.workspace(WS));
        assertThat(api.calls().subList(before, api.calls().size())).as("a second pass writes nothing")
                .allSatisfy(c -> assertThat(c.verb()).isEqualTo("get"));
    }

    private JobLauncher.Run snapshotRun(String jobId) {
        return new JobLauncher.Run(jobId, Job.Kind.SNAPSHOT, "engineer", WS, "shuyu_ws", "ws_grant", layout.root(), layout.warehouse(),
                layout.files(), layout.jobs(), List.of(new JobLauncher.Source("city.population", "csv",
                        dataDir.resolve("sources/city/population"), "id INT")), List.of(), Optional.empty(),
                Optional.of(new JobLauncher.Snapshot("t", 100)), "runtime-token-123", "salt-456");
    }

    private Pod awaitPod(String jobId) {
        String name = KubernetesJobLauncher.podName(jobId);
        await().atMost(10, TimeUnit.SECONDS).until(() -> client.pods().inNamespace(NS).withName(name).get() != null);
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private String marker(String pod) {
        Secret secret = client.secrets().inNamespace(NS).withName(pod).get();
        String key = RuntimeLaunch.OUTPUT_MARKER_ENV;
        return secret.getStringData() != null && secret.getStringData().containsKey(key) ? secret.getStringData().get(key)
                : new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private void finish(String pod) {
        client.pods().inNamespace(NS).withName(pod).editStatus(p -> {
            p.setStatus(new PodStatus());
            p.getStatus().setPhase("Succeeded");
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("driver").withNewState().withNewTerminated()
                    .withExitCode(0).withReason("Completed").endTerminated().endState().build()));
            return p;
        });
    }

    /** Plays the runtime: the Arrow file on the shared volume, status and report as marker lines. */
    private void runtimeWrites(String pod, byte[] arrow, long reportedBytes) throws Exception {
        Path runDir = dataDir.resolve("workspace-volumes").resolve(NS).resolve("runs").resolve(pod);
        assertThat(runDir).as("prepared by the controller on the shared volume").isDirectory();
        Files.write(runDir.resolve("snapshot.arrow"), arrow);
        String marker = marker(pod);
        api.podLog(NS, pod, marker + " snapshot.json {\"file\":\"snapshot.arrow\",\"rows\":3,\"bytes\":" + reportedBytes
                + ",\"columns\":[{\"name\":\"x\",\"type\":\"Int(32, true)\",\"sparkType\":\"int\"}]}\n"
                + marker + " status.json {\"state\":\"SUCCEEDED\",\"code\":\"OK\",\"message\":\"snapshot\",\"step\":null}\n");
        finish(pod);
    }

    @Test
    @Tag("R-19b")
    void aSnapshotRunWritesToTheSharedVolumeAndTheControllerTakesTheFile() throws Exception {
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(snapshotRun("snap-1"), () -> true);
        Pod pod = awaitPod("snap-1");
        String name = pod.getMetadata().getName();
        assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName).containsExactly("workspace", "config", "tmp", "out", "sources");
        assertThat(pod.getSpec().getVolumes()).allSatisfy(v -> assertThat(v.getCsi()).as("no CSI volume a pod spec could point elsewhere")
                .isNull());
        assertThat(pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName()).isEqualTo(WorkspaceObjects.DATA_CLAIM);
        assertThat(pod.getSpec().getVolumes().get(4).getPersistentVolumeClaim().getClaimName()).isEqualTo(WorkspaceObjects.SOURCES_CLAIM);
        assertThat(pod.getSpec().getVolumes().get(4).getPersistentVolumeClaim().getReadOnly()).isTrue();
        VolumeMount sources = pod.getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("sources")).findFirst().orElseThrow();
        assertThat(sources.getMountPath()).isEqualTo(dataDir.resolve("sources").toAbsolutePath().toString());
        assertThat(sources.getReadOnly()).isTrue();
        JsonNode runtime = json.readTree(client.configMaps().inNamespace(NS).withName(name).get().getData().get("runtime.json"));
        assertThat(runtime.path("outputDir").asString()).as("on the workspace volume, outside data/").isEqualTo("/workspace/runs/" + name);
        assertThat(runtime.path("sources").get(0).path("location").asString())
                .isEqualTo(dataDir.resolve("sources/city/population").toAbsolutePath().toString());

        byte[] arrow = "ARROW1-test-bytes".getBytes(StandardCharsets.UTF_8);
        runtimeWrites(name, arrow, arrow.length);

        JobLauncher.Outcome result = outcome.get(20, TimeUnit.SECONDS);
        assertThat(result.state()).as(result.toString()).isEqualTo(JobState.SUCCEEDED);
        JobLauncher.SnapshotFile file = result.snapshot().orElseThrow();
        assertThat(file.file()).isEqualTo(layout.jobs().resolve("snap-1").resolve("snapshot.arrow"));
        assertThat(Files.readAllBytes(file.file())).isEqualTo(arrow);
        assertThat(file.rows()).isEqualTo(3);
        assertThat(file.bytes()).isEqualTo(arrow.length);
        assertThat(dataDir.resolve("workspace-volumes").resolve(NS).resolve("runs").resolve(name)).as("run directory removed")
                .doesNotExist();
    }

    @Test
    void theWorkspaceEngineMountsTheSameClaimsAndNoCsiVolume() throws Exception {
        KubernetesEngineLauncher engines = new KubernetesEngineLauncher(client,
                Fixtures.sharedSettings(KubernetesProperties.ApplyStrategy.READ_COMPARE_WRITE), Fixtures.properties(dataDir, Duration.ofMinutes(5)));
        assertThat(engines.available()).as(engines.unavailableReason()).isTrue();
        engines.start(new EngineLauncher.Spec("engine-s1", WS, "shuyu_ws", "ws_grant", layout.root(), layout.warehouse(), layout.files(),
                layout.root().resolve("engines/engine-s1"), List.of(), 2, 1024, 100, "engine-token", "engine-secret", "salt"));
        Pod pod = client.pods().inNamespace(NS).withName(KubernetesEngineLauncher.name("engine-s1")).get();
        assertThat(pod.getSpec().getVolumes()).allSatisfy(v -> assertThat(v.getCsi()).isNull());
        assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .extracting(v -> v.getPersistentVolumeClaim().getClaimName() + ":" + v.getPersistentVolumeClaim().getReadOnly())
                .containsExactlyInAnyOrder(WorkspaceObjects.DATA_CLAIM + ":false", WorkspaceObjects.SOURCES_CLAIM + ":true");
    }

    @Test
    void aSnapshotWhoseFileDoesNotMatchItsReportFails() throws Exception {
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(snapshotRun("snap-2"), () -> true);
        String name = awaitPod("snap-2").getMetadata().getName();
        runtimeWrites(name, new byte[10], 11);

        JobLauncher.Outcome result = outcome.get(20, TimeUnit.SECONDS);
        assertThat(result.state()).isEqualTo(JobState.FAILED);
        assertThat(result.code()).contains("SNAPSHOT_INCOMPLETE");
        assertThat(result.snapshot()).isEmpty();
    }

    @Test
    @Tag("R-17a")
    void erasingAWorkspaceDeletesItsNamespaceVolumesAndDirectoryWithCounts() throws Exception {
        Path dir = dataDir.resolve("workspace-volumes").resolve(NS);
        Files.createDirectories(dir.resolve("data/warehouse/ws.db/t"));
        Files.write(dir.resolve("data/warehouse/ws.db/t/part-0.parquet"), new byte[1234]);
        assertThat(provisioner.storageBytes(WS)).as("metered by what is used").isEqualTo(1234);

        RetainedData.Erasure erasure = provisioner.erase(WS);

        assertThat(client.namespaces().withName(NS).get()).isNull();
        assertThat(client.persistentVolumes().withName(NS + "-data").get()).isNull();
        assertThat(client.persistentVolumes().withName(NS + "-sources").get()).isNull();
        assertThat(dir).doesNotExist();
        assertThat(erasure.bytes()).isGreaterThanOrEqualTo(1234);
        assertThat(erasure.detail()).contains("deleted 2 shared volumes");
        assertThat(Map.of("files", erasure.files())).extractingByKey("files").isNotEqualTo(0L);
    }
}
