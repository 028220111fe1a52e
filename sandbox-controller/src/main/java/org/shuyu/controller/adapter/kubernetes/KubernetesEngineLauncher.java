package org.shuyu.controller.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.config.KubernetesExecutorProperties;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.engine.EngineLauncher;
import org.shuyu.controller.engine.EngineRequests;
import org.shuyu.controller.engine.WorkspaceEngines;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.runtime.contract.EngineFiles;
import org.shuyu.runtime.contract.EngineLaunch;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeLaunch;
import org.shuyu.runtime.contract.SparkCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why this class is long: the engine's four objects (Secret, ConfigMap, Pod, Service), their readiness and their
 * deletion, now and after a controller restart, belong together; with executors, the engine's Spark session runs
 * Spark's Kubernetes scheduler ({@link SparkExecutors}: the {@code k8s://} cluster in engine.json, the executor pod
 * template in the ConfigMap, the driver's ports on the Service).
 *
 * <p>Runs each workspace engine as a pod in its workspace's namespace, from the runtime image, with the same restricted
 * security as job driver pods ({@link DriverPods}: non-root, read-only root file system, no capabilities, no service
 * account token), requests and limits of the engine's cores and memory, its engine.json in a ConfigMap, its credential,
 * secret and mask salt in a Secret, and a ClusterIP Service in front of its control port ({@value #CONTROL_PORT}) and
 * Spark Connect port ({@value #CONNECT_PORT}). It is ready when the pod's readiness probe (the control port) passes.
 * All four objects share one name and carry the label {@value #ENGINE_LABEL}; stop deletes them, and a restarted
 * controller deletes those of engines it does not know ({@link #stopStrays}).
 */
public class KubernetesEngineLauncher implements EngineLauncher {
    private static final Logger log = LoggerFactory.getLogger(KubernetesEngineLauncher.class);
    static final String ENGINE_LABEL = "shuyu.org/engine";
    static final String COMPONENT = "workspace-engine";
    static final int CONTROL_PORT = 15003;
    static final int CONNECT_PORT = 15002;
    static final String CONFIG_DIR = "/etc/shuyu/engine";
    static final String ENGINE_DIR = "/shuyu/engine";

    private final KubernetesClient client;
    private final KubernetesProperties settings;
    private final SandboxProperties.Jobs jobs;
    private final Path sourcesRoot;
    private final RuntimeJson contract = new RuntimeJson();
    private final Duration poll;
    private final SparkExecutors executors;

    public KubernetesEngineLauncher(KubernetesClient client, KubernetesProperties settings, SandboxProperties properties) {
        this(client, settings, KubernetesExecutorProperties.none(), properties);
    }

    /** With executors: the engine's Spark session runs Spark's Kubernetes scheduler ({@link SparkExecutors}). */
    public KubernetesEngineLauncher(KubernetesClient client, KubernetesProperties settings,
            KubernetesExecutorProperties executors, SandboxProperties properties) {
        this.client = client;
        this.settings = settings;
        this.jobs = properties.jobs();
        this.sourcesRoot = properties.dataDir().resolve("sources").toAbsolutePath().normalize();
        this.poll = settings.runtime().pollInterval();
        this.executors = new SparkExecutors(executors, settings, sourcesRoot);
    }

    @Override
    public boolean available() {
        return problem().isEmpty();
    }

    @Override
    public String unavailableReason() {
        return problem().orElse("available");
    }

    private Optional<String> problem() {
        KubernetesProperties.Runtime runtime = settings.runtime();
        if (runtime.runtimeImage().isEmpty()) {
            return Optional.of("no runtime image is configured (sandbox.kubernetes.runtime.image)");
        }
        if (jobs.policyUrl() == null || jobs.policyUrl().isBlank()) {
            return Optional.of("engine pods need the controller's in-cluster URL (sandbox.jobs.policy-url)");
        }
        if (runtime.sourcesDriver().isEmpty() && !settings.storage().shared().enabled()) {
            return Optional.of("no read-only volume with the catalog's source data is configured"
                    + " (sandbox.kubernetes.storage.shared or sandbox.kubernetes.runtime.sources-csi-driver)");
        }
        return Optional.empty();
    }

    static String name(String engineId) {
        return KubeNames.dnsLabel("", engineId);
    }

    private String namespace(String workspaceId) {
        return KubeNames.namespace(settings.namespacePrefix(), workspaceId);
    }

    static Map<String, String> labels(String engineId, String workspaceId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubeNames.MANAGED_BY, KubeNames.MANAGER);
        labels.put(KubeNames.WORKSPACE, KubeNames.labelValue(workspaceId));
        labels.put(ENGINE_LABEL, KubeNames.labelValue(engineId));
        labels.put("app.kubernetes.io/component", COMPONENT);
        return labels;
    }

    @Override
    public Launched start(Spec spec) {
        if (!available()) {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "engines cannot start: " + unavailableReason());
        }
        String ns = namespace(spec.workspaceId());
        String name = name(spec.engineId());
        Map<String, String> labels = labels(spec.engineId(), spec.workspaceId());
        Quantity memory = memory(spec);
        executors.problem(Integer.toString(spec.cores()), memory.toString()).ifPresent(problem -> {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "engines cannot start: " + problem);
        });
        Optional<SparkCluster> cluster = executors.enabled()
                ? Optional.of(executors.cluster(ns, name, name, CONFIG_DIR + "/" + SparkExecutors.TEMPLATE_KEY)) : Optional.empty();
        String request;
        try {
            request = contract.write(EngineRequests.of(spec, jobs.policyUrl(), jobs.policyPollMillis(),
                    jobs.policyMaxStalenessMillis(), "0.0.0.0", CONTROL_PORT, CONNECT_PORT, false, Path.of(ENGINE_DIR), cluster));
        } catch (IllegalArgumentException e) {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "invalid engine configuration: " + e.getMessage());
        }
        try {
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withMetadata(meta(name, ns, labels))
                    .withType("Opaque").withImmutable(true)
                    .withStringData(Map.of(EngineLaunch.ENGINE_TOKEN_ENV, spec.token(), EngineLaunch.ENGINE_SECRET_ENV,
                            spec.secret(), RuntimeLaunch.MASK_SALT_ENV, spec.maskSalt()))
                    .build()).create();
            Map<String, String> data = new LinkedHashMap<>();
            data.put(EngineFiles.REQUEST, request);
            if (executors.enabled()) {
                data.put(SparkExecutors.TEMPLATE_KEY, executors.templateYaml(ns, spec.workspaceId()));
            }
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withMetadata(meta(name, ns, labels))
                    .withImmutable(true).withData(data).build()).create();
            Pod engine = pod(spec, ns, name, labels);
            client.pods().inNamespace(ns).resource(executors.enabled() ? executors.asDriver(engine) : engine).create();
            client.services().inNamespace(ns).resource(service(ns, name, labels)).create();
        } catch (KubernetesClientException e) {
            delete(ns, name);
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "the engine's pod could not be created (HTTP "
                    + e.getCode() + ")");
        }
        log.info("engine {} of workspace {} started as pod {}/{}", spec.engineId(), spec.workspaceId(), ns, name);
        return new Launched(spec.engineId(), spec.workspaceId(), ns + "/" + name);
    }

    /**
     * The engine's Service: its control and Connect ports, and with executors the Spark driver's ports too (executors
     * reach the engine's driver by this name, also before the pod is ready: the Spark session starts first).
     */
    private Service service(String ns, String name, Map<String, String> labels) {
        List<ServicePort> ports = new ArrayList<>(List.of(new ServicePortBuilder().withName("control").withPort(CONTROL_PORT)
                        .withTargetPort(new IntOrString(CONTROL_PORT)).withProtocol("TCP").build(),
                new ServicePortBuilder().withName("connect").withPort(CONNECT_PORT)
                        .withTargetPort(new IntOrString(CONNECT_PORT)).withProtocol("TCP").build()));
        if (executors.enabled()) {
            ports.addAll(executors.driverPorts());
        }
        return new ServiceBuilder().withMetadata(meta(name, ns, labels))
                .withNewSpec().withType("ClusterIP").withSelector(Map.of(ENGINE_LABEL, labels.get(ENGINE_LABEL)))
                .withPublishNotReadyAddresses(executors.enabled() ? Boolean.TRUE : null).withPorts(ports)
                .endSpec().build();
    }

    /** Limits: the heap plus room for Spark's off-heap buffers and the JVM itself. */
    private static Quantity memory(Spec spec) {
        return new Quantity((spec.memoryMb() + Math.max(384, spec.memoryMb() / 2)) + "Mi");
    }

    private static ObjectMeta meta(String name, String ns, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withNamespace(ns).withLabels(labels).build();
    }

    Pod pod(Spec spec, String ns, String name, Map<String, String> labels) {
        KubernetesProperties.Runtime runtime = settings.runtime();
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(RuntimeLaunch.jvmOptions());
        command.addAll(List.of("-Xmx" + spec.memoryMb() + "m", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp",
                "-Duser.timezone=Asia/Shanghai", "-cp", "/opt/shuyu/lib/*", EngineLaunch.MAIN_CLASS,
                CONFIG_DIR + "/" + EngineFiles.REQUEST));
        List<EnvVar> env = new ArrayList<>();
        for (String key : List.of(EngineLaunch.ENGINE_TOKEN_ENV, EngineLaunch.ENGINE_SECRET_ENV, RuntimeLaunch.MASK_SALT_ENV)) {
            env.add(new EnvVarBuilder().withName(key).withNewValueFrom().withNewSecretKeyRef(key, name, false).endValueFrom()
                    .build());
        }
        env.add(new EnvVar("HOME", "/tmp", null));
        Map<String, Quantity> resources = Map.of("cpu", new Quantity(Integer.toString(spec.cores())), "memory", memory(spec));
        PodSpecBuilder podSpec = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withServiceAccountName(WorkspaceObjects.DRIVER_ACCOUNT)
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(runtime.runAsUser())
                .withRunAsGroup(runtime.runAsUser()).withFsGroup(runtime.runAsUser()).withNewSeccompProfile()
                .withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .withContainers(new ContainerBuilder().withName("engine").withImage(runtime.runtimeImage().orElseThrow())
                        .withImagePullPolicy(runtime.imagePullPolicy()).withCommand(command).withEnv(env)
                        .withPorts(new ContainerPortBuilder().withName("control").withContainerPort(CONTROL_PORT).build(),
                                new ContainerPortBuilder().withName("connect").withContainerPort(CONNECT_PORT).build())
                        .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(CONTROL_PORT)).endTcpSocket()
                        .withPeriodSeconds(1).endReadinessProbe()
                        .withVolumeMounts(
                                new VolumeMountBuilder().withName("workspace").withMountPath(settings.storage().mountPath())
                                        .build(),
                                new VolumeMountBuilder().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).build(),
                                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build(),
                                new VolumeMountBuilder().withName("engine").withMountPath(ENGINE_DIR).build(),
                                new VolumeMountBuilder().withName("sources").withMountPath(sourcesRoot.toString())
                                        .withReadOnly(true).build())
                        .withNewResources().withRequests(resources).withLimits(resources).endResources()
                        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                        .withRunAsNonRoot(true).withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                        .build())
                .withVolumes(
                        new VolumeBuilder().withName("workspace").withNewPersistentVolumeClaim(WorkspaceObjects.DATA_CLAIM, false)
                                .build(),
                        new VolumeBuilder().withName("config").withNewConfigMap().withName(name).endConfigMap().build(),
                        new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("4Gi")).endEmptyDir()
                                .build(),
                        new VolumeBuilder().withName("engine").withNewEmptyDir().withSizeLimit(new Quantity("64Mi"))
                                .endEmptyDir().build(),
                        DriverPods.sourcesVolume(runtime, settings.storage().shared().enabled()));
        runtime.pullSecret().ifPresent(podSpec::addNewImagePullSecret);
        return new PodBuilder().withMetadata(meta(name, ns, labels)).withSpec(podSpec.build()).build();
    }

    @Override
    public Ready awaitReady(Launched launched, Duration timeout) {
        String[] where = launched.location().split("/", 2);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Pod pod;
                try {
                    pod = client.pods().inNamespace(where[0]).withName(where[1]).get();
                } catch (KubernetesClientException e) {
                    pod = null;
                }
                if (pod == null || ended(pod)) {
                    stop(launched);
                    throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "the engine's pod "
                            + (pod == null ? "is gone" : "ended (" + pod.getStatus().getPhase() + ")") + " before it was ready");
                }
                if (ready(pod)) {
                    String host = where[1] + "." + where[0] + ".svc";
                    return new Ready(WorkspaceEngines.controlUrl(host, CONTROL_PORT), host, CONNECT_PORT);
                }
                if (System.nanoTime() > deadline) {
                    stop(launched);
                    throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "the engine's pod was not ready within " + timeout);
                }
                Thread.sleep(Math.max(10, Math.min(poll.toMillis(), 1000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(launched);
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "interrupted while the engine started");
        }
    }

    private static boolean ended(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Failed".equals(phase) || "Succeeded".equals(phase);
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()) && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public boolean alive(Launched launched) {
        String[] where = launched.location().split("/", 2);
        try {
            Pod pod = client.pods().inNamespace(where[0]).withName(where[1]).get();
            return pod != null && !ended(pod);
        } catch (KubernetesClientException e) {
            return true; // the API server is unreachable: not a reason to call the engine dead
        }
    }

    @Override
    public void stop(Launched launched) {
        String[] where = launched.location().split("/", 2);
        delete(where[0], where[1]);
    }

    private void delete(String ns, String name) {
        for (Runnable delete : List.<Runnable>of(
                () -> client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete(),
                () -> client.services().inNamespace(ns).withName(name).delete(),
                () -> client.configMaps().inNamespace(ns).withName(name).delete(),
                () -> client.secrets().inNamespace(ns).withName(name).delete())) {
            try {
                delete.run();
            } catch (KubernetesClientException e) {
                log.warn("cannot delete an object of engine {}/{}: HTTP {}", ns, name, e.getCode());
            }
        }
    }

    @Override
    public boolean stopLeftover(String engineId, String workspaceId, String location) {
        String[] where = location.split("/", 2);
        if (where.length != 2) {
            return false;
        }
        Pod pod = client.pods().inNamespace(where[0]).withName(where[1]).get();
        boolean present = pod != null && KubeNames.labelValue(engineId).equals(pod.getMetadata().getLabels().get(ENGINE_LABEL));
        delete(where[0], where[1]);
        return present;
    }

    @Override
    public int stopStrays(List<String> keep) {
        List<String> kept = keep.stream().map(KubeNames::labelValue).toList();
        int stopped = 0;
        for (Pod pod : client.pods().inAnyNamespace().withLabel(KubeNames.MANAGED_BY, KubeNames.MANAGER)
                .withLabel("app.kubernetes.io/component", COMPONENT).list().getItems()) {
            String engine = pod.getMetadata().getLabels().get(ENGINE_LABEL);
            if (engine != null && !kept.contains(engine)) {
                delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                stopped++;
            }
        }
        return stopped;
    }
}
