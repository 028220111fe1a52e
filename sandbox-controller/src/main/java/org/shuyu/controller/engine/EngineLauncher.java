package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.shuyu.controller.job.JobLauncher;

/**
 * Port: starts and stops a workspace's warm engine process ({@code org.shuyu.jobs.engine.EngineMain}): a child JVM
 * locally, a pod and a Service in the workspace's namespace on Kubernetes. One engine per workspace; the launcher
 * does not decide when, {@link WorkspaceEngines} does.
 */
public interface EngineLauncher {
    /** Whether engines can be started here (a runtime is installed, the controller's URL is known). */
    boolean available();

    /** Why {@link #available()} is false. */
    String unavailableReason();

    /**
     * Starts the engine and returns at once; {@code location} of the result is what {@link #stopLeftover} needs to
     * find it again after a controller restart (a process id locally, {@code namespace/pod} on Kubernetes).
     */
    Launched start(Spec spec);

    /**
     * Waits until the engine reports it serves (its ready.json), at most {@code timeout}; a process that died or did
     * not get there in time is stopped and {@code SandboxException(ENGINE_UNAVAILABLE)} thrown.
     */
    Ready awaitReady(Launched launched, Duration timeout);

    /** Whether the engine's process (or pod) is still there. */
    boolean alive(Launched launched);

    /** Stops the engine's process (or deletes its pod, Service and Secret); idempotent. */
    void stop(Launched launched);

    /**
     * Stops an engine an earlier controller incarnation started, if it is still there and provably that engine
     * (its id in a marker on the command line, or its labels); true if something was stopped.
     */
    boolean stopLeftover(String engineId, String workspaceId, String location);

    /** Stops engine processes this launcher finds by its own bookkeeping (pid files), none of them in {@code keep}. */
    default int stopStrays(List<String> keep) {
        return 0;
    }

    /**
     * Everything an engine needs: its workspace's names, directories and sources (as for a job), its limits, its
     * credential towards the controller ({@code token}), the secret the controller presents to it, and the mask salt.
     */
    record Spec(String engineId, String workspaceId, String serviceName, String workspaceDatabase, Path workspaceDir,
            Path warehouseDir, Path filesDir, Path engineDir, List<JobLauncher.Source> sources, int cores, int memoryMb,
            int maxResultRows, String token, String secret, String maskSalt) {
        public Spec {
            requireNonNull(engineId, "engineId is null");
            requireNonNull(workspaceId, "workspaceId is null");
            requireNonNull(engineDir, "engineDir is null");
            sources = List.copyOf(sources);
            requireNonNull(token, "token is null");
            requireNonNull(secret, "secret is null");
            requireNonNull(maskSalt, "maskSalt is null");
        }

        @Override
        public String toString() {
            return "EngineLauncher.Spec[engineId=" + engineId + ", workspaceId=" + workspaceId + ", cores=" + cores
                    + ", memoryMb=" + memoryMb + "]";
        }
    }

    /** A started engine: its id, workspace and where it runs. */
    record Launched(String engineId, String workspaceId, String location) {
        public Launched {
            requireNonNull(engineId, "engineId is null");
            requireNonNull(workspaceId, "workspaceId is null");
            requireNonNull(location, "location is null");
        }
    }

    /** A serving engine: its control API's base URL and its Spark Connect host and port. */
    record Ready(URI controlUrl, String connectHost, int connectPort) {
        public Ready {
            requireNonNull(controlUrl, "controlUrl is null");
            requireNonNull(connectHost, "connectHost is null");
        }
    }
}
