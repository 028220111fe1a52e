package org.shuyu.controller.adapter.atlas;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import org.shuyu.controller.config.AtlasProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Atlas mirror's state for supervisors (R-24c, docs/atlas.md): whether it is on, what waits, how long the oldest
 * has waited, what Atlas refused for good and the last error. It lives with the Atlas adapter because it reads the
 * adapter's outbox (adapters do not depend on each other); its role rule is in {@code adapter/web/EndpointRules}.
 */
@RestController
class AtlasMirrorController {
    private final AtlasOutbox outbox;
    private final AtlasProperties atlas;
    private final Clock clock;

    AtlasMirrorController(AtlasOutbox outbox, AtlasProperties atlas, Clock clock) {
        this.outbox = outbox;
        this.atlas = atlas;
        this.clock = clock;
    }

    /** Times are ISO-8601; {@code oldestPendingAgeSeconds} is absent when nothing waits. */
    record MirrorStatusDto(boolean enabled, String target, String instanceName, long pending, Long oldestPendingAgeSeconds,
            String oldestPendingSince, int headAttempts, long failed, long delivered, String lastError, String lastErrorAt,
            String lastDeliveredAt) {}

    @Operation(operationId = "getLineageMirrorStatus", tags = "lineage", summary = "Show the lineage mirror's status")
    @GetMapping("/api/v1/lineage/mirror")
    MirrorStatusDto status() {
        AtlasOutbox.Status status = outbox.status();
        Long age = status.oldestPendingAt().map(at -> Math.max(0, Duration.between(at, clock.instant()).toSeconds())).orElse(null);
        return new MirrorStatusDto(atlas.enabled(), atlas.enabled() ? "atlas" : null, atlas.instanceName(), status.pending(), age,
                status.oldestPendingAt().map(Object::toString).orElse(null), status.headAttempts(), status.failed(),
                status.delivered(), status.lastError().orElse(null), status.lastErrorAt().map(Object::toString).orElse(null),
                status.lastDeliveredAt().map(Object::toString).orElse(null));
    }
}
