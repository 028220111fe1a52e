package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

/**
 * Port: capacity for an engine (cores and memory) before it starts, implemented over the admission service
 * ({@code org.shuyu.controller.admission.Admission}) by the integration. An engine holds its ticket while it runs and
 * gives it back when it stops.
 */
public interface EngineAdmission {
    /** Asks for capacity for the workspace's engine. */
    Decision admit(String organizationId, String workspaceId, int cores, int memoryMb);

    /** Gives the capacity of an admitted engine back; idempotent. */
    void release(String ticketId);

    /** What admission said. */
    sealed interface Decision {}

    /** Capacity is reserved under {@code ticketId}. */
    record Admitted(String ticketId) implements Decision {
        public Admitted {
            requireNonNull(ticketId, "ticketId is null");
        }
    }

    /** No capacity now; the workspace waits at {@code position} (1 = next). */
    record Queued(int position) implements Decision {}

    /**
     * Admission without limits beyond the engine's own (one engine per workspace, its cores and memory): used only
     * until the integration wires the admission service.
     */
    static EngineAdmission unlimited() {
        return new EngineAdmission() {
            @Override
            public Decision admit(String organizationId, String workspaceId, int cores, int memoryMb) {
                return new Admitted("unlimited:" + workspaceId);
            }

            @Override
            public void release(String ticketId) {
            }
        };
    }
}
