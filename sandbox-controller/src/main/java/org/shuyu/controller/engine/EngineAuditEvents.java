package org.shuyu.controller.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.audit.AuditEvent;

/**
 * Every audit event of a warm engine, about subject {@code engine} in its workspace's organization, in the name of
 * {@value #ACTOR}: its start ({@code engine.start}), its failed start ({@code engine.start-failed}, with the code), its
 * stop ({@code engine.stop}) and its eviction when idle ({@code engine.evict}). Details hold ids, limits and codes
 * only.
 */
final class EngineAuditEvents {
    static final String ACTOR = "system:workspace-engines";

    private EngineAuditEvents() {}

    static AuditEvent started(String engineId, String workspaceId, Optional<String> organizationId, int cores, int memoryMb) {
        return event("engine.start", engineId, organizationId, AuditEvent.Outcome.DONE, Optional.empty(),
                "workspace " + workspaceId + "; " + cores + " core(s), " + memoryMb + " MB");
    }

    static AuditEvent startFailed(String engineId, String workspaceId, Optional<String> organizationId, String code) {
        return event("engine.start-failed", engineId, organizationId, AuditEvent.Outcome.REFUSED, Optional.of(code),
                "workspace " + workspaceId);
    }

    /** A stop: {@code engine.evict} when it was idle, {@code engine.stop} for every other reason. */
    static AuditEvent stopped(String engineId, String workspaceId, Optional<String> organizationId, String reason, double coreSeconds,
            double cpuSeconds) {
        String action = WorkspaceEngines.IDLE.equals(reason) ? "engine.evict" : "engine.stop";
        return event(action, engineId, organizationId, AuditEvent.Outcome.DONE, Optional.empty(),
                "workspace " + workspaceId + "; reason " + reason + "; " + String.format(Locale.ROOT,
                        "%.1f core-s, %.1f cpu-s", coreSeconds, cpuSeconds));
    }

    private static AuditEvent event(String action, String engineId, Optional<String> organizationId, AuditEvent.Outcome outcome,
            Optional<String> code, String detail) {
        return new AuditEvent(ACTOR, Set.of(), action, "engine", engineId, organizationId, outcome, code, detail);
    }
}
