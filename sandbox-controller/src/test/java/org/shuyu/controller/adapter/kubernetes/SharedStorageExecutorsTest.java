package org.shuyu.controller.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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
import org.shuyu.controller.config.KubernetesProperties.ApplyStrategy;
import org.shuyu.controller.engine.EngineLauncher;
import org.shuyu.controller.grant.RetainedData;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeLaunch;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.SparkCluster;

/**
 * Executors (docs/kubernetes.md "Executors") on the platform's shared storage (docs/storage.md) together, against
 * fabric8's mock API server, the test playing the kubelet and the runtime: the workspace gets both the executors'
 * network policies and the shared volumes; the executor pod template mounts the same claims as its driver (the
 * workspace's data read-write, the sources read-only, no CSI volume); a SNAPSHOT run with executors names the
 * {@code k8s://} cluster and writes its file to the shared volume, where the controller takes it.
 */
class SharedStorageExecutorsTest {
    private static final String WS = "grant-3b4c5d6e-7f80-4a1b-9c2d-3e4f5a6b7c8d";
    private static final String NS = "shuyu-ws-" + WS;
    private static final Path GOLDEN = Path.of("src/test/resources/golden/kubernetes");
    private final ApiServer api = new ApiServer();
    private final KubernetesClient client = api.client();
    private final RuntimeJson contract = new RuntimeJson();
    @TempDir
    Path dataDir;
    private KubernetesWorkspaceProvisioner provisioner;
    private WorkspaceProvisioner.Layout layout;
    private KubernetesJobLauncher launcher;

    @BeforeEach
    void workspace() {
        provisioner = Fixtures.sharedExecutorProvisioner(api, dataDir);
        layout = provisioner.ensure(Fixtures.workspace(WS));
        launcher = new KubernetesJobLauncher(client, Fixtures.sharedSettings(ApplyStrategy.READ_COMPARE_WRITE), Fixtures.executors(),
                Fixtures.properties(dataDir, Duration.ofMinutes(5)));
    }

    @AfterEach
    void close() {
        launcher.shutdown();
        api.close();
    }

    @Test
    @Tag("R-19a")
    @Tag("R-17a")
    void theWorkspaceHasTheExecutorsPoliciesAndTheSharedVolumesAndErasingCountsThemAll() throws Exception {
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(WorkspaceObjects.NETWORK_POLICY, WorkspaceObjects.EXECUTOR_POLICY, WorkspaceObjects.DRIVER_API_POLICY);
        NetworkPolicy driverApi = client.network().v1().networkPolicies().inNamespace(NS).withName(WorkspaceObjects.DRIVER_API_POLICY).get();
        assertThat(driverApi.getSpec().getEgress()).singleElement().satisfies(rule -> assertThat(rule.getTo())
                .extracting(peer -> peer.getIpBlock().getCidr()).containsExactly("10.0.0.1/32", "172.18.0.2/32"));
        // Executors need no egress to the storage: the kubelet mounts the NFS volume, not the pod.
        NetworkPolicy executors = client.network().v1().networkPolicies().inNamespace(NS).withName(WorkspaceObjects.EXECUTOR_POLICY).get();
        assertThat(executors.getSpec().getEgress()).hasSize(2).allSatisfy(rule -> assertThat(rule.getTo())
                .allSatisfy(peer -> assertThat(peer.getIpBlock()).as("no address outside the cluster's pods").isNull()));
        assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).extracting(c -> c.getMetadata().getName() + ":"
                + c.getSpec().getAccessModes()).containsExactlyInAnyOrder(WorkspaceObjects.DATA_CLAIM + ":[ReadWriteMany]",
                WorkspaceObjects.SOURCES_CLAIM + ":[ReadOnlyMany]");
        assertThat(client.persistentVolumes().list().getItems()).extracting(v -> v.getMetadata().getName())
                .containsExactlyInAnyOrder(NS + "-data", NS + "-sources");
        assertThat(client.rbac().roles().inNamespace(NS).withName(WorkspaceObjects.DRIVER_ACCOUNT).get().getRules())
                .isEqualTo(WorkspaceObjects.DRIVER_RULES);
        int namespaced = client.resourceQuotas().inNamespace(NS).list().getItems().size()
                + client.limitRanges().inNamespace(NS).list().getItems().size()
                + client.network().v1().networkPolicies().inNamespace(NS).list().getItems().size()
                + client.serviceAccounts().inNamespace(NS).list().getItems().size()
                + client.rbac().roles().inNamespace(NS).list().getItems().size()
                + client.rbac().roleBindings().inNamespace(NS).list().getItems().size();
        assertThat(namespaced).as("what the erasure counts besides the claims").isEqualTo(WorkspaceObjects.NAMESPACED_CONFIGURATION_OBJECTS);

        RetainedData.Erasure erasure = provisioner.erase(WS);
        assertThat(erasure.detail()).contains("deleted namespace " + NS + " (12 objects").contains("deleted 2 shared volumes");
        assertThat(client.persistentVolumes().list().getItems()).isEmpty();
        assertThat(dataDir.resolve("workspace-volumes").resolve(NS)).doesNotExist();
    }

    private JobLauncher.Run snapshotRun(String jobId) {
        return new JobLauncher.Run(jobId, Job.Kind.SNAPSHOT, "engineer", WS, "shuyu_ws", "ws_grant", layout.root(), layout.warehouse(),
                layout.files(), layout.jobs(), List.of(new JobLauncher.Source("city.population", "csv",
                        dataDir.resolve("sources/city/population"), "id INT")), List.of(), Optional.empty(),
                Optional.of(new JobLauncher.Snapshot("t", 100)), "runtime-token-123", "salt-456");
    }

    private static Pod template(ConfigMap config) {
        String yaml = config.getData().get(SparkExecutors.TEMPLATE_KEY);
        assertThat(yaml).as("the executor pod template in the driver's config map").isNotBlank();
        return new KubernetesSerialization().unmarshal(yaml, Pod.class);
    }

    /** The template mounts the driver's claims, where the driver mounts them, read-only where the driver has them so. */
    private static void assertMountsTheDriversClaims(Pod template, Pod driver) {
        assertThat(template.getSpec().getVolumes()).allSatisfy(v -> assertThat(v.getCsi()).as("no CSI volume").isNull());
        assertThat(template.getSpec().getVolumes()).filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .extracting(v -> v.getName() + ":" + v.getPersistentVolumeClaim().getClaimName() + ":" + v.getPersistentVolumeClaim().getReadOnly())
                .containsExactlyInAnyOrder("workspace:" + WorkspaceObjects.DATA_CLAIM + ":false",
                        "sources:" + WorkspaceObjects.SOURCES_CLAIM + ":true");
        for (String name : List.of("workspace", "sources")) {
            Volume executorVolume = template.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
            Volume driverVolume = driver.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
            assertThat(executorVolume).as("volume %s as the driver has it", name).isEqualTo(driverVolume);
        }
        Container executor = template.getSpec().getContainers().get(0);
        Container driverContainer = driver.getSpec().getContainers().get(0);
        for (String name : List.of("workspace", "sources")) {
            VolumeMount mount = executor.getVolumeMounts().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
            VolumeMount driverMount = driverContainer.getVolumeMounts().stream().filter(m -> m.getName().equals(name)).findFirst()
                    .orElseThrow();
            assertThat(mount.getMountPath()).isEqualTo(driverMount.getMountPath());
            assertThat(Boolean.TRUE.equals(mount.getReadOnly())).as("%s read-only as in the driver", name)
                    .isEqualTo(Boolean.TRUE.equals(driverMount.getReadOnly()));
        }
        assertThat(executor.getVolumeMounts()).filteredOn(m -> m.getName().equals("sources")).singleElement()
                .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    }

    private String marker(String pod) {
        Secret secret = client.secrets().inNamespace(NS).withName(pod).get();
        String key = RuntimeLaunch.OUTPUT_MARKER_ENV;
        return secret.getStringData() != null && secret.getStringData().containsKey(key) ? secret.getStringData().get(key)
                : new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    @Tag("R-19a")
    @Tag("R-19b")
    void aSnapshotRunWithExecutorsMountsBothClaimsInItsExecutorsAndItsFileReachesTheController() throws Exception {
        assertThat(launcher.available()).as(launcher.unavailableReason()).isTrue();
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(snapshotRun("snap-x1"), () -> true);
        String name = KubernetesJobLauncher.podName("snap-x1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> client.pods().inNamespace(NS).withName(name).get() != null);
        Pod driver = client.pods().inNamespace(NS).withName(name).get();
        ConfigMap config = client.configMaps().inNamespace(NS).withName(name).get();

        RuntimeRequest request = contract.read(config.getData().get("runtime.json"), RuntimeRequest.class);
        SparkCluster cluster = request.cluster().orElseThrow();
        assertThat(cluster.master()).isEqualTo("k8s://https://kubernetes.default.svc");
        assertThat(cluster.conf()).containsEntry("spark.kubernetes.driver.pod.name", name)
                .containsEntry("spark.executor.instances", "2");
        assertThat(request.outputDir().toString()).as("the snapshot goes to the shared volume, outside data/")
                .isEqualTo("/workspace/runs/" + name);
        assertThat(driver.getMetadata().getLabels()).containsEntry("spark-role", "driver");
        assertThat(driver.getSpec().getAutomountServiceAccountToken()).isTrue();
        assertThat(client.services().inNamespace(NS).withName(SparkExecutors.serviceName("snap-x1")).get()).isNotNull();
        assertMountsTheDriversClaims(template(config), driver);

        // The runtime: the driver writes the collected Arrow file on the shared volume, reports it, ends.
        Path runDir = dataDir.resolve("workspace-volumes").resolve(NS).resolve("runs").resolve(name);
        assertThat(runDir).isDirectory();
        byte[] arrow = "ARROW1-executors".getBytes(StandardCharsets.UTF_8);
        Files.write(runDir.resolve("snapshot.arrow"), arrow);
        String marker = marker(name);
        api.podLog(NS, name, marker + " snapshot.json {\"file\":\"snapshot.arrow\",\"rows\":2,\"bytes\":" + arrow.length
                + ",\"columns\":[{\"name\":\"x\",\"type\":\"Int(32, true)\",\"sparkType\":\"int\"}]}\n"
                + marker + " status.json {\"state\":\"SUCCEEDED\",\"code\":\"OK\",\"message\":\"snapshot\",\"step\":null}\n");
        client.pods().inNamespace(NS).withName(name).editStatus(p -> {
            p.setStatus(new PodStatus());
            p.getStatus().setPhase("Succeeded");
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("driver").withNewState().withNewTerminated()
                    .withExitCode(0).withReason("Completed").endTerminated().endState().build()));
            return p;
        });

        JobLauncher.Outcome result = outcome.get(20, TimeUnit.SECONDS);
        assertThat(result.state()).as(result.toString()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Files.readAllBytes(result.snapshot().orElseThrow().file())).isEqualTo(arrow);
        assertThat(runDir).as("run directory removed").doesNotExist();
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(client.services().inNamespace(NS).withName(SparkExecutors.serviceName("snap-x1")).get()).isNull();
            assertThat(client.configMaps().inNamespace(NS).withName(name).get()).isNull();
        });
    }

    @Test
    void aWorkspaceEnginesExecutorsMountTheSameClaims() {
        KubernetesEngineLauncher engines = new KubernetesEngineLauncher(client, Fixtures.sharedSettings(ApplyStrategy.READ_COMPARE_WRITE),
                Fixtures.executors(), Fixtures.properties(dataDir, Duration.ofMinutes(5)));
        assertThat(engines.available()).as(engines.unavailableReason()).isTrue();
        EngineLauncher.Launched launched = engines.start(new EngineLauncher.Spec("eng-s1", WS, "shuyu_ws", "ws_grant", layout.root(),
                layout.warehouse(), layout.files(), layout.root().resolve("engines/eng-s1"), List.of(), 2, 1024, 100, "engine-token",
                "engine-secret", "salt"));
        String name = KubernetesEngineLauncher.name("eng-s1");
        ConfigMap config = client.configMaps().inNamespace(NS).withName(name).get();
        EngineRequest request = contract.read(config.getData().get("engine.json"), EngineRequest.class);
        assertThat(request.cluster().orElseThrow().master()).isEqualTo("k8s://https://kubernetes.default.svc");
        assertMountsTheDriversClaims(template(config), client.pods().inNamespace(NS).withName(name).get());
        engines.stop(launched);
    }

    /** The template with shared storage as a golden file ({@code -Dgolden.update=true} rewrites it; review the diff). */
    @Test
    void theSharedStorageExecutorTemplateMatchesItsGoldenFile() throws Exception {
        KubernetesProperties settings = Fixtures.sharedSettings(ApplyStrategy.READ_COMPARE_WRITE);
        String template = new SparkExecutors(Fixtures.executors(), settings, Path.of("/srv/shuyu/sources"))
                .templateYaml("shuyu-ws-grant-golden", "grant-golden");
        Path file = GOLDEN.resolve("executor-template-shared.yaml");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, template);
        }
        assertThat(file).as("golden file %s is missing: run with -Dgolden.update=true", file).exists();
        assertThat(template).as("%s differs (rewrite with -Dgolden.update=true and review the diff)", file)
                .isEqualTo(Files.readString(file));
        assertThat(Map.of("csi", template.contains("csi:"))).as("no CSI volume with shared storage").containsEntry("csi", false);
    }
}
