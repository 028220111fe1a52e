package org.shuyu.jobs.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.spark.connect.proto.AddArtifactsRequest;
import org.apache.spark.connect.proto.AddArtifactsResponse;
import org.apache.spark.connect.proto.ExecutePlanRequest;
import org.apache.spark.connect.proto.ExecutePlanResponse;
import org.apache.spark.connect.proto.Plan;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.connect.proto.SQL;
import org.apache.spark.connect.proto.SparkConnectServiceGrpc;
import org.apache.spark.connect.proto.UserContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.testing.EnforcedSession;
import org.shuyu.jobs.testing.TestWorkspace;
import org.sparkproject.connect.grpc.ManagedChannel;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.Status;
import org.sparkproject.connect.grpc.StatusRuntimeException;
import org.sparkproject.connect.grpc.netty.NettyChannelBuilder;
import org.sparkproject.connect.grpc.stub.MetadataUtils;
import org.sparkproject.connect.grpc.stub.StreamObserver;
import org.sparkproject.connect.protobuf.ByteString;
import scala.Option;

/**
 * Spark's own Connect server on a free port of 127.0.0.1, with the guard installed by configuration exactly as the
 * engine installs it, called with a raw gRPC stub (no Connect client jar here) over the enforced test workspace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("R-19a")
class ConnectGuardServiceTest {
    static final String SECRET = "engine-secret-for-tests-0123456789";
    static final String MEMBER = TestWorkspace.USER;
    static final int CAP = 5;

    private TestWorkspace workspace;
    private EnforcedSession session;
    private ManagedChannel channel;
    private final List<String> bound = new CopyOnWriteArrayList<>();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<SparkSession> boundSessions = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        System.setProperty("spark.connect.grpc.binding.address", "127.0.0.1");
        System.setProperty("spark.connect.grpc.binding.port", "0");
        System.setProperty(ConnectGuards.INTERCEPTOR_CONF, ConnectGuards.INTERCEPTOR_CLASS);
        workspace = new TestWorkspace();
        session = new EnforcedSession(workspace, workspace.server().url(), privileged -> { });
        SparkSession.setDefaultSession(session.spark());
        ConnectGuards.uninstall();
        ConnectGuards.install(SECRET, new ConnectLimits(CAP, TestWorkspace.DATABASE), (connectSession, id, user) -> {
            boundSessions.add(connectSession);
            bound.add(id + "/" + user);
        }, (member, sessionId, connectSessionId, operationId, operation) ->
                accepted.add(member + "/" + sessionId + "/" + operation));
        SparkConnectService.start(session.spark().sparkContext());
        int port = SparkConnectService$.MODULE$.localPort();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterAll
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        SparkConnectService.stop(Option.empty(), Option.empty());
        ConnectGuards.uninstall();
        System.clearProperty("spark.connect.grpc.binding.address");
        System.clearProperty("spark.connect.grpc.binding.port");
        System.clearProperty(ConnectGuards.INTERCEPTOR_CONF);
        if (session != null) {
            session.close();
        }
        if (workspace != null) {
            workspace.close();
        }
    }

    @Test
    void withoutTheEngineSecretNothingIsServed() {
        Metadata headers = headers(null, "ctl-nosecret");
        assertThatThrownBy(() -> drain(stub(headers).executePlan(execute(UUID.randomUUID().toString(), MEMBER,
                sql("SELECT 1")))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).startsWith("CONNECT_UNAUTHENTICATED");
                });
        Metadata wrong = headers("Bearer not-the-secret-at-all-000000", "ctl-wrong");
        assertThatThrownBy(() -> drain(stub(wrong).executePlan(execute(UUID.randomUUID().toString(), MEMBER,
                sql("SELECT 1")))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void aClaimedUserIdIsReplacedByTheMember() {
        drain(stub(headers("Bearer " + SECRET, "ctl-bob")).executePlan(execute(UUID.randomUUID().toString(), "bob",
                sql("SELECT 1"))));
        assertThat(bound).contains("ctl-bob/" + MEMBER).noneMatch(entry -> entry.endsWith("/bob"));
    }

    @Test
    void artifactUploadIsRefused() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        StreamObserver<AddArtifactsRequest> upload = SparkConnectServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers("Bearer " + SECRET, "ctl-art")))
                .addArtifacts(new StreamObserver<>() {
                    @Override
                    public void onNext(AddArtifactsResponse value) {
                        error.complete(null);
                    }

                    @Override
                    public void onError(Throwable t) {
                        error.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        error.complete(null);
                    }
                });
        upload.onNext(AddArtifactsRequest.newBuilder().setSessionId(UUID.randomUUID().toString())
                .setUserContext(UserContext.newBuilder().setUserId(MEMBER)).setBatch(AddArtifactsRequest.Batch
                        .newBuilder().addArtifacts(AddArtifactsRequest.SingleChunkArtifact.newBuilder()
                                .setName("classes/Evil.class").setData(AddArtifactsRequest.ArtifactChunk.newBuilder()
                                        .setData(ByteString.copyFromUtf8("cafebabe"))))).build());
        upload.onCompleted();
        Throwable failure = error.get(30, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).startsWith("CONNECT_ARTIFACTS_REFUSED");
        });
    }

    @Test
    @Tag("R-24b")
    void aQueryOverAMaskedColumnReturnsMaskedValuesInTheMembersBoundSession() throws Exception {
        String connectSession = UUID.randomUUID().toString();
        List<ExecutePlanResponse> responses = drain(stub(headers("Bearer " + SECRET, "ctl-mask")).executePlan(
                execute(connectSession, MEMBER, sql("SELECT legal_representative FROM registry.enterprises "
                        + "ORDER BY uscc"))));
        assertThat(values(responses)).containsExactly(TestWorkspace.hash("Zhang San"), TestWorkspace.hash("Li Si"),
                TestWorkspace.hash("Wang Wu"));
        assertThat(bound).contains("ctl-mask/" + MEMBER);
        assertThat(boundSessions).doesNotContain(session.spark());
        assertThat(accepted).contains(MEMBER + "/ctl-mask/connect: ExecutePlan(SQL)");

        // The controller session is bound to that Connect session: another one under it is refused.
        assertThatThrownBy(() -> drain(stub(headers("Bearer " + SECRET, "ctl-mask")).executePlan(
                execute(UUID.randomUUID().toString(), MEMBER, sql("SELECT 1")))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("CONNECT_SESSION_MISMATCH"));
    }

    @Test
    void aResultOverTheCapEndsTheCallAndOneAtTheCapDoesNot() throws Exception {
        Metadata headers = headers("Bearer " + SECRET, "ctl-cap");
        String connectSession = UUID.randomUUID().toString();
        List<ExecutePlanResponse> atCap = drain(stub(headers).executePlan(execute(connectSession, MEMBER,
                sql("SELECT uscc FROM registry.enterprises UNION ALL SELECT uscc FROM registry.enterprises "
                        + "LIMIT " + CAP))));
        assertThat(values(atCap)).hasSize(CAP);

        List<ExecutePlanResponse> received = new ArrayList<>();
        assertThatThrownBy(() -> {
            Iterator<ExecutePlanResponse> stream = stub(headers).executePlan(execute(connectSession, MEMBER,
                    sql("SELECT e.uscc, c.person_id FROM registry.enterprises e CROSS JOIN social.contributions c "
                            + "CROSS JOIN registry.enterprises f")));
            stream.forEachRemaining(received::add);
        }).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).startsWith("CONNECT_RESULT_TOO_LARGE");
        });
        assertThat(values(received).size()).isLessThanOrEqualTo(CAP);
    }

    @Test
    void sparkErrorsKeepTheirConditionButNotTheirTextAndPlatformRefusalsKeepTheirMessage() {
        Metadata headers = headers("Bearer " + SECRET, "ctl-errors");
        String connectSession = UUID.randomUUID().toString();
        assertThatThrownBy(() -> drain(stub(headers).executePlan(execute(connectSession, MEMBER,
                sql("SELECT CAST(name AS INT) FROM registry.enterprises")))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getDescription()).startsWith("[CAST_INVALID_INPUT]")
                            .doesNotContain("Alpha Ltd");
                    assertThat(String.valueOf(e.getTrailers())).doesNotContain("Alpha");
                });
        assertThatThrownBy(() -> drain(stub(headers).executePlan(execute(connectSession, MEMBER,
                sql("SELECT * FROM census.people")))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).contains("may not select census.people"));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private SparkConnectServiceGrpc.SparkConnectServiceBlockingStub stub(Metadata headers) {
        return SparkConnectServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static Metadata headers(String authorization, String controllerSession) {
        Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(ConnectGuardInterceptor.AUTHORIZATION, authorization);
        }
        headers.put(ConnectGuardInterceptor.MEMBER, MEMBER);
        headers.put(ConnectGuardInterceptor.SESSION, controllerSession);
        return headers;
    }

    private static ExecutePlanRequest execute(String connectSession, String user, Relation root) {
        return ExecutePlanRequest.newBuilder().setSessionId(connectSession)
                .setUserContext(UserContext.newBuilder().setUserId(user))
                .setPlan(Plan.newBuilder().setRoot(root)).build();
    }

    private static Relation sql(String query) {
        return Relation.newBuilder().setSql(SQL.newBuilder().setQuery(query)).build();
    }

    private static List<ExecutePlanResponse> drain(Iterator<ExecutePlanResponse> responses) {
        List<ExecutePlanResponse> all = new ArrayList<>();
        responses.forEachRemaining(all::add);
        return all;
    }

    /** The first column's values of every Arrow batch, as text. */
    private static List<String> values(List<ExecutePlanResponse> responses) throws IOException {
        List<String> values = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (ExecutePlanResponse response : responses) {
                if (!response.hasArrowBatch()) {
                    continue;
                }
                try (ArrowStreamReader reader = new ArrowStreamReader(
                        new ByteArrayInputStream(response.getArrowBatch().getData().toByteArray()), allocator)) {
                    while (reader.loadNextBatch()) {
                        FieldVector column = reader.getVectorSchemaRoot().getVector(0);
                        for (int i = 0; i < column.getValueCount(); i++) {
                            values.add(String.valueOf(column.getObject(i)));
                        }
                    }
                }
            }
        }
        return values;
    }
}
