package org.shuyu.controller.adapter.openlineage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.config.OpenLineageProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.lineage.LineageExport;
import org.shuyu.lineage.store.LineageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exactly one {@link LineageExport} bean: {@link LineageExport#NONE} unless {@code sandbox.openlineage.enabled}, then
 * the OpenLineage outbox export and its deliverer over the configured transport. Refuses to start with settings that
 * would not work or would leak: no URL or file, plain http outside embedded mode (unless {@code allow-insecure-http}).
 */
@Configuration(proxyBeanMethods = false)
public class OpenLineageConfiguration {
    private static final Logger log = LoggerFactory.getLogger(OpenLineageConfiguration.class);

    /** The outbox exists in both modes: the status endpoint reads it. */
    @Bean
    OpenLineageOutbox openLineageOutbox(JdbcClient jdbc) {
        return new OpenLineageOutbox(jdbc);
    }

    @Bean
    LineageExport lineageExport(OpenLineageProperties properties, SandboxProperties sandbox, OpenLineageOutbox outbox,
            LineageStore store) {
        if (!properties.enabled()) {
            return LineageExport.NONE;
        }
        List<String> problems = new ArrayList<>(properties.problems(sandbox.mode()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", problems));
        }
        return new OpenLineageExport(events(properties), outbox, store);
    }

    static OpenLineageEvents events(OpenLineageProperties properties) {
        return new OpenLineageEvents(properties.namespace(), properties.producer(), properties.facetSchemaUrl());
    }

    /** Only when enabled; takes the export so the settings were checked first. */
    @Bean
    @ConditionalOnProperty(name = "sandbox.openlineage.enabled", havingValue = "true")
    OpenLineageDeliverer openLineageDeliverer(OpenLineageProperties properties, OpenLineageOutbox outbox, Clock clock,
            Environment environment, LineageExport lineageExport) {
        if (!(lineageExport instanceof OpenLineageExport)) {
            throw new IllegalStateException("the OpenLineage deliverer needs the OpenLineage export");
        }
        OpenLineageTransport transport = transport(properties, environment);
        log.info("Lineage is exported as OpenLineage run events to {} (namespace '{}')", transport.describe(), properties.namespace());
        return new OpenLineageDeliverer(outbox, transport, clock, properties.batchSize(), properties.retryInitial(),
                properties.retryMax(), properties.deliveredRetention());
    }

    static OpenLineageTransport transport(OpenLineageProperties properties, Environment environment) {
        return switch (properties.transport()) {
            case FILE -> new OpenLineageTransport.File(properties.filePath().orElseThrow(), properties.fileMaxBytes());
            case HTTP -> {
                String token = environment.getProperty(properties.tokenEnv());
                Optional<String> bearer = token == null || token.isBlank() ? Optional.empty() : Optional.of(token.strip());
                yield new OpenLineageTransport.Http(URI.create(properties.baseUri().orElseThrow() + properties.endpoint()), bearer,
                        properties.timeout());
            }
        };
    }

    /** Gauges {@code shuyu.lineage.openlineage.pending} and {@code .failed}, read from the outbox when scraped. */
    @Bean
    MeterBinder openLineageMetrics(ObjectProvider<OpenLineageOutbox> outbox) {
        return registry -> {
            Gauge.builder("shuyu.lineage.openlineage.pending", outbox, o -> o.getObject().count(OpenLineageOutbox.State.PENDING))
                    .description("OpenLineage run events waiting for delivery").register(registry);
            Gauge.builder("shuyu.lineage.openlineage.failed", outbox, o -> o.getObject().count(OpenLineageOutbox.State.FAILED))
                    .description("OpenLineage run events the receiver refused for good").register(registry);
        };
    }
}
