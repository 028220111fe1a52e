package org.shuyu.controller.adapter.connect;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerMethodDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.shuyu.controller.adapter.connect.ConnectPorts.ConnectRouting;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.ConnectProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The Spark Connect front door: a gRPC server that serves every method of {@code spark.connect.SparkConnectService}
 * without the Spark protos (a fallback registry hands out raw-bytes method definitions; any other service is
 * UNIMPLEMENTED) and relays each call to the member's session in the workspace engine ({@link ProxyCall}).
 * Per call: the bearer JWT is checked like the REST API's ({@link BearerTokens}), {@code x-shuyu-workspace} is
 * required, the member's call slots are capped, and the first message's {@code session_id} is routed through the
 * REST gate ({@link ConnectRouting}). Refusals are gRPC statuses whose description starts with the platform code, and
 * are audited. Plain Java (no Spring) so tests run it as the controller does ({@link ConnectServerLifecycle}).
 */
public final class ConnectProxyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectProxyServer.class);
    private static final int MAX_METADATA_BYTES = 32 * 1024;
    private static final long SHUTDOWN_GRACE_MILLIS = 5_000;
    private final ConnectProperties settings;
    private final Server server;
    private final Shared shared;
    private final BearerTokens tokens;
    private boolean started;
    private boolean closed;

    /** What every call of this server shares. */
    record Shared(ConnectRouting routing, EngineChannels channels, CallRegistry calls, ConnectRefusals refusals) {}

    /** Builds the server (not yet listening), auditing refused calls in {@code audit}; {@link #start()} binds it. */
    public ConnectProxyServer(ConnectProperties settings, SandboxProperties.Mode mode, ConnectRouting routing, JwtDecoder decoder,
            AuditLog audit) {
        this(settings, mode, routing, decoder, ConnectRefusals.audited(requireNonNull(audit, "audit is null")));
    }

    ConnectProxyServer(ConnectProperties settings, SandboxProperties.Mode mode, ConnectRouting routing, JwtDecoder decoder,
            ConnectRefusals refusals) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(mode, "mode is null");
        List<String> problems = settings.problems(mode);
        if (!settings.enabled() || !problems.isEmpty()) {
            // The settings check refuses these at start already; a server built by hand gets the same answer.
            throw new IllegalStateException("Refusing to start the Spark Connect endpoint: "
                    + (settings.enabled() ? String.join("; ", problems) : "sandbox.connect.port is -1 (off)"));
        }
        this.tokens = new BearerTokens(decoder);
        this.shared = new Shared(requireNonNull(routing, "routing is null"), new EngineChannels(settings.maxInboundMessageBytes()),
                new CallRegistry(settings.maxConcurrentCallsPerMember()), requireNonNull(refusals, "refusals is null"));
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()), credentials(settings))
                .fallbackHandlerRegistry(new Registry(new Handler()))
                .maxInboundMessageSize(settings.maxInboundMessageBytes())
                .maxInboundMetadataSize(MAX_METADATA_BYTES)
                .build();
    }

    private static ServerCredentials credentials(ConnectProperties settings) {
        Optional<ConnectProperties.Tls> tls = settings.tls();
        if (tls.isEmpty()) {
            return InsecureServerCredentials.create();
        }
        try {
            return TlsServerCredentials.create(tls.get().certFile().toFile(), tls.get().keyFile().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Spark Connect TLS key pair", e);
        }
    }

    /** Binds the port and starts serving. */
    public synchronized ConnectProxyServer start() throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (!started) {
            server.start();
            started = true;
        }
        return this;
    }

    /** The bound port (the configured one, or the ephemeral one for port 0). */
    public int port() {
        return server.getPort();
    }

    /** Whether TLS protects the endpoint. */
    public boolean tls() {
        return settings.tls().isPresent();
    }

    /**
     * Cancels every call in flight of the controller session {@code sessionId} (its route stopped being valid: the
     * session was closed on revocation, suspension, expiry or the member's removal): the engine calls are cancelled
     * and the clients receive PERMISSION_DENIED {@code CONNECT_SESSION_CLOSED}. Calls of that session routed just
     * before and started just after are refused as well. Returns how many calls were cancelled.
     */
    public int cancelSession(String sessionId) {
        List<ProxyCall> calls = shared.calls().takeSession(requireNonNull(sessionId, "sessionId is null"));
        calls.forEach(ProxyCall::revoke);
        if (!calls.isEmpty()) {
            log.info("cancelled {} Spark Connect call(s) of closed session {}", calls.size(), sessionId);
        }
        return calls.size();
    }

    /** Closes the channel to an engine that stopped (its calls end UNAVAILABLE). */
    public void engineStopped(String host, int port) {
        shared.channels().close(host, port);
    }

    /** The calls in flight (tests, metrics). */
    public int inFlight() {
        return shared.calls().inFlight();
    }

    boolean channelOpen(String host, int port) {
        return shared.channels().isOpen(host, port);
    }

    /** Stops accepting calls, lets running ones finish for a few seconds, then ends them and closes the engine channels. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        try {
            if (!server.awaitTermination(SHUTDOWN_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("Spark Connect calls still running after {} ms; ending them", SHUTDOWN_GRACE_MILLIS);
                shared.calls().all().forEach(ProxyCall::shutdown);
                server.shutdownNow();
                server.awaitTermination(SHUTDOWN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        } finally {
            shared.channels().closeAll();
        }
    }

    /** Any method of the Spark Connect service, as raw bytes; anything else is not found (UNIMPLEMENTED). */
    private static final class Registry extends HandlerRegistry {
        private static final int MAX_CACHED = 64;
        private final Handler handler;
        private final Map<String, ServerMethodDefinition<byte[], byte[]>> definitions = new ConcurrentHashMap<>();

        Registry(Handler handler) {
            this.handler = handler;
        }

        @Override
        public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
            ServerMethodDefinition<byte[], byte[]> cached = definitions.get(methodName);
            if (cached != null) {
                return cached;
            }
            Optional<MethodDescriptor<byte[], byte[]>> descriptor = SparkConnectMethods.descriptor(methodName);
            if (descriptor.isEmpty()) {
                return null;
            }
            ServerMethodDefinition<byte[], byte[]> definition = ServerMethodDefinition.create(descriptor.get(), handler);
            if (definitions.size() < MAX_CACHED) {
                definitions.putIfAbsent(methodName, definition);
            }
            return definition;
        }
    }

    /** Authenticates the call, checks the workspace header and the member's call slots, then hands it to a {@link ProxyCall}. */
    private final class Handler implements ServerCallHandler<byte[], byte[]> {
        @Override
        public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
            String method = SparkConnectMethods.shortName(call.getMethodDescriptor().getFullMethodName());
            Actor actor;
            try {
                actor = tokens.authenticate(headers);
            } catch (ConnectRefusal refusal) {
                return refuse(call, Optional.empty(), method, Optional.empty(), refusal);
            }
            Optional<String> workspaceId = ConnectHeaders.workspace(headers);
            if (workspaceId.isEmpty()) {
                return refuse(call, Optional.of(actor), method, Optional.empty(), new ConnectRefusal(ErrorCode.CONNECT_WORKSPACE_REQUIRED,
                        "the header x-shuyu-workspace (connection string parameter x-shuyu-workspace=<id>) names one workspace"));
            }
            if (!shared.calls().acquire(actor.userId())) {
                return refuse(call, Optional.of(actor), method, workspaceId, new ConnectRefusal(ErrorCode.CONNECT_TOO_MANY_CALLS,
                        "at most " + settings.maxConcurrentCallsPerMember() + " Spark Connect calls per member at once"));
            }
            Deadline deadline = Context.current().getDeadline();
            ProxyCall proxy = new ProxyCall(shared, call, headers, actor, workspaceId.get(), deadline);
            shared.calls().track(proxy);
            call.request(1);
            return proxy;
        }

        private ServerCall.Listener<byte[]> refuse(ServerCall<byte[], byte[]> call, Optional<Actor> actor, String method,
                Optional<String> workspaceId, ConnectRefusal refusal) {
            shared.refusals().refused(actor, method, workspaceId, refusal);
            call.close(refusal.status(), new Metadata());
            return new ServerCall.Listener<>() { };
        }
    }
}
