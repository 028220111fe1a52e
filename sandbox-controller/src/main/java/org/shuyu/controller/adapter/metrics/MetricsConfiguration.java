package org.shuyu.controller.adapter.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import org.shuyu.controller.admission.Admission;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.identity.RevocationLatency;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The platform's own metrics (issue 19, docs/operations.md) beside Spring's ({@code http.server.requests}, JVM,
 * connection pool): the measured audit log every service gets, the admission queue, and revocation latency. The state
 * gauges read the database in {@code adapter/persistence/StateGauges}; lineage append and Flight deliveries are
 * measured where they happen ({@code LineageIngestController}, {@code DeliveryProducer}).
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    /** The audit log services inject: the JDBC chain, timed and counting refusals by code. */
    @Bean
    @Primary
    AuditLog meteredAuditLog(@Qualifier("jdbcAuditLog") AuditLog jdbc, MeterRegistry registry) {
        return new MeteredAuditLog(jdbc, registry);
    }

    /** {@code shuyu.admission.queue}: workspace engine requests waiting for capacity (in this controller). */
    @Bean
    MeterBinder admissionQueueMetrics(ObjectProvider<Admission> admission) {
        return registry -> Gauge.builder("shuyu.admission.queue", admission, a -> a.getObject().queueDepth())
                .description("Workspace engine requests waiting for capacity").register(registry);
    }

    /**
     * {@code shuyu.revocation.latency}: from a committed access change (suspension, revocation, expiry, a member's
     * removal) to the last job stopped ({@code target=job}) or session closed ({@code target=session}) because of it.
     */
    @Bean
    RevocationLatency revocationLatency(MeterRegistry registry) {
        Timer jobs = timer(registry, "job");
        Timer sessions = timer(registry, "session");
        return (target, closed, latency) -> {
            if (closed > 0) {
                (target == RevocationLatency.Target.JOB ? jobs : sessions).record(latency);
            }
        };
    }

    private static Timer timer(MeterRegistry registry, String target) {
        return Timer.builder("shuyu.revocation.latency")
                .description("From a committed access change to the last job stopped or session closed for it")
                .tag("target", target).publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }
}
