package org.shuyu.jobs.engine.connect;

import java.util.Optional;
import java.util.Set;
import org.apache.spark.connect.proto.AnalyzePlanRequest;
import org.apache.spark.connect.proto.ConfigRequest;
import org.apache.spark.connect.proto.ExecutePlanRequest;
import org.apache.spark.connect.proto.ExecutePlanResponse;
import org.apache.spark.connect.proto.ReattachExecuteRequest;
import org.apache.spark.connect.proto.ReleaseExecuteRequest;
import org.apache.spark.connect.proto.ReleaseSessionRequest;
import org.apache.spark.connect.proto.SparkConnectServiceGrpc;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.engine.connect.ConnectGuard.Caller;
import org.shuyu.jobs.engine.connect.ConnectGuards.Installed;
import org.shuyu.runtime.contract.EngineLaunch;
import org.sparkproject.connect.grpc.ForwardingServerCall;
import org.sparkproject.connect.grpc.ForwardingServerCallListener;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.ServerCall;
import org.sparkproject.connect.grpc.ServerCallHandler;
import org.sparkproject.connect.grpc.ServerInterceptor;
import org.sparkproject.connect.grpc.Status;
import org.sparkproject.connect.protobuf.Message;

/**
 * The Spark Connect server's gatekeeper in a workspace engine (installed with
 * {@value ConnectGuards#INTERCEPTOR_CONF}; Spark creates it with the no-argument constructor). Per call:
 * <ol>
 *   <li>not installed → refused; no engine secret → UNAUTHENTICATED; no member/session headers →
 *       PERMISSION_DENIED; AddArtifacts and any method not on the list → refused before any message is read;</li>
 *   <li>each request message: {@link ConnectGuard#admit} (identity forced, content checked, ExecutePlan capped),
 *       then the Connect session is checked against the caller's session and bound to the member's enforcement
 *       before Spark handles it, and accepted ExecutePlans are reported to the {@link ConnectExecutionHook};</li>
 *   <li>each ExecutePlan/ReattachExecute response passes {@link ResultCap}: the response that would cross the cap is
 *       not sent; the call ends with CONNECT_RESULT_TOO_LARGE and the operation is interrupted.</li>
 * </ol>
 */
public final class ConnectGuardInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> MEMBER = Metadata.Key.of(EngineLaunch.MEMBER_HEADER,
            Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> SESSION = Metadata.Key.of(EngineLaunch.SESSION_HEADER,
            Metadata.ASCII_STRING_MARSHALLER);

    /**
     * Methods whose requests the guard understands; AddArtifacts is answered with a refusal, FetchErrorDetails is not
     * served (Spark's full error chain may quote data values; see {@link ErrorRedaction}).
     */
    static final Set<String> METHODS = Set.of(
            SparkConnectServiceGrpc.getExecutePlanMethod().getFullMethodName(),
            SparkConnectServiceGrpc.getAnalyzePlanMethod().getFullMethodName(),
            SparkConnectServiceGrpc.getConfigMethod().getFullMethodName(),
            SparkConnectServiceGrpc.getArtifactStatusMethod().getFullMethodName(),
            SparkConnectServiceGrpc.getInterruptMethod().getFullMethodName(),
            SparkConnectServiceGrpc.getReattachExecuteMethod().getFullMethodName(),
            SparkConnectServiceGrpc.getReleaseExecuteMethod().getFullMethodName(),
            SparkConnectServiceGrpc.getReleaseSessionMethod().getFullMethodName(),
            SparkConnectServiceGrpc.getGetStatusMethod().getFullMethodName());

    public ConnectGuardInterceptor() {
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Optional<Installed> current = ConnectGuards.current();
        if (current.isEmpty()) {
            return refuse(call, new ConnectRefusal(JobsErrorCode.CONNECT_IDENTITY_REQUIRED, Status.Code.UNAVAILABLE,
                    "the engine's Spark Connect guard is not installed; nothing is served"));
        }
        Installed installed = current.get();
        Caller caller;
        try {
            caller = installed.guard().authenticate(headers.get(AUTHORIZATION), headers.get(MEMBER),
                    headers.get(SESSION));
        } catch (ConnectRefusal refusal) {
            return refuse(call, refusal);
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        if (method.equals(SparkConnectServiceGrpc.getAddArtifactsMethod().getFullMethodName())) {
            return refuse(call, ConnectRefusal.denied(JobsErrorCode.CONNECT_ARTIFACTS_REFUSED, "artifact upload "
                    + "(classes, jars, files, copyFromLocalToFs) is not accepted by the workspace engine"));
        }
        if (!METHODS.contains(method)) {
            return refuse(call, ConnectRefusal.denied(JobsErrorCode.CONNECT_COMMAND_REFUSED,
                    call.getMethodDescriptor().getBareMethodName() + " is not available on the workspace engine"));
        }
        GuardedCall<Q, R> guarded = new GuardedCall<>(call, installed, caller);
        return new GuardedListener<>(next.startCall(guarded, headers), guarded, installed, caller);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, ConnectRefusal refusal) {
        call.close(refusal.status(), refusal.trailers());
        return new ServerCall.Listener<>() { };
    }

    /** Checks and rewrites requests before Spark Connect sees them. */
    private static final class GuardedListener<Q, R>
            extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final GuardedCall<Q, R> call;
        private final Installed installed;
        private final Caller caller;
        private volatile boolean refused;

        GuardedListener(ServerCall.Listener<Q> delegate, GuardedCall<Q, R> call, Installed installed, Caller caller) {
            super(delegate);
            this.call = call;
            this.installed = installed;
            this.caller = caller;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            Message admitted;
            try {
                admitted = admit((Message) message);
            } catch (ConnectRefusal refusal) {
                refused = true;
                call.closeWith(refusal);
                return;
            } catch (RuntimeException e) {
                refused = true;
                call.closeWith(new ConnectRefusal(JobsErrorCode.CONNECT_COMMAND_REFUSED, Status.Code.INTERNAL,
                        "the request could not be checked (" + e.getClass().getSimpleName() + "); nothing ran"));
                return;
            }
            super.onMessage((Q) admitted);
        }

        private Message admit(Message request) {
            Message admitted = installed.guard().admit(request, caller);
            String connectSession = ConnectGuard.connectSessionId(admitted);
            if (admitted instanceof ExecutePlanRequest || admitted instanceof AnalyzePlanRequest
                    || admitted instanceof ConfigRequest) {
                installed.bindings().bind(caller, connectSession, installed.sessions(), installed.binder());
            } else {
                installed.bindings().verify(caller, connectSession);
            }
            if (admitted instanceof ExecutePlanRequest execute) {
                installed.executions().accepted(caller.member(), caller.sessionId(), connectSession,
                        execute.getOperationId(), ConnectGuard.describe(execute));
            } else if (admitted instanceof ReattachExecuteRequest reattach
                    && installed.cap().exhausted(connectSession, reattach.getOperationId())) {
                throw new ConnectRefusal(JobsErrorCode.CONNECT_RESULT_TOO_LARGE, Status.Code.RESOURCE_EXHAUSTED,
                        "the operation's result went over the cap; write it to a workspace table instead");
            } else if (admitted instanceof ReleaseExecuteRequest release) {
                installed.cap().released(connectSession, release.getOperationId());
            } else if (admitted instanceof ReleaseSessionRequest) {
                installed.bindings().released(caller, connectSession);
            }
            return admitted;
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }
    }

    /** Counts result rows on the way out and ends the call at the cap; ignores Spark's sends after that. */
    private static final class GuardedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private final Installed installed;
        private final Caller caller;
        private boolean closed;

        GuardedCall(ServerCall<Q, R> delegate, Installed installed, Caller caller) {
            super(delegate);
            this.installed = installed;
            this.caller = caller;
        }

        @Override
        public synchronized void sendMessage(R message) {
            if (closed) {
                return;
            }
            if (message instanceof ExecutePlanResponse response) {
                try {
                    installed.cap().admit(response);
                } catch (ConnectRefusal refusal) {
                    closeWith(refusal);
                    interrupt(response);
                    return;
                }
            }
            super.sendMessage(message);
        }

        private void interrupt(ExecutePlanResponse response) {
            try {
                installed.sessions().interrupt(caller.member(), response.getSessionId(), response.getOperationId());
            } catch (RuntimeException e) {
                // The call is already closed and the client got its refusal; the Limit(cap + 1) bounds the rest.
            }
        }

        synchronized void closeWith(ConnectRefusal refusal) {
            if (!closed) {
                closed = true;
                super.close(refusal.status(), refusal.trailers());
            }
        }

        /** Spark's own close: an error's free text is redacted ({@link ErrorRedaction}). */
        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (closed) {
                return;
            }
            closed = true;
            if (status.isOk()) {
                super.close(status, trailers);
                return;
            }
            ErrorRedaction.Redacted redacted;
            try {
                redacted = ErrorRedaction.redact(status, trailers);
            } catch (RuntimeException e) {
                redacted = new ErrorRedaction.Redacted(Status.fromCode(status.getCode())
                        .withDescription("the request failed; details are withheld"), new Metadata());
            }
            super.close(redacted.status(), redacted.trailers());
        }

        @Override
        public synchronized boolean isReady() {
            // After the guard closed the call Spark's sender must not wait for flow control forever: its later
            // messages are dropped here.
            return closed || super.isReady();
        }
    }
}
