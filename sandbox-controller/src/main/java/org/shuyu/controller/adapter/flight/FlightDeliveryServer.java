package org.shuyu.controller.adapter.flight;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.FlightProperties;
import org.shuyu.controller.product.DeliveryGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The Arrow Flight server of product delivery: a {@link DeliveryProducer} behind bearer-token authentication, with
 * its own allocator. Plain Java (no Spring), so tests and the benchmark run it as it runs in the controller
 * ({@link FlightServerLifecycle} starts and stops it with the application).
 */
public final class FlightDeliveryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlightDeliveryServer.class);
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    private final FlightProperties settings;
    private final BufferAllocator allocator;
    private final FlightServer server;
    private volatile Location location;
    private boolean closed;

    /** Builds the server (not yet listening); {@link #start()} binds it. */
    public FlightDeliveryServer(FlightProperties settings, DeliveryGate gate, JwtDecoder decoder) {
        this(settings, gate, decoder, FlightRefusals.NONE, DeliveryMeter.NONE);
    }

    /** As above, auditing the calls refused before they reach the gate (no or a bad token, a malformed ticket). */
    public FlightDeliveryServer(FlightProperties settings, DeliveryGate gate, JwtDecoder decoder,
            AuditLog audit) {
        this(settings, gate, decoder, FlightRefusals.audited(requireNonNull(audit, "audit is null")), DeliveryMeter.NONE);
    }

    /** As above, counting deliveries by outcome and bytes in {@code registry} (issue 19). */
    public FlightDeliveryServer(FlightProperties settings, DeliveryGate gate, JwtDecoder decoder, AuditLog audit,
            MeterRegistry registry) {
        this(settings, gate, decoder, FlightRefusals.audited(requireNonNull(audit, "audit is null")),
                DeliveryMeter.of(requireNonNull(registry, "registry is null")));
    }

    private FlightDeliveryServer(FlightProperties settings, DeliveryGate gate, JwtDecoder decoder, FlightRefusals refusals,
            DeliveryMeter meter) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(gate, "gate is null");
        requireNonNull(decoder, "decoder is null");
        this.allocator = new RootAllocator();
        try {
            Optional<FlightProperties.Tls> tls = settings.tls();
            Location bind = tls.isPresent() ? Location.forGrpcTls(settings.host(), settings.port())
                    : Location.forGrpcInsecure(settings.host(), settings.port());
            DeliveryProducer producer = new DeliveryProducer(gate, allocator, this::advertised, STALL_TIMEOUT, refusals, meter);
            FlightServer.Builder builder = FlightServer.builder(allocator, bind, producer)
                    .middleware(BearerAuthenticator.Middleware.KEY, new BearerAuthenticator.Factory(new BearerAuthenticator(decoder, refusals)));
            if (tls.isPresent()) {
                builder.useTls(tls.get().certChain().toFile(), tls.get().privateKey().toFile());
            }
            this.server = builder.build();
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot read the Flight TLS key pair", io) : (RuntimeException) e;
        }
    }

    /** Binds the port and starts serving. */
    public synchronized FlightDeliveryServer start() throws IOException {
        server.start();
        String host = settings.host();
        boolean tls = settings.tls().isPresent();
        location = tls ? Location.forGrpcTls(host, server.getPort()) : Location.forGrpcInsecure(host, server.getPort());
        return this;
    }

    /** The bound port (the configured one, or the ephemeral one for port 0). */
    public int port() {
        return server.getPort();
    }

    /** Where the server listens, e.g. {@code grpc+tcp://127.0.0.1:8815}. */
    public Location location() {
        Location current = location;
        if (current == null) {
            throw new IllegalStateException("not started");
        }
        return current;
    }

    /** The location put in FlightInfo endpoints: none for a wildcard address (clients then reuse their connection). */
    private Optional<Location> advertised() {
        Location current = location;
        return current == null || wildcard(settings.host()) ? Optional.empty() : Optional.of(current);
    }

    private static boolean wildcard(String host) {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Stops accepting calls, lets running ones finish for a few seconds, then ends them and frees all memory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        try {
            if (!server.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Flight calls still running after {} s; ending them", SHUTDOWN_GRACE.toSeconds());
            }
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                allocator.close();
            } catch (IllegalStateException e) {
                log.error("Flight allocator closed with memory still allocated: {}", e.getMessage());
            }
        }
    }
}
