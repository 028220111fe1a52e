package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditAnchor;
import org.shuyu.controller.audit.AuditVerification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Verifies the audit chain against its anchor when the controller starts, before it serves a request, and
 * reports a break loudly: an ERROR line naming every anomaly (up to ten), and the health component
 * {@code auditChain} DOWN (so {@code /actuator/health} answers 503) until a verification finds the chain intact.
 * The controller still starts: the log is evidence to investigate through {@code GET /api/v1/audit/verify}, and
 * the platform's own gates do not depend on it (docs/audit.md). An anchor that could not be advanced is DOWN too.
 */
@Component("auditChain")
public class AuditChainMonitor implements SmartInitializingSingleton, HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(AuditChainMonitor.class);
    private final JdbcAuditLog audit;

    public AuditChainMonitor(JdbcAuditLog audit) {
        this.audit = requireNonNull(audit, "audit is null");
    }

    @Override
    public void afterSingletonsInstantiated() {
        long started = System.nanoTime();
        AuditVerification result = audit.verify();
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (result.intact()) {
            Optional<AuditAnchor.Head> anchor = audit.anchorIfUnanchored();
            log.info("audit chain verified at startup: {} records intact in {} ms, anchored at seq {} ({})", result.records(), millis,
                    anchor.map(h -> Long.toString(h.seq())).orElse("-"), audit.anchorDescription());
        } else {
            log.error("AUDIT CHAIN BROKEN at startup: {} anomalies in {} records (anchor {}): {}", result.anomalyCount(),
                    result.records(), audit.anchorDescription(), result.anomalies().stream().limit(10)
                            .map(a -> a.kind() + " at seq " + a.seq() + ": " + a.detail()).collect(Collectors.joining("; ")));
        }
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("anchor", audit.anchorDescription());
        Optional<AuditVerification> last = audit.lastVerification();
        last.ifPresent(v -> {
            details.put("records", v.records());
            details.put("anomalyCount", v.anomalyCount());
            v.anomalies().stream().findFirst().ifPresent(a -> details.put("firstAnomaly", a.kind() + " at seq " + a.seq()));
        });
        audit.anchorFailure().ifPresent(f -> details.put("anchorFailure", f));
        boolean broken = last.map(v -> !v.intact()).orElse(false) || audit.anchorFailure().isPresent();
        return (broken ? Health.down() : Health.up()).withDetails(details).build();
    }
}
