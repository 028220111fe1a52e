package org.shuyu.controller.engine;

import java.nio.file.Path;
import java.util.Optional;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.RuntimeLimits;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.SparkCluster;

/**
 * The engine.json of an engine, the same for every launcher: only the controller's URL, where the engine listens and
 * its directory differ (loopback, any free port and the workspace's directory locally; the pod's address, fixed ports
 * and the pod's directory on Kubernetes). A spec the contract refuses fails with its IllegalArgumentException.
 */
public final class EngineRequests {
    private EngineRequests() {}

    public static EngineRequest of(EngineLauncher.Spec spec, String controllerUrl, long policyPollMillis,
            long policyMaxStalenessMillis, String bindHost, int controlPort, int connectPort, boolean parentWatch,
            Path engineDir) {
        return of(spec, controllerUrl, policyPollMillis, policyMaxStalenessMillis, bindHost, controlPort, connectPort,
                parentWatch, engineDir, Optional.empty());
    }

    /** With where the engine's Spark tasks run ({@code cluster}; empty: {@code local[cores]} in the engine's JVM). */
    public static EngineRequest of(EngineLauncher.Spec spec, String controllerUrl, long policyPollMillis,
            long policyMaxStalenessMillis, String bindHost, int controlPort, int connectPort, boolean parentWatch,
            Path engineDir, Optional<SparkCluster> cluster) {
        return new EngineRequest(spec.engineId(), spec.workspaceId(), spec.serviceName(), spec.workspaceDatabase(),
                spec.workspaceDir().toAbsolutePath(), spec.warehouseDir().toAbsolutePath(), spec.filesDir().toAbsolutePath(),
                controllerUrl, policyPollMillis, policyMaxStalenessMillis, RuntimeLimits.DEFAULT_LINEAGE_DELIVERY_MILLIS,
                spec.sources().stream().map(s -> new RuntimeRequest.Source(s.id(), s.format(),
                        s.location().toAbsolutePath(), s.schema())).toList(),
                spec.cores(), spec.memoryMb(), spec.maxResultRows(), bindHost, controlPort, connectPort, parentWatch,
                engineDir, cluster);
    }
}
