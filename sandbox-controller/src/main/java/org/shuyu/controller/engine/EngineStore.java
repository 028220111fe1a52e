package org.shuyu.controller.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: the engine registry ({@code workspace_engine}). */
public interface EngineStore {
    /** Records a STARTING engine with the hash of its credential. */
    void insert(EngineRecord engine, String tokenHash);

    /** Where the engine runs (process id, or namespace/pod), as soon as it was started. */
    void recordLocation(String engineId, String location);

    /** The engine serves: its endpoints. */
    void markReady(String engineId, String controlUrl, String connectHost, int connectPort, Instant at);

    /** The engine is being stopped. */
    void markStopping(String engineId);

    /** The engine stopped ({@code reason}: a code such as IDLE, ACCESS_CLOSED, CONTROLLER_RESTARTED). */
    void markStopped(String engineId, Instant at, String reason);

    /** The engine's process CPU seconds as last reported. */
    void recordCpu(String engineId, double cpuSeconds);

    Optional<EngineRecord> find(String engineId);

    /** Engines not STOPPED that another controller incarnation started. */
    List<EngineRecord> unstoppedOfOtherIncarnations(String incarnation);

    /** A workspace's engines, newest first, at most {@code limit}. */
    List<EngineRecord> ofWorkspace(String workspaceId, int limit);

    /** Metered use of a workspace's engines: how many, core seconds (uptime x cores) and CPU seconds. */
    EngineUsage usage(String workspaceId, Instant now);

    /** The sum over a workspace's engines. */
    record EngineUsage(int engines, double coreSeconds, double cpuSeconds) {}
}
