package org.shuyu.controller.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shuyu.controller.config.KubernetesProperties;
import org.shuyu.controller.job.JobLauncher.Run;
import org.shuyu.runtime.contract.RuntimeFiles;
import org.shuyu.runtime.contract.RuntimeLaunch;

/**
 * The objects of one job on Kubernetes, all named after its driver pod: the secret with its credential, mask salt and
 * output marker, the config map with its runtime.json, and the driver pod running the runtime image (non-root,
 * read-only root file system, no capabilities, no service account token).
 */
final class DriverPods {
    /** Where the pod sees its config map (runtime.json). */
    static final String CONFIG_DIR = "/etc/shuyu/job";
    /** The runtime's outputDir in the pod (an emptyDir; the outputs come back as marker lines of the log). */
    static final String OUTPUT_DIR = "/shuyu/out";

    private final KubernetesProperties.Runtime runtime;
    private final String mountPath;
    private final Path sourcesRoot;
    private final Duration timeout;
    private final boolean shared;

    DriverPods(KubernetesProperties.Runtime runtime, String mountPath, Path sourcesRoot, Duration timeout, boolean shared) {
        this.runtime = runtime;
        this.mountPath = mountPath;
        this.sourcesRoot = sourcesRoot;
        this.timeout = timeout;
        this.shared = shared;
    }

    /**
     * The read-only volume {@code sources} with the catalog's source data: the namespace's claim of the shared storage's
     * sources volume (read-only at the volume and at the claim), or else the configured CSI volume (docs/storage.md).
     */
    static Volume sourcesVolume(KubernetesProperties.Runtime runtime, boolean shared) {
        if (shared) {
            return new VolumeBuilder().withName("sources").withNewPersistentVolumeClaim(WorkspaceObjects.SOURCES_CLAIM, true).build();
        }
        return new VolumeBuilder().withName("sources").withNewCsi().withDriver(runtime.sourcesDriver().orElseThrow()).withReadOnly(true)
                .withVolumeAttributes(runtime.sourcesVolumeAttributes()).endCsi().build();
    }

    static Map<String, String> labels(Run run) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubeNames.MANAGED_BY, KubeNames.MANAGER);
        labels.put(KubeNames.WORKSPACE, KubeNames.labelValue(run.workspaceId()));
        labels.put(KubeNames.JOB, KubeNames.labelValue(run.jobId()));
        labels.put("app.kubernetes.io/component", "spark-driver");
        labels.put("spark-role", "driver");
        return labels;
    }

    static Secret secret(Run run, String namespace, String name, Map<String, String> labels, String marker) {
        return new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build())
                .withType("Opaque").withImmutable(true)
                .withStringData(Map.of(RuntimeLaunch.TOKEN_ENV, run.runtimeToken(), RuntimeLaunch.MASK_SALT_ENV, run.maskSalt(),
                        RuntimeLaunch.OUTPUT_MARKER_ENV, marker))
                .build();
    }

    static ConfigMap configMap(String namespace, String name, Map<String, String> labels, String runtimeJson) {
        return configMap(namespace, name, labels, runtimeJson, Map.of());
    }

    /** With more files next to runtime.json (the executor pod template of a driver that runs executors). */
    static ConfigMap configMap(String namespace, String name, Map<String, String> labels, String runtimeJson,
            Map<String, String> files) {
        Map<String, String> data = new LinkedHashMap<>(files);
        data.put(RuntimeFiles.REQUEST, runtimeJson);
        return new ConfigMapBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build())
                .withImmutable(true).withData(data).build();
    }

    Pod driverPod(String namespace, String name, Map<String, String> labels) {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + runtime.heap(), "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=/tmp", "-Duser.timezone=Asia/Shanghai"));
        command.addAll(RuntimeLaunch.jvmOptions());
        command.addAll(List.of("-cp", "/opt/shuyu/lib/*", RuntimeLaunch.MAIN_CLASS, CONFIG_DIR + "/" + RuntimeFiles.REQUEST));
        List<EnvVar> env = new ArrayList<>();
        for (String key : List.of(RuntimeLaunch.TOKEN_ENV, RuntimeLaunch.MASK_SALT_ENV, RuntimeLaunch.OUTPUT_MARKER_ENV)) {
            env.add(new EnvVarBuilder().withName(key).withNewValueFrom().withNewSecretKeyRef(key, name, false).endValueFrom().build());
        }
        env.add(new EnvVar("HOME", "/tmp", null));
        env.add(new EnvVar("SPARK_LOCAL_IP", "127.0.0.1", null));
        List<Volume> volumes = new ArrayList<>(List.of(
                new VolumeBuilder().withName("workspace").withNewPersistentVolumeClaim(WorkspaceObjects.DATA_CLAIM, false).build(),
                new VolumeBuilder().withName("config").withNewConfigMap().withName(name).endConfigMap().build(),
                new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("4Gi")).endEmptyDir().build(),
                new VolumeBuilder().withName("out").withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir().build(),
                sourcesVolume(runtime, shared)));
        List<VolumeMount> mounts = List.of(
                new VolumeMountBuilder().withName("workspace").withMountPath(mountPath).build(),
                new VolumeMountBuilder().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).build(),
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build(),
                new VolumeMountBuilder().withName("out").withMountPath(OUTPUT_DIR).build(),
                new VolumeMountBuilder().withName("sources").withMountPath(sourcesRoot.toString()).withReadOnly(true).build());
        Map<String, Quantity> resources = Map.of("cpu", new Quantity(runtime.driverCpu()), "memory", new Quantity(runtime.driverMemory()));
        PodSpecBuilder spec = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withServiceAccountName(WorkspaceObjects.DRIVER_ACCOUNT)
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withActiveDeadlineSeconds(timeout.toSeconds())
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(runtime.runAsUser()).withRunAsGroup(runtime.runAsUser())
                .withFsGroup(runtime.runAsUser()).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .withContainers(new ContainerBuilder().withName("driver").withImage(runtime.runtimeImage().orElseThrow())
                        .withImagePullPolicy(runtime.imagePullPolicy()).withCommand(command).withEnv(env).withVolumeMounts(mounts)
                        .withNewResources().withRequests(resources).withLimits(resources).endResources()
                        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withRunAsNonRoot(true)
                        .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext().build())
                .withVolumes(volumes);
        runtime.pullSecret().ifPresent(secret -> spec.addNewImagePullSecret(secret));
        return new PodBuilder().withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build())
                .withSpec(spec.build()).build();
    }
}
