package org.shuyu.controller.config;

import static java.util.Objects.requireNonNull;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Kubernetes provisioner and launcher, under {@code sandbox.kubernetes.*}; read only when
 * {@code sandbox.workspaces.provisioner=kubernetes}. See docs/kubernetes.md.
 *
 * <p>{@code apply}: how desired objects are written: {@code server-side} apply (the default, for real API servers),
 * or {@code read-compare-write} (get, then create or update only what differs), which fabric8's mock server also
 * understands. {@code controller}: how workspace pods reach the controller (its namespace, pod labels and the
 * ports of the policy and lineage endpoints): the only egress their NetworkPolicy allows besides DNS.
 */
@Validated
@ConfigurationProperties("sandbox.kubernetes")
public record KubernetesProperties(
        @DefaultValue("shuyu-ws-") @NotBlank @Pattern(regexp = "[a-z]([-a-z0-9]{0,18}[-])?") String namespacePrefix,
        @DefaultValue("server-side") @NotNull ApplyStrategy apply,
        @Valid @NotNull @DefaultValue Controller controller,
        @Valid @NotNull @DefaultValue Dns dns,
        @Valid @NotNull @DefaultValue Quota quota,
        @Valid @NotNull @DefaultValue ContainerDefaults containerDefaults,
        @Valid @NotNull @DefaultValue Storage storage,
        @Valid @NotNull @DefaultValue Runtime runtime) {

    public KubernetesProperties {
        requireNonNull(namespacePrefix, "namespacePrefix is null");
        requireNonNull(apply, "apply is null");
        requireNonNull(controller, "controller is null");
        requireNonNull(dns, "dns is null");
        requireNonNull(quota, "quota is null");
        requireNonNull(containerDefaults, "containerDefaults is null");
        requireNonNull(storage, "storage is null");
        requireNonNull(runtime, "runtime is null");
    }

    /** The defaults, as an unbound configuration would have them (tests, benchmarks). */
    public static KubernetesProperties defaults() {
        return new KubernetesProperties("shuyu-ws-", ApplyStrategy.SERVER_SIDE,
                new Controller("shuyu", null, List.of(8080)), new Dns("kube-system", null, 53),
                new Quota("4", "16Gi", "8", "16Gi", 20, "60Gi", 4),
                new ContainerDefaults("250m", "512Mi", "2", "4Gi"),
                new Storage("20Gi", null, "/workspace", Shared.none()),
                new Runtime(null, "IfNotPresent", "2", "4Gi", "3g", 10001, Duration.ofSeconds(2), null, null, null));
    }

    public enum ApplyStrategy { SERVER_SIDE, READ_COMPARE_WRITE }

    /** The controller as seen from workspace namespaces. {@code podLabels} default to the Helm chart's selector. */
    public record Controller(
            @DefaultValue("shuyu") @NotBlank String namespace,
            Map<String, String> podLabels,
            @DefaultValue("8080") @NotEmpty List<@Min(1) @Max(65535) Integer> ports) {
        public Controller {
            podLabels = podLabels == null || podLabels.isEmpty()
                    ? Map.of("app.kubernetes.io/name", "shuyu", "app.kubernetes.io/component", "controller") : Map.copyOf(podLabels);
            ports = List.copyOf(ports);
        }
    }

    /** The cluster DNS that workspace pods may query (and nothing else outside the namespace but the controller). */
    public record Dns(
            @DefaultValue("kube-system") @NotBlank String namespace,
            Map<String, String> podLabels,
            @DefaultValue("53") @Min(1) @Max(65535) int port) {
        public Dns {
            podLabels = podLabels == null || podLabels.isEmpty() ? Map.of("k8s-app", "kube-dns") : Map.copyOf(podLabels);
        }
    }

    /** The ResourceQuota of a workspace namespace (grants carry no compute size yet: one default for all). */
    public record Quota(
            @DefaultValue("4") @NotBlank String requestsCpu,
            @DefaultValue("16Gi") @NotBlank String requestsMemory,
            @DefaultValue("8") @NotBlank String limitsCpu,
            @DefaultValue("16Gi") @NotBlank String limitsMemory,
            @DefaultValue("20") @Min(1) int pods,
            @DefaultValue("60Gi") @NotBlank String requestsStorage,
            @DefaultValue("4") @Min(1) int persistentVolumeClaims) {}

    /** The LimitRange: what a container gets when it asks for nothing, and the most it may ask for. */
    public record ContainerDefaults(
            @DefaultValue("250m") @NotBlank String requestCpu,
            @DefaultValue("512Mi") @NotBlank String requestMemory,
            @DefaultValue("2") @NotBlank String limitCpu,
            @DefaultValue("4Gi") @NotBlank String limitMemory) {}

    /**
     * The workspace's PersistentVolumeClaim {@code workspace-data}, mounted at {@code mountPath} in job pods. With
     * {@code shared} set, the claim is bound to a ReadWriteMany volume of the platform's shared storage instead of a
     * dynamically provisioned one (docs/storage.md).
     */
    public record Storage(
            @DefaultValue("20Gi") @NotBlank String size,
            String storageClass,
            @DefaultValue("/workspace") @NotBlank @Pattern(regexp = "/[a-z0-9/_-]+") String mountPath,
            @Valid @NotNull @DefaultValue Shared shared) {
        public Storage {
            requireNonNull(shared, "shared is null");
        }

        public Optional<String> storageClassName() {
            return Optional.ofNullable(storageClass).filter(s -> !s.isBlank());
        }
    }

    /**
     * The platform's shared storage (docs/storage.md): one NFS export (any ReadWriteMany file service that speaks NFS:
     * a NAS, Amazon EFS, Google Filestore, Azure Files NFS, CephFS's NFS gateway), which the controller mounts at its
     * data directory. {@code nfsServer} and {@code nfsPath}: the export; unset means off (the volume claim per
     * workspace and the sources CSI volume of docs/kubernetes.md). Per workspace the controller makes two
     * PersistentVolumes bound to claims of that workspace's namespace only: {@code <nfsPath>/workspace-volumes/<namespace>}
     * read-write and {@code <nfsPath>/sources} read-only (NFS read-only at the volume, not only at the mount), so no
     * pod of a workspace, whatever its spec, can reach another workspace's directory. {@code sourcesSize}: the size the
     * read-only sources claim asks for (the quota counts it; NFS does not enforce sizes).
     */
    public record Shared(
            String nfsServer,
            @Pattern(regexp = "(/[A-Za-z0-9._-]+)*/?") String nfsPath,
            @DefaultValue("1Gi") @NotBlank String sourcesSize) {
        public static Shared none() {
            return new Shared(null, null, "1Gi");
        }

        public boolean enabled() {
            return nfsServer != null && !nfsServer.isBlank();
        }

        /** The export's root path without a trailing slash ({@code ""} for the root itself). */
        public String root() {
            String path = nfsPath == null || nfsPath.isBlank() ? "/" : nfsPath;
            return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }
    }

    /**
     * Job pods. {@code image}: the job runtime image (deploy/docker/runtime.Dockerfile); without it no job starts.
     * {@code sourcesCsiDriver} and {@code sourcesVolumeAttributes}: a read-only CSI volume holding the catalog's source
     * data, mounted where the controller keeps it (Pod Security {@code restricted} allows CSI, not NFS or hostPath);
     * without it no job starts either.
     */
    public record Runtime(
            String image,
            @DefaultValue("IfNotPresent") @NotBlank String imagePullPolicy,
            @DefaultValue("2") @NotBlank String driverCpu,
            @DefaultValue("4Gi") @NotBlank String driverMemory,
            @DefaultValue("3g") @NotBlank @Pattern(regexp = "[0-9]+[mg]") String heap,
            @DefaultValue("10001") @Min(1) long runAsUser,
            @DefaultValue("2s") @NotNull Duration pollInterval,
            String sourcesCsiDriver,
            Map<String, String> sourcesVolumeAttributes,
            String imagePullSecret) {
        public Runtime {
            sourcesVolumeAttributes = sourcesVolumeAttributes == null ? Map.of() : Map.copyOf(sourcesVolumeAttributes);
        }

        public Optional<String> runtimeImage() {
            return Optional.ofNullable(image).filter(s -> !s.isBlank());
        }

        public Optional<String> sourcesDriver() {
            return Optional.ofNullable(sourcesCsiDriver).filter(s -> !s.isBlank());
        }

        public Optional<String> pullSecret() {
            return Optional.ofNullable(imagePullSecret).filter(s -> !s.isBlank());
        }
    }
}
