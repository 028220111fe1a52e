package org.shuyu.controller.identity;

import java.time.Duration;

/**
 * How long closing access took (issue 19): from the commit of a {@link WorkspaceAccessChanged} to the moment its
 * jobs were stopped or its sessions closed. Implemented by the metrics adapter; {@link #NONE} where none is wired.
 */
@FunctionalInterface
public interface RevocationLatency {
    RevocationLatency NONE = (target, closed, latency) -> { };

    enum Target { JOB, SESSION }

    /** {@code closed} jobs or sessions of {@code target} were ended {@code latency} after the access change. */
    void record(Target target, int closed, Duration latency);
}
