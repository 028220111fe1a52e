package org.shuyu.controller.adapter.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalInt;
import org.shuyu.controller.adapter.connect.ConnectPorts.ConnectRouting;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.ConnectProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Starts the Spark Connect front door ({@link ConnectProxyServer}) with the application and stops it with it, unless
 * {@code sandbox.connect.port} is -1 or no {@link ConnectRouting} exists (interactive sessions not wired). Its settings
 * were checked by {@link org.shuyu.controller.config.InsecureSettingsCheck} (TLS outside embedded mode). Failing to
 * bind fails the start of the application. Says where it listens with an example connection string.
 */
@Component
public class ConnectServerLifecycle implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ConnectServerLifecycle.class);
    private final ConnectProperties settings;
    private final SandboxProperties properties;
    private final ObjectProvider<ConnectRouting> routing;
    private final ObjectProvider<JwtDecoder> decoder;
    private final ObjectProvider<AuditLog> audit;
    private ConnectProxyServer server;

    /** Routing, decoder and audit log are looked up at start, after every singleton (and the settings check) was created. */
    public ConnectServerLifecycle(ConnectProperties settings, SandboxProperties properties, ObjectProvider<ConnectRouting> routing,
            ObjectProvider<JwtDecoder> decoder, ObjectProvider<AuditLog> audit) {
        this.settings = settings;
        this.properties = properties;
        this.routing = routing;
        this.decoder = decoder;
        this.audit = audit;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        if (!settings.enabled()) {
            log.info("Spark Connect endpoint off (sandbox.connect.port=-1)");
            return;
        }
        ConnectRouting routes = routing.getIfAvailable();
        if (routes == null) {
            log.warn("Spark Connect endpoint not started: no Connect routing (interactive sessions are not wired in this build)");
            return;
        }
        ConnectProxyServer started = new ConnectProxyServer(settings, properties.mode(), routes, decoder.getObject(), audit.getObject());
        try {
            started.start();
        } catch (IOException e) {
            started.close();
            throw new UncheckedIOException("cannot listen for Spark Connect on " + settings.host() + ":" + settings.port(), e);
        }
        server = started;
        String host = connectHost(settings.host(), started.tls());
        log.info("Spark Connect endpoint listening on {}:{} ({}); connect with sc://{}:{}/;token=<token>;x-shuyu-workspace=<workspace id>{}"
                        + "{}  (docs/connect.md)",
                settings.host(), started.port(), started.tls() ? "TLS" : "plaintext", host, started.port(),
                started.tls() ? ";use_ssl=true" : "",
                properties.mode() == SandboxProperties.Mode.EMBEDDED ? " - token from POST /dev/token in embedded mode" : "");
    }

    /**
     * The host a client should write: Spark's client sends a token over plaintext only to the literal host
     * {@code localhost} (for any other host a token switches it to TLS), so a plaintext loopback endpoint is
     * advertised as localhost.
     */
    static String connectHost(String bindHost, boolean tls) {
        if (!tls && ("127.0.0.1".equals(bindHost) || "::1".equals(bindHost) || "localhost".equalsIgnoreCase(bindHost))) {
            return "localhost";
        }
        return "0.0.0.0".equals(bindHost) || "::".equals(bindHost) ? "<controller host>" : bindHost;
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
            log.info("Spark Connect endpoint stopped");
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

    /**
     * Cancels the calls in flight of a closed controller session (see {@link ConnectProxyServer#cancelSession});
     * 0 when the endpoint is not running. The sessions feature calls this from its close path.
     */
    public int cancelSession(String sessionId) {
        ConnectProxyServer running;
        synchronized (this) {
            running = server;
        }
        return running == null ? 0 : running.cancelSession(sessionId);
    }

    /** Closes the channel to a stopped engine; nothing when the endpoint is not running. */
    public void engineStopped(String host, int port) {
        ConnectProxyServer running;
        synchronized (this) {
            running = server;
        }
        if (running != null) {
            running.engineStopped(host, port);
        }
    }
}
