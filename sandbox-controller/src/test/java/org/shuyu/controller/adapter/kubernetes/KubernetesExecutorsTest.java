package org.shuyu.controller.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.adapter.storage.LocalRetainedData;
import org.shuyu.controller.config.KubernetesExecutorProperties;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.config.KubernetesProperties.ApplyStrategy;
import org.shuyu.controller.engine.EngineLauncher;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.SparkCluster;

/**
 * Executors on Kubernetes (docs/kubernetes.md, "Executors") against fabric8's mock API server in CRUD mode: the test
 * plays the kubelet. Checked field by field: the {@code k8s://} cluster in runtime.json and engine.json, the driver
 * pod, the executor pod template (the driver pod's isolation, no token, no secret), the driver's Service, the network
 * policies, the driver's Role, and that a quota too small for a driver and its executors refuses to start anything.
 */
class KubernetesExecutorsTest {
    private static final String WS = "grant-7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    private static final String NS = "shuyu-ws-" + WS;
    private static final Path GOLDEN = Path.of("src/test/resources/golden/kubernetes");
    // One API server, workspace and launcher for the class (each test uses its own job and engine ids).
    private static ApiServer api;
    private static KubernetesClient client;
    private final RuntimeJson contract = new RuntimeJson();
    @TempDir
    static Path dataDir;
    private static WorkspaceProvisioner.Layout layout;
    private static KubernetesJobLauncher launcher;

    @BeforeAll
    static void workspace() {
        api = new ApiServer();
        client = api.client();
        KubernetesProperties settings = Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE);
        layout = new KubernetesWorkspaceProvisioner(client, settings, Fixtures.executors(),
                ObjectApplier.of(ApplyStrategy.READ_COMPARE_WRITE, client),
                new LocalRetainedData(Fixtures.properties(dataDir, Duration.ofMinutes(5))))
                .ensure(Fixtures.workspace(WS));
        launcher = new KubernetesJobLauncher(client, settings, Fixtures.executors(), Fixtures.properties(dataDir, Duration.ofMinutes(5)));
    }

    @AfterAll
    static void close() {
        launcher.shutdown();
        api.close();
    }

    private JobLauncher.Run run(String jobId) {
        return new JobLauncher.Run(jobId, Job.Kind.JOB, "engineer", WS, "shuyu_ws", "ws_grant", layout.root(), layout.warehouse(),
                layout.files(), layout.jobs(), List.of(new JobLauncher.Source("city.population", "csv",
                        dataDir.resolve("sources/city/population"), "id INT")), List.of("SELECT count(*) FROM city.population"),
                Optional.empty(), "runtime-token-123", "salt-456");
    }

    private Pod awaitPod(String name) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> client.pods().inNamespace(NS).withName(name).get() != null);
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private void finish(String pod) {
        api.testClient().pods().inNamespace(NS).withName(pod).editStatus(p -> {
            p.setStatus(new PodStatus());
            p.getStatus().setPhase("Failed");
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("driver").withNewState().withNewTerminated()
                    .withExitCode(1).endTerminated().endState().build()));
            return p;
        });
    }

    private static Pod template(ConfigMap config) {
        String yaml = config.getData().get(SparkExecutors.TEMPLATE_KEY);
        assertThat(yaml).as("the executor pod template in the driver's config map").isNotBlank();
        return new KubernetesSerialization().unmarshal(yaml, Pod.class);
    }

    @Test
    @Tag("R-19a")
    void aJobDriverRunsSparksKubernetesSchedulerWithItsExecutorsInTheWorkspaceNamespace() throws Exception {
        CompletableFuture<JobLauncher.Outcome> outcome = launcher.launch(run("job-x1"), () -> true);
        String name = KubernetesJobLauncher.podName("job-x1");
        Pod driver = awaitPod(name);
        ConfigMap config = client.configMaps().inNamespace(NS).withName(name).get();
        String service = SparkExecutors.serviceName("job-x1");

        RuntimeRequest request = contract.read(config.getData().get("runtime.json"), RuntimeRequest.class);
        SparkCluster cluster = request.cluster().orElseThrow();
        assertThat(cluster.master()).isEqualTo("k8s://https://kubernetes.default.svc");
        assertThat(cluster.hasExecutors()).isTrue();
        assertThat(cluster.conf())
                .containsEntry("spark.kubernetes.namespace", NS)
                .containsEntry("spark.kubernetes.driver.pod.name", name)
                .containsEntry("spark.kubernetes.executor.podTemplateFile", "/etc/shuyu/job/executor-template.yaml")
                .containsEntry("spark.kubernetes.executor.podTemplateContainerName", "executor")
                .containsEntry("spark.kubernetes.authenticate.driver.serviceAccountName", WorkspaceObjects.DRIVER_ACCOUNT)
                .containsEntry("spark.kubernetes.authenticate.executor.serviceAccountName", WorkspaceObjects.JOB_ACCOUNT)
                .containsEntry("spark.kubernetes.container.image", "registry.example/shuyu-runtime:test")
                .containsEntry("spark.kubernetes.executor.deleteOnTermination", "true")
                .containsEntry("spark.kubernetes.executor.disableConfigMap", "true")
                .containsEntry("spark.kubernetes.driver.service.deleteOnTermination", "false")
                .containsEntry("spark.kubernetes.driver.ownPersistentVolumeClaim", "false")
                .containsEntry("spark.executor.instances", "2")
                .containsEntry("spark.executor.cores", "1")
                .containsEntry("spark.executor.memory", "1g")
                .containsEntry("spark.executor.memoryOverhead", "512m")
                .containsEntry("spark.kubernetes.executor.request.cores", "1")
                .containsEntry("spark.kubernetes.executor.limit.cores", "1")
                .containsEntry("spark.driver.host", service + "." + NS + ".svc")
                .containsEntry("spark.driver.bindAddress", "0.0.0.0")
                .containsEntry("spark.driver.port", "7078")
                .containsEntry("spark.driver.blockManager.port", "7079");
        assertThat(cluster.conf().keySet()).as("nothing about enforcement, catalog or warehouse")
                .allMatch(key -> SparkCluster.ALLOWED_PREFIXES.stream().anyMatch(key::startsWith))
                .noneMatch(key -> key.startsWith("spark.sql."));

        // The driver pod: its token (it creates its executors), its pod IP, the label its network policy selects.
        assertThat(driver.getMetadata().getLabels()).containsEntry("spark-role", "driver").containsEntry("shuyu.org/job", "job-x1");
        assertThat(driver.getSpec().getServiceAccountName()).isEqualTo(WorkspaceObjects.DRIVER_ACCOUNT);
        assertThat(driver.getSpec().getAutomountServiceAccountToken()).isTrue();
        Container container = driver.getSpec().getContainers().get(0);
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("SPARK_LOCAL_IP")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP"));
        assertThat(container.getPorts()).extracting(p -> p.getContainerPort()).contains(7078, 7079);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getVolumeMounts()).filteredOn(m -> m.getName().equals("config")).singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/etc/shuyu/job"));

        // Its headless Service: a stable name for the executors, resolvable before the driver is ready.
        Service svc = client.services().inNamespace(NS).withName(service).get();
        assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(svc.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(svc.getSpec().getSelector()).isEqualTo(Map.of("shuyu.org/job", "job-x1"));
        assertThat(svc.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(7078, 7079);

        assertExecutorTemplateKeepsTheDriversIsolation(template(config), driver);

        finish(name);
        assertThat(outcome.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.FAILED);
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(client.pods().inNamespace(NS).withName(name).get()).isNull();
            assertThat(client.services().inNamespace(NS).withName(service).get()).as("the driver's Service goes too").isNull();
            assertThat(client.configMaps().inNamespace(NS).withName(name).get()).isNull();
        });
    }

    /** Field by field: what holds for the driver pod holds for every executor Spark makes from the template. */
    private static void assertExecutorTemplateKeepsTheDriversIsolation(Pod template, Pod driver) {
        assertThat(template.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(template.getMetadata().getLabels()).containsEntry("spark-role", "executor")
                .containsEntry(KubeNames.WORKSPACE, WS).containsEntry(KubeNames.MANAGED_BY, KubeNames.MANAGER);
        assertThat(template.getSpec().getServiceAccountName()).as("an account without API rights").isEqualTo(WorkspaceObjects.JOB_ACCOUNT);
        assertThat(template.getSpec().getAutomountServiceAccountToken()).as("no token in executors").isFalse();
        assertThat(template.getSpec().getEnableServiceLinks()).isFalse();
        assertThat(template.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(template.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(template.getSpec().getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
        assertThat(template.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(template.getSpec().getContainers()).hasSize(1);
        Container executor = template.getSpec().getContainers().get(0);
        Container driverContainer = driver.getSpec().getContainers().get(0);
        assertThat(executor.getName()).isEqualTo("executor");
        assertThat(executor.getImage()).isEqualTo(driverContainer.getImage());
        assertThat(executor.getCommand()).containsExactly("/opt/shuyu/bin/spark-executor");
        assertThat(executor.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(executor.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(executor.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(executor.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(executor.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(executor.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        Map<String, Quantity> resources = Map.of("cpu", new Quantity("1"), "memory", new Quantity("1536Mi"));
        assertThat(executor.getResources().getRequests()).as("the quota admits and counts it").isEqualTo(resources);
        assertThat(executor.getResources().getLimits()).isEqualTo(resources);
        // No secret reaches an executor: no secret env, no secret or config map volume.
        assertThat(executor.getEnv()).noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null);
        assertThat(executor.getEnvFrom()).isNullOrEmpty();
        assertThat(executor.getEnv()).extracting(EnvVar::getName).doesNotContain("SHUYU_RUNTIME_TOKEN", "SHUYU_MASK_SALT",
                "SHUYU_OUTPUT_MARKER");
        assertThat(executor.getEnv()).filteredOn(e -> e.getName().equals("SPARK_LOCAL_IP")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP"));
        assertThat(template.getSpec().getVolumes()).noneMatch(v -> v.getSecret() != null || v.getConfigMap() != null
                || v.getHostPath() != null || v.getProjected() != null);
        assertThat(template.getSpec().getVolumes()).extracting(Volume::getName)
                .containsExactlyInAnyOrder("workspace", "tmp", "spark-local-dir-1", "sources");
        // Writable only: the workspace's volume and scratch emptyDirs; the sources read-only, where the driver has them.
        for (Volume volume : template.getSpec().getVolumes()) {
            switch (volume.getName()) {
                case "workspace" -> assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo(WorkspaceObjects.DATA_CLAIM);
                case "sources" -> {
                    assertThat(volume.getCsi().getReadOnly()).isTrue();
                    assertThat(volume.getCsi()).isEqualTo(driver.getSpec().getVolumes().stream()
                            .filter(v -> v.getName().equals("sources")).findFirst().orElseThrow().getCsi());
                }
                default -> assertThat(volume.getEmptyDir().getSizeLimit()).isNotNull();
            }
        }
        for (VolumeMount mount : executor.getVolumeMounts()) {
            VolumeMount driverMount = driverContainer.getVolumeMounts().stream().filter(m -> m.getName().equals(mount.getName()))
                    .findFirst().orElse(null);
            if (driverMount != null) {
                assertThat(mount.getMountPath()).as("mounted where the driver has %s", mount.getName()).isEqualTo(driverMount.getMountPath());
                assertThat(Boolean.TRUE.equals(mount.getReadOnly())).as("%s read-only as in the driver", mount.getName())
                        .isEqualTo(Boolean.TRUE.equals(driverMount.getReadOnly()));
            }
        }
    }

    /**
     * The template and the Spark settings for a fixed workspace, as golden files ({@code -Dgolden.update=true} rewrites
     * them): compute-jobs' KubernetesExecutorAllocationTest hands exactly these to Spark's Kubernetes scheduler and
     * checks the executor pods it makes.
     */
    @Test
    void theExecutorTemplateAndSettingsMatchTheirGoldenFiles() throws Exception {
        SparkExecutors golden = new SparkExecutors(Fixtures.executors(), Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE),
                Path.of("/srv/shuyu/sources"));
        String template = golden.templateYaml("shuyu-ws-grant-golden", "grant-golden");
        SparkCluster cluster = golden.cluster("shuyu-ws-grant-golden", "job-golden", SparkExecutors.serviceName("job-golden"),
                "/etc/shuyu/job/" + SparkExecutors.TEMPLATE_KEY);
        StringBuilder settings = new StringBuilder("# The SparkCluster of a job driver (KubernetesExecutorsTest)\nmaster=")
                .append(cluster.master()).append('\n');
        cluster.conf().forEach((k, v) -> settings.append(k).append('=').append(v).append('\n'));
        for (Map.Entry<Path, String> file : Map.of(GOLDEN.resolve("executor-template.yaml"), template,
                GOLDEN.resolve("executor-cluster.properties"), settings.toString()).entrySet()) {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getKey().getParent());
                Files.writeString(file.getKey(), file.getValue());
            }
            assertThat(file.getKey()).as("golden file %s is missing: run with -Dgolden.update=true", file.getKey()).exists();
            assertThat(file.getValue()).as("%s differs (rewrite with -Dgolden.update=true and review the diff)", file.getKey())
                    .isEqualTo(Files.readString(file.getKey()));
        }
    }

    @Test
    @Tag("R-19a")
    void executorsReachOnlySparkPodsOfTheirNamespaceAndDnsAndDriversReachTheApiServer() {
        NetworkPolicy isolation = client.network().v1().networkPolicies().inNamespace(NS).withName(WorkspaceObjects.NETWORK_POLICY).get();
        assertThat(isolation.getSpec().getPodSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("spark-role");
            assertThat(e.getOperator()).isEqualTo("NotIn");
            assertThat(e.getValues()).containsExactly("executor");
        });

        NetworkPolicy executors = client.network().v1().networkPolicies().inNamespace(NS).withName(WorkspaceObjects.EXECUTOR_POLICY).get();
        assertThat(executors.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("spark-role", "executor"));
        assertThat(executors.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(executors.getSpec().getIngress()).singleElement().satisfies(rule -> assertThat(rule.getFrom()).singleElement()
                .satisfies(KubernetesExecutorsTest::assertSparkPodsOfThisNamespace));
        assertThat(executors.getSpec().getEgress()).hasSize(2);
        assertThat(executors.getSpec().getEgress().get(0).getTo()).singleElement().satisfies(KubernetesExecutorsTest::assertSparkPodsOfThisNamespace);
        assertThat(executors.getSpec().getEgress().get(0).getPorts()).isNullOrEmpty();
        assertThat(executors.getSpec().getEgress().get(1).getTo()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of("kubernetes.io/metadata.name", "kube-system"));
            assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of("k8s-app", "kube-dns"));
        });
        assertThat(executors.getSpec().getEgress().get(1).getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
        assertThat(executors.getSpec().getEgress()).flatExtracting(r -> r.getTo()).as("no address, no controller, no internet")
                .allMatch(peer -> peer.getIpBlock() == null)
                .noneMatch(peer -> peer.getNamespaceSelector() != null
                        && "shuyu".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));

        NetworkPolicy api = client.network().v1().networkPolicies().inNamespace(NS).withName(WorkspaceObjects.DRIVER_API_POLICY).get();
        assertThat(api.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("spark-role", "driver"));
        assertThat(api.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(api.getSpec().getIngress()).isNullOrEmpty();
        assertThat(api.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).extracting(peer -> peer.getIpBlock().getCidr()).containsExactly("10.0.0.1/32", "172.18.0.2/32");
            assertThat(rule.getTo()).allMatch(peer -> peer.getIpBlock().getExcept() == null || peer.getIpBlock().getExcept().isEmpty());
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443, 6443);
        });
    }

    private static void assertSparkPodsOfThisNamespace(NetworkPolicyPeer peer) {
        assertThat(peer.getNamespaceSelector()).as("this namespace only").isNull();
        assertThat(peer.getIpBlock()).isNull();
        assertThat(peer.getPodSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("spark-role");
            assertThat(e.getOperator()).isEqualTo("In");
            assertThat(e.getValues()).containsExactlyInAnyOrder("driver", "executor");
        });
    }

    @Test
    void withoutExecutorsTheDriversApiPolicyAllowsNothing() {
        NetworkPolicy api = new WorkspaceObjects(Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE)).desired(
                WorkspaceObjects.Target.of(Fixtures.workspace(WS))).stream()
                .filter(o -> o.getMetadata().getName().equals(WorkspaceObjects.DRIVER_API_POLICY)).map(NetworkPolicy.class::cast)
                .findFirst().orElseThrow();
        assertThat(api.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(api.getSpec().getEgress()).as("an egress policy without rules only denies").isNullOrEmpty();
    }

    @Test
    @Tag("R-06")
    void theDriversRoleIsWhatSparksSchedulerCallsInItsOwnNamespaceOnly() {
        Role role = client.rbac().roles().inNamespace(NS).withName(WorkspaceObjects.DRIVER_ACCOUNT).get();
        assertThat(role.getRules()).singleElement().satisfies((PolicyRule rule) -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "list", "watch", "delete", "deletecollection");
            assertThat(rule.getResourceNames()).isNullOrEmpty();
        });
        RoleBinding binding = client.rbac().roleBindings().inNamespace(NS).withName(WorkspaceObjects.DRIVER_ACCOUNT).get();
        assertThat(binding.getRoleRef().getKind()).as("a Role, not a ClusterRole").isEqualTo("Role");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(WorkspaceObjects.DRIVER_ACCOUNT);
            assertThat(s.getNamespace()).isEqualTo(NS);
        });
        assertThat(client.rbac().clusterRoles().list().getItems()).as("nothing cluster-wide").isEmpty();
        assertThat(client.rbac().clusterRoleBindings().list().getItems()).isEmpty();
    }

    @Test
    void aQuotaTooSmallForADriverAndItsExecutorsStartsNothingAndSaysWhy() throws Exception {
        KubernetesProperties d = Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE);
        // 2 CPUs: the driver (1) and two executors (1 each) need 3.
        KubernetesProperties small = new KubernetesProperties(d.namespacePrefix(), d.apply(), d.controller(), d.dns(),
                new KubernetesProperties.Quota("2", "16Gi", "8", "16Gi", 20, "60Gi", 4), d.containerDefaults(), d.storage(), d.runtime());
        KubernetesJobLauncher tooSmall = new KubernetesJobLauncher(client, small, Fixtures.executors(),
                Fixtures.properties(dataDir, Duration.ofMinutes(5)));
        try {
            assertThat(tooSmall.available()).isFalse();
            assertThat(tooSmall.unavailableReason()).contains("requests.cpu needs 3, quota 2", "2 executors", "sandbox.kubernetes.quota")
                    .doesNotContain("limits.cpu");
        } finally {
            tooSmall.shutdown();
        }
        KubernetesEngineLauncher engines = new KubernetesEngineLauncher(client, small, Fixtures.executors(),
                Fixtures.properties(dataDir, Duration.ofMinutes(5)));
        assertThatThrownBy(() -> engines.start(engineSpec("eng-q")))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE))
                .hasMessageContaining("requests.cpu needs 4, quota 2");
        assertThat(client.pods().inNamespace(NS).withName(KubernetesEngineLauncher.name("eng-q")).get()).as("nothing started").isNull();

        KubernetesProperties fewPods = new KubernetesProperties(d.namespacePrefix(), d.apply(), d.controller(), d.dns(),
                new KubernetesProperties.Quota("8", "16Gi", "8", "16Gi", 2, "60Gi", 4), d.containerDefaults(), d.storage(), d.runtime());
        KubernetesJobLauncher twoPods = new KubernetesJobLauncher(client, fewPods, Fixtures.executors(),
                Fixtures.properties(dataDir, Duration.ofMinutes(5)));
        try {
            assertThat(twoPods.unavailableReason()).contains("pods needs 3, quota 2");
        } finally {
            twoPods.shutdown();
        }
        assertThat(launcher.available()).as("the fixture's quota holds a driver and two executors").isTrue();
    }

    @Test
    void withoutTheApiServersAddressExecutorsCannotStartAndTheLauncherSaysSo() {
        KubernetesExecutorProperties e = Fixtures.executors();
        KubernetesJobLauncher noAddress = new KubernetesJobLauncher(client, Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE),
                new KubernetesExecutorProperties(e.instances(), e.cores(), e.memory(), e.memoryOverhead(), List.of(), e.apiServerPorts(),
                        e.driverPort(), e.blockManagerPort(), e.apiServerUrl()), Fixtures.properties(dataDir, Duration.ofMinutes(5)));
        try {
            assertThat(noAddress.available()).isFalse();
            assertThat(noAddress.unavailableReason()).contains("sandbox.kubernetes.executors.api-server-cidrs");
        } finally {
            noAddress.shutdown();
        }
    }

    private EngineLauncher.Spec engineSpec(String engineId) {
        return new EngineLauncher.Spec(engineId, WS, "shuyu_ws", "ws_grant", layout.root(), layout.warehouse(), layout.files(),
                layout.root().resolve("engines/" + engineId), List.of(), 2, 1024, 100, "engine-token-123", "engine-secret-456",
                "salt-789");
    }

    @Test
    void aWorkspaceEngineRunsItsSparkSessionWithExecutorsToo() {
        KubernetesEngineLauncher engines = new KubernetesEngineLauncher(client, Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE),
                Fixtures.executors(), Fixtures.properties(dataDir, Duration.ofMinutes(5)));
        EngineLauncher.Launched launched = engines.start(engineSpec("eng-x1"));
        String name = KubernetesEngineLauncher.name("eng-x1");
        ConfigMap config = client.configMaps().inNamespace(NS).withName(name).get();
        EngineRequest request = contract.read(config.getData().get("engine.json"), EngineRequest.class);
        SparkCluster cluster = request.cluster().orElseThrow();
        assertThat(cluster.master()).isEqualTo("k8s://https://kubernetes.default.svc");
        assertThat(cluster.conf()).containsEntry("spark.kubernetes.driver.pod.name", name)
                .containsEntry("spark.driver.host", name + "." + NS + ".svc")
                .containsEntry("spark.kubernetes.executor.podTemplateFile", "/etc/shuyu/engine/executor-template.yaml")
                .containsEntry("spark.executor.instances", "2");
        Pod engine = client.pods().inNamespace(NS).withName(name).get();
        assertThat(engine.getMetadata().getLabels()).containsEntry("spark-role", "driver");
        assertThat(engine.getSpec().getAutomountServiceAccountToken()).isTrue();
        Service svc = client.services().inNamespace(NS).withName(name).get();
        assertThat(svc.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(15003, 15002, 7078, 7079);
        assertThat(svc.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertExecutorTemplateKeepsTheDriversIsolation(template(config), engine);

        engines.stop(launched);
        assertThat(client.services().inNamespace(NS).withName(name).get()).isNull();
        assertThat(client.configMaps().inNamespace(NS).withName(name).get()).isNull();
    }

    @Test
    void withoutExecutorsNothingChanges() throws Exception {
        KubernetesJobLauncher local = new KubernetesJobLauncher(client, Fixtures.settings(ApplyStrategy.READ_COMPARE_WRITE),
                Fixtures.properties(dataDir, Duration.ofMinutes(5)));
        try {
            CompletableFuture<JobLauncher.Outcome> outcome = local.launch(run("job-l1"), () -> true);
            String name = KubernetesJobLauncher.podName("job-l1");
            Pod driver = awaitPod(name);
            ConfigMap config = client.configMaps().inNamespace(NS).withName(name).get();
            assertThat(contract.read(config.getData().get("runtime.json"), RuntimeRequest.class).cluster()).isEmpty();
            assertThat(config.getData()).doesNotContainKey(SparkExecutors.TEMPLATE_KEY);
            assertThat(driver.getSpec().getAutomountServiceAccountToken()).isFalse();
            assertThat(driver.getMetadata().getLabels()).containsEntry("spark-role", "driver");
            assertThat(client.services().inNamespace(NS).withName(SparkExecutors.serviceName("job-l1")).get()).isNull();
            finish(name);
            assertThat(outcome.get(20, TimeUnit.SECONDS).state()).isEqualTo(JobState.FAILED);
        } finally {
            local.shutdown();
        }
    }
}
