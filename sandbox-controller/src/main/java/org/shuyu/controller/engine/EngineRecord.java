package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A row of the engine registry ({@code workspace_engine}): which controller incarnation started the engine, where it
 * runs, its state, its limits and the CPU seconds it reported last. Never its secret; its token only as a hash.
 */
public record EngineRecord(String id, String workspaceId, String incarnation, Optional<String> location,
        Optional<String> controlUrl, Optional<String> connectHost, Optional<Integer> connectPort, State state,
        Instant startedAt, Optional<Instant> readyAt, Optional<Instant> stoppedAt, Optional<String> stopReason, int cores,
        int memoryMb, double cpuSeconds) {

    /** STARTING until its ready.json, READY while it serves, STOPPING while it is stopped, STOPPED at the end. */
    public enum State {
        STARTING, READY, STOPPING, STOPPED;

        public boolean running() {
            return this == STARTING || this == READY;
        }
    }

    public EngineRecord {
        requireNonNull(id, "id is null");
        requireNonNull(workspaceId, "workspaceId is null");
        requireNonNull(incarnation, "incarnation is null");
        requireNonNull(location, "location is null");
        requireNonNull(controlUrl, "controlUrl is null");
        requireNonNull(connectHost, "connectHost is null");
        requireNonNull(connectPort, "connectPort is null");
        requireNonNull(state, "state is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(readyAt, "readyAt is null");
        requireNonNull(stoppedAt, "stoppedAt is null");
        requireNonNull(stopReason, "stopReason is null");
    }

    /** Metered core time: uptime (start to stop, or to {@code now} while it runs) times its cores, in seconds. */
    public double coreSeconds(Instant now) {
        Instant end = stoppedAt.orElse(now);
        long millis = Math.max(0, Duration.between(startedAt, end).toMillis());
        return millis / 1000.0 * cores;
    }
}
