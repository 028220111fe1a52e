package org.shuyu.controller.adapter.openlineage;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import org.shuyu.controller.config.OpenLineageProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenLineage export's delivery state for supervisors (docs/openlineage.md): whether it is on, where events go
 * (no credentials), what waits and for how long, what the receiver refused and the last error. Its role rule is in
 * {@code adapter/web/EndpointRules}.
 */
@RestController
class OpenLineageStatusController {
    private final OpenLineageOutbox outbox;
    private final OpenLineageProperties properties;
    private final ObjectProvider<OpenLineageDeliverer> deliverer;
    private final Clock clock;

    OpenLineageStatusController(OpenLineageOutbox outbox, OpenLineageProperties properties, ObjectProvider<OpenLineageDeliverer> deliverer,
            Clock clock) {
        this.outbox = outbox;
        this.properties = properties;
        this.deliverer = deliverer;
        this.clock = clock;
    }

    /** Times are ISO-8601; {@code oldestPendingAgeSeconds} is absent when nothing waits. */
    record OpenLineageStatusDto(boolean enabled, String target, String namespace, long pending, Long oldestPendingAgeSeconds,
            String oldestPendingSince, int headAttempts, long failed, long delivered, String lastError, String lastErrorAt,
            String lastDeliveredAt) {}

    @Operation(operationId = "getOpenLineageExportStatus", tags = "lineage", summary = "Show the OpenLineage export's delivery status")
    @GetMapping("/api/v1/lineage/openlineage")
    OpenLineageStatusDto status() {
        OpenLineageOutbox.Status status = outbox.status();
        Long age = status.oldestPendingAt().map(at -> Math.max(0, Duration.between(at, clock.instant()).toSeconds())).orElse(null);
        OpenLineageDeliverer active = deliverer.getIfAvailable();
        return new OpenLineageStatusDto(properties.enabled(), active == null ? null : active.target(), properties.namespace(),
                status.pending(), age, status.oldestPendingAt().map(Object::toString).orElse(null), status.headAttempts(),
                status.failed(), status.delivered(), status.lastError().orElse(null),
                status.lastErrorAt().map(Object::toString).orElse(null), status.lastDeliveredAt().map(Object::toString).orElse(null));
    }
}
