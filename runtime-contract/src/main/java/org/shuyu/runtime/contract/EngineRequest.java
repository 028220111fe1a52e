package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a launcher hands a warm workspace engine ({@value EngineFiles#REQUEST}): the workspace it serves (one engine
 * per workspace, never shared), the granted sources it registers once, where policies and lineage go, its resource
 * limits, where its Spark tasks run ({@link SparkCluster}; absent: {@code local[cores]} in the engine's JVM), and the
 * directory it writes {@value EngineFiles#READY} and its internal log into. The engine's secrets come
 * from the environment ({@link EngineLaunch}), never from this file.
 *
 * <p>{@code controlPort} and {@code connectPort} 0 mean "pick a free port"; the engine reports the ports it bound in
 * {@link EngineReady}. Both listen on {@code bindHost} only (127.0.0.1 locally, the pod IP on Kubernetes).
 */
@JsonPropertyOrder({"engineId", "workspaceId", "serviceName", "workspaceDatabase", "workspaceDir", "warehouseDir",
        "filesDir", "controllerUrl", "policyPollMillis", "policyMaxStalenessMillis", "lineageDeliveryTimeoutMillis",
        "sources", "cores", "memoryMb", "maxResultRows", "bindHost", "controlPort", "connectPort", "parentWatch",
        "engineDir", "cluster"})
public record EngineRequest(String engineId, String workspaceId, String serviceName, String workspaceDatabase,
        Path workspaceDir, Path warehouseDir, Path filesDir, String controllerUrl,
        @JsonProperty(required = true) long policyPollMillis, @JsonProperty(required = true) long policyMaxStalenessMillis,
        @JsonProperty(required = true) long lineageDeliveryTimeoutMillis, List<RuntimeRequest.Source> sources,
        @JsonProperty(required = true) int cores, @JsonProperty(required = true) int memoryMb,
        @JsonProperty(required = true) int maxResultRows, String bindHost,
        @JsonProperty(required = true) int controlPort, @JsonProperty(required = true) int connectPort,
        @JsonProperty(required = true) boolean parentWatch, Path engineDir,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Optional<SparkCluster> cluster) {

    public EngineRequest {
        Checks.text(engineId, "engineId");
        Checks.text(workspaceId, "workspaceId");
        Checks.text(serviceName, "serviceName");
        Checks.workspaceDatabase(workspaceDatabase, "workspaceDatabase");
        Checks.absolute(workspaceDir, "workspaceDir");
        Checks.absolute(warehouseDir, "warehouseDir");
        Checks.absolute(filesDir, "filesDir");
        Checks.absolute(engineDir, "engineDir");
        Checks.httpUrl(controllerUrl, "controllerUrl");
        Checks.policyTiming(policyPollMillis, policyMaxStalenessMillis);
        if (lineageDeliveryTimeoutMillis < 1 || lineageDeliveryTimeoutMillis > RuntimeLimits.MAX_LINEAGE_DELIVERY_MILLIS) {
            throw new IllegalArgumentException("lineageDeliveryTimeoutMillis must be 1 to "
                    + RuntimeLimits.MAX_LINEAGE_DELIVERY_MILLIS);
        }
        sources = Checks.list(sources, "sources");
        if (cores < 1 || cores > 256) {
            throw new IllegalArgumentException("cores " + cores + " not in 1..256");
        }
        if (memoryMb < 256 || memoryMb > 1_048_576) {
            throw new IllegalArgumentException("memoryMb " + memoryMb + " not in 256..1048576");
        }
        if (maxResultRows < 1 || maxResultRows > RuntimeLimits.MAX_PREVIEW_ROWS) {
            throw new IllegalArgumentException("maxResultRows " + maxResultRows + " not in 1.."
                    + RuntimeLimits.MAX_PREVIEW_ROWS);
        }
        Checks.text(bindHost, "bindHost");
        if (controlPort < 0 || controlPort > 65535 || connectPort < 0 || connectPort > 65535) {
            throw new IllegalArgumentException("ports must be 0 (any free port) to 65535");
        }
        cluster = cluster == null ? Optional.empty() : cluster;
    }
}
