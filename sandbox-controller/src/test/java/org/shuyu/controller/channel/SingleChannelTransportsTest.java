package org.shuyu.controller.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.controller.adapter.connect.ConnectServerLifecycle;
import org.shuyu.controller.adapter.flight.FlightServerLifecycle;
import org.shuyu.controller.job.JobStore;
import org.shuyu.controller.job.WorkspaceReconciler;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * R-08, the single channel, over the two transports beside REST: the platform's own Arrow Flight endpoint and its
 * Spark Connect front door, as they run in the controller (real JWT decoder, real delivery gate, real Connect routing
 * through the workspace gate). Flight serves LISTED products only: a ticket naming a source dataset, a workspace table
 * or an unlisted candidate is refused, and its listing holds no dataset. Connect routes a call only for a member of an
 * ACTIVE grant: no token, no member, a member of a suspended or terminated grant are refused with the platform code
 * before any engine starts. No Spark runs here.
 */
@PlatformTest
@Tag("R-08")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleChannelTransportsTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    JobStore jobs;
    @Autowired
    WorkspaceReconciler reconciler;
    @Autowired
    FlightServerLifecycle flight;
    @Autowired
    ConnectServerLifecycle connect;

    Api api;
    SingleChannelFixture.Made active;
    SingleChannelFixture.Made suspended;
    SingleChannelFixture.Made ended;
    BufferAllocator allocator;
    FlightClient flightClient;
    ManagedChannel connectChannel;

    @BeforeAll
    void grantsAndClients() {
        api = new Api(port);
        LifecycleFixture fx = new LifecycleFixture(api, jdbc, clock);
        active = SingleChannelFixture.grant(fx, jdbc, jobs, reconciler, "r08 transports active");
        suspended = SingleChannelFixture.grant(fx, jdbc, jobs, reconciler, "r08 transports suspended");
        fx.suspend(suspended.grant());
        ended = SingleChannelFixture.grant(fx, jdbc, jobs, reconciler, "r08 transports ended");
        fx.end(ended.grant(), "TERMINATE");
        allocator = new RootAllocator();
        flightClient = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1",
                flight.port().orElseThrow(() -> new AssertionError("the Flight endpoint is not running")))).build();
        connectChannel = NettyChannelBuilder.forAddress("127.0.0.1",
                connect.port().orElseThrow(() -> new AssertionError("the Connect front door is not running")))
                .usePlaintext().build();
    }

    @AfterAll
    void close() throws Exception {
        if (flightClient != null) {
            flightClient.close();
        }
        if (allocator != null) {
            allocator.close();
        }
        if (connectChannel != null) {
            connectChannel.shutdownNow();
            connectChannel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    // ---- Arrow Flight ------------------------------------------------------------------------------------------------

    private CallOption bearer(String user) {
        FlightCallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", "Bearer " + api.token(user));
        return new HeaderCallOption(headers);
    }

    private static Ticket ticket(String product, String scenario) {
        return new Ticket(("{\"product\":\"" + product + "\",\"scenario\":\"" + scenario + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private FlightRuntimeException flightRefusal(Ticket ticket, CallOption... options) {
        try (FlightStream stream = flightClient.getStream(ticket, options)) {
            while (stream.next()) {
                SingleChannelFixture.leaks(stream.getRoot().contentToTSVString()).ifPresent(v -> {
                    throw new AssertionError("a source value came over Flight");
                });
            }
        } catch (FlightRuntimeException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a Flight refusal, got " + e, e);
        }
        throw new AssertionError("the Flight call was not refused");
    }

    @Test
    void flightNeverServesADatasetATableOrAnUnlistedCandidate() {
        record Case(String label, Ticket ticket, String user, FlightStatusCode status, String code) {}
        List<Case> cases = List.of(
                new Case("a source dataset by its catalog id", ticket("registry.enterprises", "r08 transports active"),
                        "engineer", FlightStatusCode.NOT_FOUND, "NOT_FOUND"),
                new Case("a workspace table", ticket(active.grant() + ".by_industry", "r08 transports active"),
                        "engineer", FlightStatusCode.NOT_FOUND, "NOT_FOUND"),
                new Case("the active grant's unlisted candidate, by a member", ticket(active.product(),
                        "r08 transports active"), "engineer", FlightStatusCode.INVALID_ARGUMENT, "PRODUCT_NOT_LISTED"),
                new Case("the suspended grant's candidate, by its member", ticket(suspended.product(),
                        "r08 transports suspended"), "engineer", FlightStatusCode.INVALID_ARGUMENT, "PRODUCT_NOT_LISTED"),
                new Case("a ticket naming a table field", new Ticket(("{\"product\":\"" + active.product()
                        + "\",\"scenario\":\"x\",\"table\":\"registry.enterprises\"}").getBytes(StandardCharsets.UTF_8)),
                        "engineer", FlightStatusCode.INVALID_ARGUMENT, "INVALID_REQUEST"));
        for (Case c : cases) {
            FlightRuntimeException e = flightRefusal(c.ticket(), bearer(c.user()));
            assertThat(e.status().code()).as(c.label()).isEqualTo(c.status());
            assertThat(e.status().description()).as(c.label()).startsWith(c.code() + ": ");
            assertThat(SingleChannelFixture.leaks(e.status().description())).as(c.label()).isEmpty();
        }
        FlightRuntimeException anonymous = flightRefusal(ticket(active.product(), "x"));
        assertThat(anonymous.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
        FlightRuntimeException path = assertFlightRefused(() -> flightClient.getInfo(
                FlightDescriptor.path("registry", "enterprises"), bearer("engineer")));
        assertThat(path.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);

        // The listing names listed products only: no dataset, no workspace table, no candidate.
        List<String> listed = new ArrayList<>();
        for (FlightInfo info : flightClient.listFlights(Criteria.ALL, bearer("engineer2"))) {
            listed.add(new String(info.getDescriptor().getCommand(), StandardCharsets.UTF_8));
        }
        assertThat(listed).noneMatch(d -> d.contains("registry.") || d.contains(active.product())
                || d.contains(suspended.product()) || d.contains(active.grant()));
    }

    private static FlightRuntimeException assertFlightRefused(Runnable call) {
        try {
            call.run();
        } catch (FlightRuntimeException e) {
            return e;
        }
        throw new AssertionError("the Flight call was not refused");
    }

    // ---- Spark Connect -----------------------------------------------------------------------------------------------

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> WORKSPACE = Metadata.Key.of("x-shuyu-workspace",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<byte[], byte[]> CONFIG = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("spark.connect.SparkConnectService", "Config"))
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    /** A Connect request as protobuf bytes: session_id (field 1) and a payload (field 3). */
    private static byte[] request(String sessionId, String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, 1, sessionId.getBytes(StandardCharsets.UTF_8));
        field(out, 3, payload.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        out.write(number << 3 | 2);
        int length = value.length;
        while (length >= 0x80) {
            out.write(length & 0x7f | 0x80);
            length >>>= 7;
        }
        out.write(length);
        out.writeBytes(value);
    }

    private Status connectRefusal(String user, String workspace) {
        Metadata headers = new Metadata();
        if (user != null) {
            headers.put(AUTHORIZATION, "Bearer " + api.token(user));
        }
        headers.put(WORKSPACE, workspace);
        try {
            ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(connectChannel,
                    MetadataUtils.newAttachHeadersInterceptor(headers)), CONFIG, CallOptions.DEFAULT
                    .withDeadlineAfter(30, TimeUnit.SECONDS), request(UUID.randomUUID().toString(),
                    "spark.sql.ansi.enabled"));
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
        throw new AssertionError("the Connect call was routed");
    }

    @Test
    void connectRoutesNoCallWithoutAnActiveGrantsMembership() {
        record Case(String label, String user, String workspace, Status.Code status) {}
        List<String> wrong = new ArrayList<>();
        for (Case c : List.of(
                new Case("no token", null, active.grant(), Status.Code.UNAUTHENTICATED),
                new Case("no member of the active grant", "engineer2", active.grant(), Status.Code.NOT_FOUND),
                new Case("another organization's accountable person", "applicant2", active.grant(),
                        Status.Code.NOT_FOUND),
                new Case("a member of a suspended grant", "engineer", suspended.grant(),
                        Status.Code.FAILED_PRECONDITION),
                new Case("a member of a terminated grant", "engineer", ended.grant(), Status.Code.NOT_FOUND),
                new Case("a workspace that does not exist", "engineer", "grant-none", Status.Code.NOT_FOUND))) {
            Status status = connectRefusal(c.user(), c.workspace());
            if (status.getCode() != c.status() || status.getDescription() == null
                    || !status.getDescription().matches("[A-Z_]+: .*")) {
                wrong.add(c.label() + ": " + status);
            }
        }
        assertThat(wrong).isEmpty();
        // No engine was started and no session opened for any of them.
        for (String workspace : List.of(active.grant(), suspended.grant(), ended.grant())) {
            assertThat(jdbc.sql("SELECT count(*) FROM workspace_engine WHERE workspace_id = ?").param(workspace)
                    .query(Long.class).single()).as(workspace).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM interactive_sessions WHERE workspace_id = ?").param(workspace)
                    .query(Long.class).single()).as(workspace).isZero();
        }
    }
}
