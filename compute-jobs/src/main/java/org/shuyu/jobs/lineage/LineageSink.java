package org.shuyu.jobs.lineage;

import org.shuyu.lineage.LineageEvent;

/** Port: where the runtime reports lineage events (the controller, over HTTP). */
public interface LineageSink {
    /**
     * Returns only once the event is durably stored; otherwise throws a {@link LineageDeliveryException}
     * ({@code LINEAGE_REJECTED} or {@code LINEAGE_UNAVAILABLE}). Delivering the same (step, phase) again is safe.
     */
    void deliver(LineageEvent event);
}
