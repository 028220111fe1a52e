package org.shuyu.controller.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Spark executors of jobs and workspace engines on Kubernetes, under {@code sandbox.kubernetes.executors.*}
 * (docs/kubernetes.md, "Executors"). With {@code instances} above 0, each driver pod (job) and engine pod runs Spark's
 * Kubernetes scheduler in client mode and starts that many executor pods in its workspace's namespace; 0 keeps Spark's
 * tasks inside the driver pod ({@code local[n]}), as before.
 *
 * <p>{@code cores} and {@code memory} are each executor's (Spark's {@code spark.executor.cores}/{@code .memory});
 * {@code memoryOverhead} is added on top for the pod's request and limit (Spark's off-heap and the JVM itself).
 * {@code apiServerCidrs}/{@code apiServerPorts}: where the Kubernetes API server's endpoints are, the only address
 * outside the namespace besides the controller and DNS that a driver may reach (it creates its executors there);
 * without them no driver could start an executor, so the launchers say so instead of starting jobs that hang.
 * {@code driverPort}/{@code blockManagerPort}: the driver's fixed ports, served by a headless Service.
 */
@Validated
@ConfigurationProperties("sandbox.kubernetes.executors")
public record KubernetesExecutorProperties(
        @DefaultValue("2") @Min(0) @Max(64) int instances,
        @DefaultValue("1") @Min(1) @Max(32) int cores,
        @DefaultValue("1g") @NotBlank @Pattern(regexp = "[0-9]+[mg]") String memory,
        @DefaultValue("512m") @NotBlank @Pattern(regexp = "[0-9]+[mg]") String memoryOverhead,
        List<@NotBlank String> apiServerCidrs,
        @DefaultValue({"443", "6443"}) @NotEmpty List<@Min(1) @Max(65535) Integer> apiServerPorts,
        @DefaultValue("7078") @Min(1024) @Max(65535) int driverPort,
        @DefaultValue("7079") @Min(1024) @Max(65535) int blockManagerPort,
        @DefaultValue("https://kubernetes.default.svc") @NotNull @Pattern(regexp = "https://[a-z0-9.-]+(:[0-9]+)?") String apiServerUrl) {

    public KubernetesExecutorProperties {
        apiServerCidrs = apiServerCidrs == null ? List.of() : List.copyOf(apiServerCidrs);
        apiServerPorts = apiServerPorts == null ? List.of(443, 6443) : List.copyOf(apiServerPorts);
        if (driverPort == blockManagerPort) {
            throw new IllegalArgumentException("sandbox.kubernetes.executors: driver-port and block-manager-port must differ");
        }
    }

    /** No executors: Spark's tasks run inside the driver pod (what code without these settings gets). */
    public static KubernetesExecutorProperties none() {
        return new KubernetesExecutorProperties(0, 1, "1g", "512m", List.of(), List.of(443, 6443), 7078, 7079,
                "https://kubernetes.default.svc");
    }

    /** True when drivers start executor pods. */
    public boolean enabled() {
        return instances > 0;
    }

    /** Megabytes of a {@code [0-9]+[mg]} size. */
    public static long megabytes(String size) {
        long n = Long.parseLong(size.substring(0, size.length() - 1));
        return size.endsWith("g") ? n * 1024 : n;
    }

    /** What one executor pod requests and is limited to: memory plus overhead, in MiB. */
    public long podMemoryMb() {
        return megabytes(memory) + megabytes(memoryOverhead);
    }
}
