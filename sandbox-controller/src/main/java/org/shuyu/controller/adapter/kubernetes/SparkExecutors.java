package org.shuyu.controller.adapter.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.config.KubernetesExecutorProperties;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.runtime.contract.SparkCluster;

/**
 * Spark's Kubernetes scheduler for the driver pods of jobs and the engine pods (docs/kubernetes.md, "Executors"): the
 * {@link SparkCluster} a driver runs with (client mode, master {@code k8s://https://kubernetes.default.svc}, its
 * workspace's namespace, a pod template, fixed driver ports behind a Service, executors owned by the driver pod), the
 * executor pod template (the driver pod's isolation: non-root, read-only root file system, no capabilities, seccomp
 * {@code RuntimeDefault}, no service account token, no secret, the same volumes), what a driver pod needs besides
 * (its token, its pod IP, the {@code spark-role=driver} label the network policies select), and whether the workspace
 * quota holds a driver and its executors.
 *
 * <p>Spark is told not to make anything the driver's Role need not grant: no executor config map
 * ({@code disableConfigMap}), no driver service or claims of its own; the controller makes the Service.
 */
final class SparkExecutors {
    /** The pod label Spark puts on drivers and executors; the workspace network policies select by it. */
    static final String ROLE_LABEL = "spark-role";
    static final String DRIVER_ROLE = "driver";
    static final String EXECUTOR_ROLE = "executor";
    /** The key of the executor pod template in the driver's config map (mounted next to its runtime.json). */
    static final String TEMPLATE_KEY = "executor-template.yaml";
    static final String EXECUTOR_CONTAINER = "executor";
    /** The runtime image's executor entry point (deploy/docker/spark-executor.sh). */
    static final String EXECUTOR_COMMAND = "/opt/shuyu/bin/spark-executor";
    /** Spark's local (shuffle, spill) directory of an executor: an emptyDir Spark recognizes by its name. */
    static final String LOCAL_DIR_VOLUME = "spark-local-dir-1";
    static final String LOCAL_DIR = "/var/data/spark-local";
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final KubernetesExecutorProperties executors;
    private final KubernetesProperties settings;
    private final Path sourcesRoot;

    SparkExecutors(KubernetesExecutorProperties executors, KubernetesProperties settings, Path sourcesRoot) {
        this.executors = requireNonNull(executors, "executors is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.sourcesRoot = requireNonNull(sourcesRoot, "sourcesRoot is null");
    }

    boolean enabled() {
        return executors.enabled();
    }

    /** The headless Service in front of a driver's fixed ports (a DNS-1035 name: it starts with a letter). */
    static String serviceName(String id) {
        return KubeNames.dnsLabel("spark-", id);
    }

    /**
     * Why drivers with executors cannot run with these settings, if they cannot: no address of the API server for
     * the drivers' network policy, or a workspace quota too small for one driver ({@code driverCpu},
     * {@code driverMemory}) and its executors.
     */
    Optional<String> problem(String driverCpu, String driverMemory) {
        if (!enabled()) {
            return Optional.empty();
        }
        if (executors.apiServerCidrs().isEmpty()) {
            return Optional.of("executors need the Kubernetes API server's address for the drivers' network policy"
                    + " (sandbox.kubernetes.executors.api-server-cidrs), or sandbox.kubernetes.executors.instances=0");
        }
        KubernetesProperties.Quota quota = settings.quota();
        int n = executors.instances();
        BigDecimal cpu = amount(driverCpu).add(BigDecimal.valueOf((long) n * executors.cores()));
        BigDecimal memory = amount(driverMemory).add(amount(executors.podMemoryMb() + "Mi").multiply(BigDecimal.valueOf(n)));
        List<String> shortfalls = new ArrayList<>();
        check(shortfalls, "requests.cpu", cpu, quota.requestsCpu());
        check(shortfalls, "limits.cpu", cpu, quota.limitsCpu());
        check(shortfalls, "requests.memory", memory, quota.requestsMemory());
        check(shortfalls, "limits.memory", memory, quota.limitsMemory());
        check(shortfalls, "pods", BigDecimal.valueOf(1L + n), Integer.toString(quota.pods()));
        if (shortfalls.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the workspace quota cannot hold a driver (cpu " + driverCpu + ", memory " + driverMemory + ") and "
                + n + " executors (cpu " + executors.cores() + ", memory " + executors.podMemoryMb() + "Mi each): "
                + String.join("; ", shortfalls) + " (sandbox.kubernetes.quota, sandbox.kubernetes.executors)");
    }

    private static void check(List<String> problems, String resource, BigDecimal needed, String hard) {
        if (needed.compareTo(amount(hard)) > 0) {
            problems.add(resource + " needs " + needed.stripTrailingZeros().toPlainString() + ", quota " + hard);
        }
    }

    private static BigDecimal amount(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity));
    }

    /**
     * The Spark settings of a driver pod {@code driverPod} in {@code namespace} whose fixed ports are served by the
     * Service {@code service}, with its executor template at {@code templatePath}. The runtime's own settings
     * (enforcement, catalog, warehouse) are not among them and cannot be: {@link SparkCluster} refuses them.
     */
    SparkCluster cluster(String namespace, String driverPod, String service, String templatePath) {
        KubernetesProperties.Runtime runtime = settings.runtime();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.kubernetes.namespace", namespace);
        conf.put("spark.kubernetes.driver.pod.name", driverPod); // executors are owned by it: they die with it
        conf.put("spark.kubernetes.executor.podTemplateFile", templatePath);
        conf.put("spark.kubernetes.executor.podTemplateContainerName", EXECUTOR_CONTAINER);
        conf.put("spark.kubernetes.container.image", runtime.runtimeImage().orElseThrow());
        conf.put("spark.kubernetes.container.image.pullPolicy", runtime.imagePullPolicy());
        conf.put("spark.kubernetes.authenticate.driver.serviceAccountName", WorkspaceObjects.DRIVER_ACCOUNT);
        // Without it Spark gives executors the driver's account (and its pod rights); theirs has none and no token.
        conf.put("spark.kubernetes.authenticate.executor.serviceAccountName", WorkspaceObjects.JOB_ACCOUNT);
        conf.put("spark.kubernetes.executor.deleteOnTermination", "true");
        conf.put("spark.kubernetes.executor.disableConfigMap", "true");
        conf.put("spark.kubernetes.driver.service.deleteOnTermination", "false");
        conf.put("spark.kubernetes.driver.ownPersistentVolumeClaim", "false");
        conf.put("spark.kubernetes.driver.reusePersistentVolumeClaim", "false");
        conf.put("spark.kubernetes.executor.request.cores", Integer.toString(executors.cores()));
        conf.put("spark.kubernetes.executor.limit.cores", Integer.toString(executors.cores()));
        conf.put("spark.executor.instances", Integer.toString(executors.instances()));
        conf.put("spark.executor.cores", Integer.toString(executors.cores()));
        conf.put("spark.executor.memory", executors.memory());
        conf.put("spark.executor.memoryOverhead", executors.memoryOverhead());
        conf.put("spark.driver.host", service + "." + namespace + ".svc");
        conf.put("spark.driver.bindAddress", "0.0.0.0");
        conf.put("spark.driver.port", Integer.toString(executors.driverPort()));
        conf.put("spark.driver.blockManager.port", Integer.toString(executors.blockManagerPort()));
        // Tasks wait for the executors to register (all of them, for at most a minute) instead of starting on none.
        conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s");
        return new SparkCluster("k8s://" + executors.apiServerUrl(), conf);
    }

    /** Labels of an executor of {@code workspaceId} (Spark adds its application and executor ids). */
    static Map<String, String> executorLabels(String workspaceId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubeNames.MANAGED_BY, KubeNames.MANAGER);
        labels.put(KubeNames.WORKSPACE, KubeNames.labelValue(workspaceId));
        labels.put("app.kubernetes.io/component", "spark-executor");
        labels.put(ROLE_LABEL, EXECUTOR_ROLE);
        return labels;
    }

    /**
     * The executor pod template: what Spark starts each executor from (it adds the image, resources, its environment
     * and the argument {@code executor}). The same security as the driver pod; no token, no secret, no config; the
     * workspace volume (executors write the workspace's tables) and the sources read-only where the driver has them:
     * the same claims as the driver, {@code workspace-data} and, with shared storage, {@code workspace-sources}
     * (read-only at the claim and the volume), whose ReadWriteMany/ReadOnlyMany volumes let an executor start on any
     * node; else the configured CSI volume of the sources ({@link DriverPods#sourcesVolume}).
     */
    Pod template(String namespace, String workspaceId) {
        KubernetesProperties.Runtime runtime = settings.runtime();
        // Ordered, so the template's YAML is the same on every run (Map.of's order changes from one JVM to the next).
        Map<String, Quantity> resources = new LinkedHashMap<>();
        resources.put("cpu", new Quantity(Integer.toString(executors.cores())));
        resources.put("memory", new Quantity(executors.podMemoryMb() + "Mi"));
        List<EnvVar> env = List.of(new EnvVar("HOME", "/tmp", null),
                // The image's default (127.0.0.1) would hide the executor's block manager from the others.
                new EnvVarBuilder().withName("SPARK_LOCAL_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                        .endFieldRef().endValueFrom().build());
        PodSpecBuilder spec = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withServiceAccountName(WorkspaceObjects.JOB_ACCOUNT)
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(runtime.runAsUser()).withRunAsGroup(runtime.runAsUser())
                .withFsGroup(runtime.runAsUser()).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .withContainers(new ContainerBuilder().withName(EXECUTOR_CONTAINER).withImage(runtime.runtimeImage().orElseThrow())
                        .withImagePullPolicy(runtime.imagePullPolicy()).withCommand(EXECUTOR_COMMAND).withEnv(env)
                        .withVolumeMounts(
                                new VolumeMountBuilder().withName("workspace").withMountPath(settings.storage().mountPath()).build(),
                                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build(),
                                new VolumeMountBuilder().withName(LOCAL_DIR_VOLUME).withMountPath(LOCAL_DIR).build(),
                                new VolumeMountBuilder().withName("sources").withMountPath(sourcesRoot.toString()).withReadOnly(true).build())
                        .withNewResources().withRequests(resources).withLimits(resources).endResources()
                        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withRunAsNonRoot(true)
                        .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext().build())
                .withVolumes(
                        new VolumeBuilder().withName("workspace").withNewPersistentVolumeClaim(WorkspaceObjects.DATA_CLAIM, false).build(),
                        new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("1Gi")).endEmptyDir().build(),
                        new VolumeBuilder().withName(LOCAL_DIR_VOLUME).withNewEmptyDir().withSizeLimit(new Quantity("8Gi")).endEmptyDir()
                                .build(),
                        DriverPods.sourcesVolume(runtime, settings.storage().shared().enabled()));
        runtime.pullSecret().ifPresent(spec::addNewImagePullSecret);
        return new PodBuilder().withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withLabels(executorLabels(workspaceId)).build())
                .withSpec(spec.build()).build();
    }

    String templateYaml(String namespace, String workspaceId) {
        return YAML.asYaml(template(namespace, workspaceId));
    }

    /** The driver's fixed ports, by name. */
    List<ServicePort> driverPorts() {
        return List.of(
                new ServicePortBuilder().withName("spark-driver").withPort(executors.driverPort())
                        .withTargetPort(new IntOrString(executors.driverPort())).withProtocol("TCP").build(),
                new ServicePortBuilder().withName("spark-blocks").withPort(executors.blockManagerPort())
                        .withTargetPort(new IntOrString(executors.blockManagerPort())).withProtocol("TCP").build());
    }

    /**
     * The headless Service that gives a driver pod a name executors can reach before the pod is ready (Spark starts
     * executors while the driver starts).
     */
    Service driverService(String namespace, String name, Map<String, String> selector, Map<String, String> labels) {
        return new ServiceBuilder().withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build())
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true).withSelector(selector).withPorts(driverPorts())
                .endSpec().build();
    }

    /**
     * A driver pod that runs executors: labelled {@code spark-role=driver} (its network policy may reach the API
     * server), its service account token mounted (it creates, watches and deletes its executor pods), listening on its
     * pod IP (the image's {@code SPARK_LOCAL_IP} of 127.0.0.1 would not be reachable), with its fixed ports declared.
     */
    Pod asDriver(Pod pod) {
        PodBuilder builder = new PodBuilder(pod);
        builder.editMetadata().addToLabels(ROLE_LABEL, DRIVER_ROLE).endMetadata();
        builder.editSpec().withAutomountServiceAccountToken(true).endSpec();
        List<Container> containers = new ArrayList<>();
        for (Container container : builder.buildSpec().getContainers()) {
            List<EnvVar> env = new ArrayList<>(container.getEnv().stream().filter(e -> !e.getName().equals("SPARK_LOCAL_IP")).toList());
            env.add(new EnvVarBuilder().withName("SPARK_LOCAL_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                    .endFieldRef().endValueFrom().build());
            containers.add(new ContainerBuilder(container).withEnv(env)
                    .addToPorts(new ContainerPortBuilder().withName("spark-driver").withContainerPort(executors.driverPort()).build(),
                            new ContainerPortBuilder().withName("spark-blocks").withContainerPort(executors.blockManagerPort()).build())
                    .build());
        }
        builder.editSpec().withContainers(containers).endSpec();
        return builder.build();
    }
}
