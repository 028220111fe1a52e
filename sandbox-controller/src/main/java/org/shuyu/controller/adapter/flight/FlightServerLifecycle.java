package org.shuyu.controller.adapter.flight;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalInt;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.FlightProperties;
import org.shuyu.controller.product.DeliveryGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Starts the product Flight endpoint ({@link FlightDeliveryServer}) with the application and stops it cleanly, when
 * {@code sandbox.products.flight.enabled} (the default) and a {@link DeliveryGate} exists. Its settings were checked by
 * {@link org.shuyu.controller.config.InsecureSettingsCheck} (TLS outside embedded mode). Failing to bind fails the
 * start of the application.
 */
@Component
public class FlightServerLifecycle implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FlightServerLifecycle.class);
    private final ObjectProvider<MeterRegistry> registry;
    private final FlightProperties settings;
    private final ObjectProvider<DeliveryGate> gate;
    private final ObjectProvider<JwtDecoder> decoder;
    private final ObjectProvider<AuditLog> audit;
    private FlightDeliveryServer server;

    /** Gate and decoder are looked up at start, after every singleton (and the settings check) was created. */
    public FlightServerLifecycle(FlightProperties settings, ObjectProvider<DeliveryGate> gate, ObjectProvider<JwtDecoder> decoder,
            ObjectProvider<AuditLog> audit, ObjectProvider<MeterRegistry> registry) {
        this.audit = audit;
        this.registry = registry;
        this.settings = settings;
        this.gate = gate;
        this.decoder = decoder;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        if (!settings.enabled()) {
            log.info("Product Flight endpoint disabled (sandbox.products.flight.enabled=false)");
            return;
        }
        DeliveryGate deliveryGate = gate.getIfAvailable();
        if (deliveryGate == null) {
            log.warn("Product Flight endpoint not started: no delivery gate (product delivery is not wired in this build)");
            return;
        }
        AuditLog auditLog = audit.getIfAvailable();
        MeterRegistry meters = registry.getIfAvailable();
        FlightDeliveryServer started = auditLog == null ? new FlightDeliveryServer(settings, deliveryGate, decoder.getObject())
                : meters == null ? new FlightDeliveryServer(settings, deliveryGate, decoder.getObject(), auditLog)
                : new FlightDeliveryServer(settings, deliveryGate, decoder.getObject(), auditLog, meters);
        try {
            started.start();
        } catch (IOException e) {
            started.close();
            throw new UncheckedIOException("cannot listen for Flight on " + settings.host() + ":" + settings.port(), e);
        }
        server = started;
        log.info("Product Flight endpoint listening on {} ({}); calls need 'authorization: Bearer <token>' (docs/products-delivery.md)",
                started.location().getUri(), settings.tls().isPresent() ? "TLS" : "plaintext");
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
            log.info("Product Flight endpoint stopped");
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The bound port while running (tests use port 0). */
    public synchronized OptionalInt port() {
        return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
    }
}
