package org.shuyu.controller.adapter.connect;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.shuyu.controller.adapter.connect.ConnectPorts.Route;
import org.shuyu.controller.error.ErrorCategory;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated Spark Connect call relayed to the workspace engine as raw bytes. Its first message gives the
 * client's Spark session id (field 1), which with the caller and the workspace is routed through the REST gate; the
 * engine call then starts with rewritten headers and carries the messages both ways with flow control (one message
 * in flight each way: the next is asked for only when the other side can take it), then the engine's status,
 * description and trailers back. Every later message must name the same session id. A client cancel cancels the
 * engine call; {@link #revoke} (the session was closed) ends both sides with CONNECT_SESSION_CLOSED.
 *
 * <p>gRPC call objects are not thread-safe: every use of {@code client} or {@code engine} is under {@code lock}. The
 * client listener's callbacks are serialized by gRPC; the route is resolved outside the lock (it may wait for the
 * engine to start), and the client's later callbacks (cancel included) wait for it.
 *
 * <p>Why this class is long: both directions of one call (client listener and engine listener) share one lock and
 * one set of flags (finished, headers sent, who waits for whom); split into two classes, each would reach into the
 * other's state and the locking rule would no longer be readable in one place.
 */
final class ProxyCall extends ServerCall.Listener<byte[]> {
    private static final Logger log = LoggerFactory.getLogger(ProxyCall.class);
    private final ConnectProxyServer.Shared shared;
    private final ServerCall<byte[], byte[]> client;
    private final Metadata clientHeaders;
    private final Actor actor;
    private final String workspaceId;
    private final Deadline deadline;
    private final String method;
    private final Object lock = new Object();
    private final AtomicBoolean released = new AtomicBoolean();
    /** Set once, on the client listener's (serialized) thread. */
    private String clientSessionId;
    /** Written once on the client listener's thread; read by {@link #revoke} and {@link #release} from others. */
    private volatile Route route;
    // guarded by lock
    private ClientCall<byte[], byte[]> engine;
    private boolean finished;
    private boolean headersSent;
    private boolean clientWaiting;
    private boolean engineWaiting;

    ProxyCall(ConnectProxyServer.Shared shared, ServerCall<byte[], byte[]> client, Metadata clientHeaders, Actor actor,
            String workspaceId, Deadline deadline) {
        this.shared = requireNonNull(shared, "shared is null");
        this.client = requireNonNull(client, "client is null");
        this.clientHeaders = requireNonNull(clientHeaders, "clientHeaders is null");
        this.actor = requireNonNull(actor, "actor is null");
        this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
        this.deadline = deadline;
        this.method = SparkConnectMethods.shortName(client.getMethodDescriptor().getFullMethodName());
    }

    Actor actor() {
        return actor;
    }

    @Override
    public void onMessage(byte[] message) {
        if (isFinished()) {
            return;
        }
        Optional<String> sessionId = SessionIds.of(message);
        if (route == null) {
            if (sessionId.isEmpty()) {
                refuse(new ConnectRefusal(ErrorCode.CONNECT_SESSION_ID_REQUIRED,
                        "a Spark Connect request needs a session_id (a UUID, field 1) in well-formed protobuf"), true);
                return;
            }
            clientSessionId = sessionId.get();
            Optional<Route> routed = route(clientSessionId);
            if (routed.isEmpty()) {
                return;
            }
            start(routed.get(), message);
            return;
        }
        if (!sessionId.equals(Optional.of(clientSessionId))) {
            refuse(new ConnectRefusal(ErrorCode.CONNECT_SESSION_MISMATCH,
                    "every message of a call must name the session of its first message"), true);
            return;
        }
        synchronized (lock) {
            if (finished) {
                return;
            }
            engine.sendMessage(message);
            askClientWhenEngineReady();
        }
    }

    private Optional<Route> route(String sessionId) {
        Route resolved;
        try {
            resolved = shared.routing().route(actor, workspaceId, sessionId);
        } catch (SandboxException e) {
            ErrorCategory category = e.code().category();
            boolean audited = category != ErrorCategory.INTERNAL && category != ErrorCategory.UNAVAILABLE;
            String reason = category == ErrorCategory.INTERNAL ? "the route to the workspace engine failed" : e.getMessage();
            if (category == ErrorCategory.INTERNAL) {
                log.error("Spark Connect route of workspace {} failed: {}", workspaceId, e.code());
            }
            refuse(new ConnectRefusal(e.code(), reason), audited);
            return Optional.empty();
        } catch (RuntimeException e) {
            log.error("Spark Connect route of workspace {} failed", workspaceId, e);
            refuse(new ConnectRefusal(ErrorCode.CONNECT_ROUTE_FAILED, "the route to the workspace engine failed"), false);
            return Optional.empty();
        }
        if (resolved == null || !resolved.user().equals(actor.userId())) {
            // Fail closed: the engine would bind the call to someone else's session.
            log.error("Spark Connect route of workspace {} names another member than the caller", workspaceId);
            refuse(new ConnectRefusal(ErrorCode.CONNECT_ROUTE_FAILED, "the route to the workspace engine failed"), false);
            return Optional.empty();
        }
        return Optional.of(resolved);
    }

    private void start(Route resolved, byte[] first) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            route = resolved;
            if (!shared.calls().register(resolved.sessionId(), this)) {
                closeClient(ConnectRefusal.status(ErrorCode.CONNECT_SESSION_CLOSED, "session " + resolved.sessionId() + " was closed"),
                        new Metadata());
                finished = true;
                release();
                return;
            }
            ManagedChannel channel;
            try {
                channel = shared.channels().channel(resolved.engineHost(), resolved.enginePort());
            } catch (IllegalStateException e) {
                finishWith(Status.UNAVAILABLE.withDescription("the Spark Connect endpoint is stopping"), new Metadata(), null);
                return;
            }
            MethodDescriptor<byte[], byte[]> descriptor = client.getMethodDescriptor();
            CallOptions options = deadline == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withDeadline(deadline);
            engine = channel.newCall(descriptor, options);
            engine.start(new EngineListener(), ConnectHeaders.towardsEngine(clientHeaders, resolved));
            engine.request(1);
            engine.sendMessage(first);
            askClientWhenEngineReady();
        }
    }

    private boolean isFinished() {
        synchronized (lock) {
            return finished;
        }
    }

    /** Asks the client for its next message now if the engine can take it, else when the engine says it is ready. */
    private void askClientWhenEngineReady() {
        if (engine.isReady()) {
            client.request(1);
        } else {
            clientWaiting = true;
        }
    }

    @Override
    public void onHalfClose() {
        if (isFinished()) {
            return;
        }
        if (route == null) {
            refuse(new ConnectRefusal(ErrorCode.CONNECT_SESSION_ID_REQUIRED, "the call carried no request"), true);
            return;
        }
        synchronized (lock) {
            if (!finished) {
                engine.halfClose();
            }
        }
    }

    @Override
    public void onCancel() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            if (engine != null) {
                engine.cancel("the client cancelled the call", null);
            }
        }
        release();
    }

    @Override
    public void onComplete() {
        synchronized (lock) {
            finished = true;
        }
        release();
    }

    @Override
    public void onReady() {
        synchronized (lock) {
            if (!finished && engineWaiting && client.isReady()) {
                engineWaiting = false;
                engine.request(1);
            }
        }
    }

    /** Ends the call because its session was closed: the engine call is cancelled, the client told why. */
    void revoke() {
        finishWith(ConnectRefusal.status(ErrorCode.CONNECT_SESSION_CLOSED,
                "session " + (route == null ? "?" : route.sessionId()) + " was closed; its calls were cancelled"),
                new Metadata(), "the platform closed the session");
    }

    /** Ends the call because the proxy stops. */
    void shutdown() {
        finishWith(Status.UNAVAILABLE.withDescription("the Spark Connect endpoint is stopping"), new Metadata(), "the proxy stopped");
    }

    /** Refuses the call with a platform code (audited when the caller caused it). */
    private void refuse(ConnectRefusal refusal, boolean audited) {
        if (audited) {
            shared.refusals().refused(Optional.of(actor), method, Optional.of(workspaceId), refusal);
        }
        finishWith(refusal.status(), new Metadata(), "the call was refused");
    }

    private void finishWith(Status status, Metadata trailers, String engineCancelReason) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            if (engine != null && engineCancelReason != null) {
                engine.cancel(engineCancelReason, null);
            }
            closeClient(status, trailers);
        }
        release();
    }

    private void closeClient(Status status, Metadata trailers) {
        try {
            client.close(status, trailers);
        } catch (IllegalStateException e) {
            log.debug("Spark Connect call already closed: {}", e.getMessage());
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            shared.calls().unregister(route == null ? null : route.sessionId(), this);
        }
    }

    /** The engine side: relays headers, messages (with flow control), status and trailers to the client. */
    private final class EngineListener extends ClientCall.Listener<byte[]> {
        @Override
        public void onHeaders(Metadata headers) {
            synchronized (lock) {
                if (finished || headersSent) {
                    return;
                }
                headersSent = true;
                client.sendHeaders(ConnectHeaders.towardsClient(headers));
            }
        }

        @Override
        public void onMessage(byte[] message) {
            synchronized (lock) {
                if (finished) {
                    return;
                }
                if (!headersSent) {
                    headersSent = true;
                    client.sendHeaders(new Metadata());
                }
                client.sendMessage(message);
                if (client.isReady()) {
                    engine.request(1);
                } else {
                    engineWaiting = true;
                }
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            synchronized (lock) {
                if (finished) {
                    return;
                }
                finished = true;
                // The engine's own status and description reach the client unchanged (a transport cause stays here).
                closeClient(Status.fromCode(status.getCode()).withDescription(status.getDescription()),
                        ConnectHeaders.towardsClient(trailers));
            }
            release();
            Route routed = route;
            if (status.isOk() && "ReleaseSession".equals(method) && routed != null) {
                // The client released its Spark session: the member's controller session ends with it.
                try {
                    shared.routing().released(actor, workspaceId, routed.sessionId());
                } catch (RuntimeException e) {
                    log.warn("cannot close session {} after the client released it: {}", routed.sessionId(),
                            e.getClass().getSimpleName());
                }
            }
        }

        @Override
        public void onReady() {
            synchronized (lock) {
                if (!finished && clientWaiting && engine.isReady()) {
                    clientWaiting = false;
                    client.request(1);
                }
            }
        }
    }
}
