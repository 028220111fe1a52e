package org.shuyu.controller.adapter.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.connect.ConnectPorts.ConnectRouting;
import org.shuyu.controller.adapter.connect.ConnectPorts.Route;
import org.shuyu.controller.adapter.identity.DemoUsers;
import org.shuyu.controller.adapter.identity.DevTokenIssuer;
import org.shuyu.controller.config.ConnectProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The Spark Connect front door against a fake engine (a plain gRPC server with raw-bytes handlers; no Spark): a
 * member's call is forwarded with the engine's secret and the member instead of the user's token; a missing, forged
 * or expired token, a missing workspace, a non-member, a request without session id are refused with the platform
 * code and audited; streams are relayed in order with headers and trailers; engine errors come back unchanged; a
 * client cancel reaches the engine; closing a session cancels its calls.
 */
@Tag("R-06")
class ConnectProxyServerTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final String WORKSPACE = "ws-connect-1";
    private static final String SECRET = "engine-secret-" + UUID.randomUUID();
    private static final String MEMBER = "engineer";
    private static final Metadata.Key<String> CUSTOM = Metadata.Key.of("x-client-custom", Metadata.ASCII_STRING_MARSHALLER);

    private final DevTokenIssuer issuer = issuer(Clock.systemUTC());
    private final List<String> refusedCodes = new CopyOnWriteArrayList<>();
    private final List<String> routedSessions = new CopyOnWriteArrayList<>();
    private FakeEngine engine;
    private ConnectProxyServer proxy;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        engine = new FakeEngine();
        proxy = proxy(settings(16));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", proxy.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        proxy.close();
        engine.close();
    }

    private static ConnectProperties settings(int maxCallsPerMember) {
        return new ConnectProperties("127.0.0.1", 0, null, null, false, 16 * 1024 * 1024, maxCallsPerMember);
    }

    private ConnectProxyServer proxy(ConnectProperties settings) throws Exception {
        ConnectRefusals refusals = (actor, method, workspaceId, refusal) -> {
            // What the audit log would receive: built by the factory, codes only.
            ConnectAuditEvents.callRefused(actor, method, workspaceId, refusal.code().name(), refusal.reason());
            refusedCodes.add(refusal.code().name());
        };
        return new ConnectProxyServer(settings, SandboxProperties.Mode.EMBEDDED, routing(), decoder(issuer), refusals).start();
    }

    /** The REST gate as the sessions feature runs it: only the member {@value #MEMBER} may work in {@value #WORKSPACE}. */
    private ConnectRouting routing() {
        return (Actor actor, String workspaceId, String clientSessionId) -> {
            if (!WORKSPACE.equals(workspaceId)) {
                throw SandboxException.notFound("workspace", workspaceId);
            }
            if (!MEMBER.equals(actor.userId())) {
                throw new SandboxException(ErrorCode.NOT_A_MEMBER, actor.userId() + " may not work in " + workspaceId);
            }
            routedSessions.add(clientSessionId);
            return new Route("sess-" + clientSessionId.substring(0, 8), actor.userId(), "127.0.0.1", engine.port(), SECRET);
        };
    }

    private static DevTokenIssuer issuer(Clock clock) {
        return new DevTokenIssuer("shuyu-controller", Duration.ofMinutes(5), clock, prefix -> prefix + "-" + IDS.incrementAndGet());
    }

    /** The validators of the REST decoder bean (timestamps, issuer, audience, typ) over the issuer's key. */
    private static JwtDecoder decoder(DevTokenIssuer issuer) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(issuer.publicKey()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(DevTokenIssuer.ISSUER),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("shuyu-controller"))));
        return decoder;
    }

    private String token(String user) {
        return issuer.issue(DemoUsers.find(user).orElseThrow());
    }

    private static Metadata headers(String token, String workspace) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(BearerTokens.AUTHORIZATION, "Bearer " + token);
        }
        if (workspace != null) {
            headers.put(ConnectHeaders.WORKSPACE, workspace);
        }
        return headers;
    }

    /** A request as protobuf bytes: session_id (field 1) and a payload in field 3 (a plan, say). */
    static byte[] request(String sessionId, String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (sessionId != null) {
            field(out, 1, sessionId.getBytes(StandardCharsets.UTF_8));
        }
        field(out, 3, payload.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static void field(ByteArrayOutputStream out, int number, byte[] value) {
        out.write(number << 3 | 2);
        int length = value.length;
        while (length >= 0x80) {
            out.write(length & 0x7f | 0x80);
            length >>>= 7;
        }
        out.write(length);
        out.writeBytes(value);
    }

    private ClientCall<byte[], byte[]> call(String name, MethodType type, Metadata headers) {
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(FakeEngine.method(name, type), CallOptions.DEFAULT);
    }

    private byte[] config(Metadata headers, byte[] request) {
        return ClientCalls.blockingUnaryCall(call("Config", MethodType.UNARY, headers), request);
    }

    private static Status statusOf(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
        throw new AssertionError("the call was not refused");
    }

    @Test
    void forwardsAMembersCallWithTheEngineSecretAndTheMemberInsteadOfTheUsersToken() {
        String session = UUID.randomUUID().toString();
        String userToken = token(MEMBER);
        Metadata headers = headers(userToken, WORKSPACE);
        headers.put(CUSTOM, "kept");
        headers.put(ConnectHeaders.MEMBER, "admin");      // a client cannot choose the member...
        headers.put(ConnectHeaders.SESSION, "sess-other"); // ...nor the session
        byte[] request = request(session, "SELECT 1");

        byte[] response = config(headers, request);

        assertThat(response).isEqualTo(FakeEngine.concat("echo:".getBytes(StandardCharsets.UTF_8), request));
        assertThat(routedSessions).containsExactly(session);
        Metadata seen = engine.lastHeaders();
        assertThat(seen.getAll(BearerTokens.AUTHORIZATION)).containsExactly("Bearer " + SECRET);
        assertThat(seen.getAll(ConnectHeaders.MEMBER)).containsExactly(MEMBER);
        assertThat(seen.getAll(ConnectHeaders.SESSION)).containsExactly("sess-" + session.substring(0, 8));
        assertThat(seen.get(ConnectHeaders.WORKSPACE)).isNull();
        assertThat(seen.get(CUSTOM)).isEqualTo("kept");
        for (String key : seen.keys()) {
            if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                assertThat(seen.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)))
                        .as("header %s", key).noneMatch(v -> v.contains(userToken));
            }
        }
        assertThat(refusedCodes).isEmpty();
    }

    @Test
    @Tag("R-24d")
    void refusesMissingForgedAndExpiredTokensWithUnauthenticatedAndAuditsThem() {
        byte[] request = request(UUID.randomUUID().toString(), "SELECT 1");
        String forged = issuer(Clock.systemUTC()).issue(DemoUsers.find(MEMBER).orElseThrow()); // another key
        String expired = issuer(Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC)).issue(DemoUsers.find(MEMBER).orElseThrow());
        Metadata basic = headers(null, WORKSPACE);
        basic.put(BearerTokens.AUTHORIZATION, "Basic ZW5naW5lZXI6cHc=");

        for (Metadata headers : List.of(headers(null, WORKSPACE), headers(forged, WORKSPACE), headers(expired, WORKSPACE), basic,
                headers("not-a-jwt", WORKSPACE))) {
            Status status = statusOf(() -> config(headers, request));
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(status.getDescription()).startsWith("UNAUTHENTICATED: ");
        }
        assertThat(refusedCodes).hasSize(5).containsOnly("UNAUTHENTICATED");
        assertThat(engine.calls.get()).isZero();
        assertThat(routedSessions).isEmpty();
    }

    @Test
    @Tag("R-18")
    void refusesANonMemberAnUnknownWorkspaceAndACallWithoutWorkspaceOrSessionId() {
        byte[] request = request(UUID.randomUUID().toString(), "SELECT 1");

        Status nonMember = statusOf(() -> config(headers(token("engineer2"), WORKSPACE), request));
        assertThat(nonMember.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(nonMember.getDescription()).startsWith("NOT_A_MEMBER: ");

        Status unknown = statusOf(() -> config(headers(token(MEMBER), "ws-other"), request));
        assertThat(unknown.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(unknown.getDescription()).startsWith("NOT_FOUND: ");

        Status noWorkspace = statusOf(() -> config(headers(token(MEMBER), null), request));
        assertThat(noWorkspace.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(noWorkspace.getDescription()).startsWith("CONNECT_WORKSPACE_REQUIRED: ");

        Status badWorkspace = statusOf(() -> config(headers(token(MEMBER), "../ws"), request));
        assertThat(badWorkspace.getDescription()).startsWith("CONNECT_WORKSPACE_REQUIRED: ");

        Status noSession = statusOf(() -> config(headers(token(MEMBER), WORKSPACE), request(null, "SELECT 1")));
        assertThat(noSession.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(noSession.getDescription()).startsWith("CONNECT_SESSION_ID_REQUIRED: ");

        Status notUuid = statusOf(() -> config(headers(token(MEMBER), WORKSPACE), request("my-session", "SELECT 1")));
        assertThat(notUuid.getDescription()).startsWith("CONNECT_SESSION_ID_REQUIRED: ");

        assertThat(refusedCodes).containsExactly("NOT_A_MEMBER", "NOT_FOUND", "CONNECT_WORKSPACE_REQUIRED", "CONNECT_WORKSPACE_REQUIRED",
                "CONNECT_SESSION_ID_REQUIRED", "CONNECT_SESSION_ID_REQUIRED");
        assertThat(engine.calls.get()).isZero();
    }

    @Test
    void relaysAServerStreamInOrderWithTheEnginesHeadersAndTrailers() {
        List<String> received = new ArrayList<>();
        ClientCall<byte[], byte[]> call = call("ExecutePlan", MethodType.SERVER_STREAMING, headers(token(MEMBER), WORKSPACE));
        CompletableFuture<Metadata> responseHeaders = new CompletableFuture<>();
        CompletableFuture<Metadata> trailers = new CompletableFuture<>();
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata headers) {
                responseHeaders.complete(headers);
            }

            @Override
            public void onMessage(byte[] message) {
                received.add(new String(message, StandardCharsets.UTF_8));
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata t) {
                trailers.complete(t);
                closed.complete(status);
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage(request(UUID.randomUUID().toString(), "SELECT id FROM range(50)"));
        call.halfClose();

        assertThat(closed.join().getCode()).isEqualTo(Status.Code.OK);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < FakeEngine.STREAMED; i++) {
            expected.add("response-" + i);
        }
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(responseHeaders.join().get(FakeEngine.TRAILER)).isEqualTo("header-from-engine");
        assertThat(trailers.join().get(FakeEngine.TRAILER)).isEqualTo("trailer-from-engine");
        assertThat(proxy.inFlight()).isZero();
    }

    @Test
    void relaysTheEnginesErrorStatusDescriptionAndTrailers() {
        ClientCall<byte[], byte[]> call = call("Interrupt", MethodType.UNARY, headers(token(MEMBER), WORKSPACE));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(call, request(UUID.randomUUID().toString(), "interrupt")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(e.getStatus().getDescription()).isEqualTo("CONNECT_REFUSED: the engine said no");
        assertThat(e.getTrailers().get(FakeEngine.TRAILER)).isEqualTo("refused-by-engine");
    }

    @Test
    void relaysAClientStreamAndRefusesAMessageOfAnotherSession() throws Exception {
        String session = UUID.randomUUID().toString();
        ClientCall<byte[], byte[]> call = call("AddArtifacts", MethodType.CLIENT_STREAMING, headers(token(MEMBER), WORKSPACE));
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(call, observer(answer));
        for (int i = 0; i < 3; i++) {
            requests.onNext(request(session, "chunk-" + i));
        }
        requests.onCompleted();
        assertThat(new String(answer.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("artifacts:3");

        ClientCall<byte[], byte[]> mixed = call("AddArtifacts", MethodType.CLIENT_STREAMING, headers(token(MEMBER), WORKSPACE));
        CompletableFuture<byte[]> refused = new CompletableFuture<>();
        StreamObserver<byte[]> smuggled = ClientCalls.asyncClientStreamingCall(mixed, observer(refused));
        smuggled.onNext(request(session, "chunk-0"));
        smuggled.onNext(request(UUID.randomUUID().toString(), "chunk-1"));
        smuggled.onCompleted();
        Status status = Status.fromThrowable(assertThrows(Exception.class,
                () -> refused.get(10, TimeUnit.SECONDS)).getCause());
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).startsWith("CONNECT_SESSION_MISMATCH: ");
        assertThat(refusedCodes).containsExactly("CONNECT_SESSION_MISMATCH");
    }

    private static StreamObserver<byte[]> observer(CompletableFuture<byte[]> answer) {
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
                answer.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                answer.complete(null);
            }
        };
    }

    /** Starts a ReattachExecute that the fake engine never answers; returns how the client sees it end. */
    private CompletableFuture<Status> hangingCall(ClientCall<byte[], byte[]> call, String session) throws InterruptedException {
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage(request(session, "reattach"));
        call.halfClose();
        assertThat(engine.hanging.await(10, TimeUnit.SECONDS)).as("the call reached the engine").isTrue();
        return closed;
    }

    @Test
    void aClientCancelCancelsTheEngineCall() throws Exception {
        ClientCall<byte[], byte[]> call = call("ReattachExecute", MethodType.SERVER_STREAMING, headers(token(MEMBER), WORKSPACE));
        CompletableFuture<Status> closed = hangingCall(call, UUID.randomUUID().toString());
        assertThat(proxy.inFlight()).isEqualTo(1);

        call.cancel("the user pressed ctrl-c", null);

        assertThat(engine.cancelled.await(10, TimeUnit.SECONDS)).as("the engine call was cancelled").isTrue();
        assertThat(closed.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
        awaitNoCallInFlight();
    }

    @Test
    void closingTheSessionCancelsItsCallsAndRefusesLateOnes() throws Exception {
        String session = UUID.randomUUID().toString();
        ClientCall<byte[], byte[]> call = call("ReattachExecute", MethodType.SERVER_STREAMING, headers(token(MEMBER), WORKSPACE));
        CompletableFuture<Status> closed = hangingCall(call, session);
        String controllerSession = "sess-" + session.substring(0, 8);

        assertThat(proxy.cancelSession("sess-unrelated")).isZero();
        assertThat(proxy.cancelSession(controllerSession)).isEqualTo(1);

        Status status = closed.get(10, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).startsWith("CONNECT_SESSION_CLOSED: ");
        assertThat(engine.cancelled.await(10, TimeUnit.SECONDS)).as("the engine call was cancelled").isTrue();
        awaitNoCallInFlight();

        // A call routed to the closed session (the route was resolved before the close) is not let in.
        Status late = statusOf(() -> config(headers(token(MEMBER), WORKSPACE), request(session, "SELECT 1")));
        assertThat(late.getDescription()).startsWith("CONNECT_SESSION_CLOSED: ");
    }

    @Test
    void capsTheCallsInFlightPerMember() throws Exception {
        proxy.close();
        proxy = proxy(settings(1));
        channel.shutdownNow();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", proxy.port()).usePlaintext().build();
        ClientCall<byte[], byte[]> first = call("ReattachExecute", MethodType.SERVER_STREAMING, headers(token(MEMBER), WORKSPACE));
        hangingCall(first, UUID.randomUUID().toString());

        Status second = statusOf(() -> config(headers(token(MEMBER), WORKSPACE), request(UUID.randomUUID().toString(), "SELECT 1")));
        assertThat(second.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(second.getDescription()).startsWith("CONNECT_TOO_MANY_CALLS: ");

        first.cancel("done", null);
        awaitNoCallInFlight();
        assertThat(config(headers(token(MEMBER), WORKSPACE), request(UUID.randomUUID().toString(), "SELECT 1"))).isNotEmpty();
    }

    @Test
    void refusesARequestLargerThanTheInboundLimit() throws Exception {
        proxy.close();
        proxy = proxy(new ConnectProperties("127.0.0.1", 0, null, null, false, 64 * 1024, 16));
        channel.shutdownNow();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", proxy.port()).usePlaintext().build();
        String session = UUID.randomUUID().toString();

        Status status = statusOf(() -> config(headers(token(MEMBER), WORKSPACE), request(session, "x".repeat(100 * 1024))));

        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(engine.calls.get()).isZero();
        assertThat(config(headers(token(MEMBER), WORKSPACE), request(session, "x".repeat(1024)))).isNotEmpty();
    }

    @Test
    void answersUnimplementedForAnyOtherService() {
        MethodDescriptor<byte[], byte[]> other = MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodType.UNARY)
                .setFullMethodName("grpc.health.v1.Health/Check")
                .setRequestMarshaller(SparkConnectMethods.BYTES).setResponseMarshaller(SparkConnectMethods.BYTES).build();
        Status status = statusOf(() -> ClientCalls.blockingUnaryCall(
                ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers(token(MEMBER), WORKSPACE)))
                        .newCall(other, CallOptions.DEFAULT), new byte[0]));
        assertThat(status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(engine.calls.get()).isZero();
    }

    @Test
    void anUnreachableEngineAnswersUnavailable() throws Exception {
        engine.close();
        Status status = statusOf(() -> config(headers(token(MEMBER), WORKSPACE), request(UUID.randomUUID().toString(), "SELECT 1")));
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(proxy.channelOpen("127.0.0.1", engine.port())).isTrue();
        proxy.engineStopped("127.0.0.1", engine.port());
        assertThat(proxy.channelOpen("127.0.0.1", engine.port())).isFalse();
    }

    @Test
    @Tag("R-19a")
    void refusesToStartWithoutTlsOutsideEmbeddedModeOrWhenOff() {
        ConnectRouting routing = routing();
        JwtDecoder decoder = decoder(issuer);
        assertThatThrownBy(() -> new ConnectProxyServer(settings(4), SandboxProperties.Mode.PRODUCTION, routing, decoder, ConnectRefusals.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs TLS outside embedded mode");
        assertThatThrownBy(() -> new ConnectProxyServer(ConnectProperties.off(), SandboxProperties.Mode.EMBEDDED, routing, decoder,
                ConnectRefusals.NONE)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ConnectProxyServer(new ConnectProperties("0.0.0.0", 0, null, null, false, 1 << 20, 4),
                SandboxProperties.Mode.EMBEDDED, routing, decoder, ConnectRefusals.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a loopback address");
    }

    private void awaitNoCallInFlight() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (proxy.inFlight() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(proxy.inFlight()).isZero();
    }
}
