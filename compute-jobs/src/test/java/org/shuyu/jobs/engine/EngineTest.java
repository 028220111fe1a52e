package org.shuyu.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.testing.TestWorkspace;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.runtime.contract.EngineFiles;
import org.shuyu.runtime.contract.EngineReady;
import org.shuyu.runtime.contract.EngineRequest;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.StatementOutcome;

/**
 * The warm engine in-process (one Spark context for the class): member sessions with their own enforcement over the
 * control API, write-ahead lineage per statement, cancel, close, batch runs, authentication.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineTest {
    private static final String SECRET = "engine-secret-" + UUID.randomUUID();
    private static final String OTHER = "someone-else";

    private final RuntimeJson json = new RuntimeJson();
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger ids = new AtomicInteger();
    private TestWorkspace workspace;
    private Engine engine;
    private URI control;
    private long coldStartMillis;

    @BeforeAll
    void start() throws Exception {
        workspace = new TestWorkspace();
        Path out = Files.createTempDirectory(workspace.root(), "cfg");
        RuntimeRequest job = json.read(workspace.config("cfg", List.of("SELECT 1"), Optional.empty(), out),
                RuntimeRequest.class);
        EngineRequest request = new EngineRequest("eng-test", TestWorkspace.WORKSPACE_ID, TestWorkspace.SERVICE,
                TestWorkspace.DATABASE, workspace.workspaceDir(), workspace.warehouseDir(), workspace.filesDir(),
                workspace.server().url().toString(), 200, 3000, 5000, job.sources(), 2, 1024, 50, "127.0.0.1", 0, 0,
                false, workspace.root().resolve("engine"), Optional.empty());
        long t0 = System.nanoTime();
        engine = Engine.start(request, TestWorkspace.TOKEN, SECRET, Optional.of(TestWorkspace.SALT));
        coldStartMillis = (System.nanoTime() - t0) / 1_000_000L;
        System.out.println("ENGINE cold start (in-process, Spark context + setup + listeners): " + coldStartMillis
                + " ms");
        control = URI.create("http://127.0.0.1:" + engine.ready().controlPort());
    }

    @AfterAll
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        workspace.close();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private HttpResponse<String> call(String method, String path, String body, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(control.resolve(path)).header("Content-Type", "application/json");
        if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(method, path, body, SECRET);
    }

    private String open(String user) throws Exception {
        String id = "s-" + ids.incrementAndGet();
        long t0 = System.nanoTime();
        HttpResponse<String> r = call("POST", "/sessions", "{\"sessionId\":\"" + id + "\",\"user\":\"" + user + "\"}");
        System.out.println("ENGINE new member session: " + (System.nanoTime() - t0) / 1_000_000L + " ms");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return id;
    }

    private String submit(String session, String sql) throws Exception {
        String id = "st-" + ids.incrementAndGet();
        String body = mapper.createObjectNode().put("statementId", id).put("token", TestWorkspace.TOKEN)
                .put("sql", sql).put("maxRows", 10).toString();
        HttpResponse<String> r = call("POST", "/sessions/" + session + "/statements", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return id;
    }

    private EngineStatementState await(String statement) throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = call("GET", "/statements/" + statement + "?waitMillis=30000", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            EngineStatementState state = json.read(r.body(), EngineStatementState.class);
            if (state.state().isFinal()) {
                return state;
            }
        }
        throw new AssertionError("statement " + statement + " did not end");
    }

    private EngineStatementState run(String session, String sql) throws Exception {
        return await(submit(session, sql));
    }

    private EngineStatementState awaitState(String statement, EngineStatementState.State wanted) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            EngineStatementState s = json.read(call("GET", "/statements/" + statement, null).body(),
                    EngineStatementState.class);
            if (s.state() == wanted || s.state().isFinal()) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not " + wanted);
    }

    // --- tests ---------------------------------------------------------------------------------------------------

    @Test
    void readyJsonIsWrittenWithBothPorts() throws Exception {
        EngineReady ready = json.read(Files.readString(workspace.root().resolve("engine").resolve(EngineFiles.READY)),
                EngineReady.class);
        assertThat(ready.controlPort()).isEqualTo(engine.ready().controlPort());
        assertThat(ready.connectPort()).isPositive();
        assertThat(ready.pid()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    @Tag("R-24b")
    @Tag("R-21b")
    void twoMembersInOneEngineSeeTheirOwnPolicies() throws Exception {
        String member = open(TestWorkspace.USER);
        String outsider = open(OTHER);
        EngineStatementState masked = run(member,
                "SELECT uscc, legal_representative, phone FROM registry.enterprises ORDER BY uscc");
        assertThat(masked.state()).as(masked.toString()).isEqualTo(EngineStatementState.State.SUCCEEDED);
        List<List<String>> rows = masked.result().orElseThrow().rows();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly("U001", TestWorkspace.hash("Zhang San"), "xxxxxxx1111");
        assertThat(masked.result().orElseThrow().truncated()).isFalse();
        EngineStatementState consented = run(member, "SELECT person_id FROM social.contributions");
        assertThat(consented.result().orElseThrow().rows()).hasSize(2); // only P1 and P3 consented
        EngineStatementState refused = run(outsider,
                "SELECT uscc, legal_representative, phone FROM registry.enterprises ORDER BY uscc");
        assertThat(refused.state()).isEqualTo(EngineStatementState.State.REFUSED);
        assertThat(refused.status().orElseThrow().code()).isEqualTo("ACCESS_DENIED");
        assertThat(refused.status().orElseThrow().message()).doesNotContain("Zhang San");
    }

    @Test
    void aResultKeepsTheFirstRowsAndSaysItWasTruncated() throws Exception {
        String member = open(TestWorkspace.USER);
        String id = "st-" + ids.incrementAndGet();
        String body = mapper.createObjectNode().put("statementId", id).put("token", TestWorkspace.TOKEN)
                .put("sql", "SELECT uscc FROM registry.enterprises ORDER BY uscc").put("maxRows", 2).toString();
        assertThat(call("POST", "/sessions/" + member + "/statements", body).statusCode()).isEqualTo(202);
        EngineStatementState state = await(id);
        assertThat(state.result().orElseThrow().rows()).containsExactly(List.of("U001"), List.of("U002"));
        assertThat(state.result().orElseThrow().truncated()).isTrue();
        assertThat(state.metrics().orElseThrow().wallMillis()).isPositive();
    }

    @Test
    void temporaryViewsOfOneMemberSessionAreInvisibleToAnother() throws Exception {
        String a = open(TestWorkspace.USER);
        String b = open(TestWorkspace.USER);
        EngineStatementState created = run(a, "CREATE TEMPORARY VIEW mine AS SELECT uscc FROM registry.enterprises");
        assertThat(created.state()).as(created.toString()).isEqualTo(EngineStatementState.State.SUCCEEDED);
        assertThat(run(a, "SELECT count(*) FROM mine").result().orElseThrow().rows()).containsExactly(List.of("3"));
        EngineStatementState other = run(b, "SELECT count(*) FROM mine");
        assertThat(other.state()).isEqualTo(EngineStatementState.State.FAILED);
        assertThat(other.status().orElseThrow().message()).contains("TABLE_OR_VIEW_NOT_FOUND");
    }

    @Test
    @Tag("R-19a")
    void settingsAreLockedPerSessionAndStayInTheirSession() throws Exception {
        String a = open(TestWorkspace.USER);
        String b = open(TestWorkspace.USER);
        EngineStatementState locked = run(a, "SET spark.sql.caseSensitive=true");
        assertThat(locked.state()).isEqualTo(EngineStatementState.State.REFUSED);
        assertThat(locked.status().orElseThrow().code()).isEqualTo("SETTING_LOCKED");
        assertThat(run(a, "SET spark.sql.shuffle.partitions=3").state())
                .isEqualTo(EngineStatementState.State.SUCCEEDED);
        assertThat(run(a, "SET spark.sql.shuffle.partitions").result().orElseThrow().rows().get(0))
                .contains("3");
        assertThat(run(b, "SET spark.sql.shuffle.partitions").result().orElseThrow().rows().get(0))
                .contains("4"); // the engine's own value (cores * 2), untouched by session a
        // a locked key changed behind the parser's back (spark.conf) is refused at the next statement, in a only
        engine.sessions().session(a).orElseThrow().conf().set("spark.sql.ansi.enabled", "false");
        EngineStatementState after = run(a, "SELECT 1");
        assertThat(after.status().orElseThrow().code()).isEqualTo("SETTING_LOCKED");
        assertThat(run(b, "SELECT 1").state()).isEqualTo(EngineStatementState.State.SUCCEEDED);
    }

    @Test
    @Tag("R-19a")
    void settingsCannotBeReadThroughVariableSubstitution() throws Exception {
        String a = open(TestWorkspace.USER);
        EngineStatementState read = run(a, "SELECT '${spark.app.name}' AS v");
        assertThat(read.result().orElseThrow().rows()).hasSize(1);
        assertThat(String.valueOf(read.result().orElseThrow().rows().get(0).get(0))).doesNotContain("shuyu-engine");
        EngineStatementState unlock = run(a, "SET spark.sql.variable.substitute=true");
        assertThat(unlock.status().orElseThrow().code()).isEqualTo("SETTING_LOCKED");
        assertThat(engine.root().sparkContext().getConf().getOption("spark.connect.authenticate.token").isEmpty())
                .isTrue();
    }

    @Test
    @Tag("R-24c")
    void lineageStartIsStoredBeforeTheStatementRunsAndOutcomeIsDelivered() throws Exception {
        String member = open(TestWorkspace.USER);
        String id = submit(member, "CREATE TABLE engine_ok AS SELECT uscc, name FROM registry.enterprises");
        EngineStatementState done = await(id);
        assertThat(done.state()).as(done.toString()).isEqualTo(EngineStatementState.State.SUCCEEDED);
        List<LineageEvent> events = workspace.server().lineage().events(id);
        assertThat(events).extracting(LineageEvent::phase)
                .containsExactly(LineageEvent.Phase.START, LineageEvent.Phase.COMPLETE);
        assertThat(awaitOutcome(id).status().state().name()).isEqualTo("SUCCEEDED");
        assertThat(run(member, "SELECT count(*) FROM engine_ok").result().orElseThrow().rows())
                .containsExactly(List.of("3"));
    }

    @Test
    @Tag("R-24c")
    @Tag("R-19a")
    void noLineageStartMeansTheStatementIsRefusedAndNothingIsWritten() throws Exception {
        String member = open(TestWorkspace.USER);
        String last;
        workspace.server().lineage().respond((event, attempt) -> 403);
        try {
            last = submit(member, "CREATE TABLE engine_never AS SELECT uscc FROM registry.enterprises");
            EngineStatementState state = await(last);
            assertThat(state.state()).isEqualTo(EngineStatementState.State.FAILED);
            assertThat(state.status().orElseThrow().code()).isEqualTo("LINEAGE_REJECTED");
            assertThat(state.status().orElseThrow().message()).contains("did not run");
        } finally {
            workspace.server().lineage().respond((event, attempt) -> 200);
        }
        assertThat(workspace.server().lineage().events(last)).isEmpty();
        EngineStatementState none = run(member, "SELECT count(*) FROM engine_never");
        assertThat(none.status().orElseThrow().message()).contains("TABLE_OR_VIEW_NOT_FOUND");
    }

    @Test
    void cancelStopsALongStatement() throws Exception {
        String member = open(TestWorkspace.USER);
        String id = submit(member, "SELECT count(*) FROM registry.enterprises CROSS JOIN range(0, 5000000000) r");
        awaitState(id, EngineStatementState.State.RUNNING);
        Thread.sleep(500);
        long t0 = System.nanoTime();
        HttpResponse<String> cancel = call("POST", "/statements/" + id + "/cancel", null);
        assertThat(cancel.statusCode()).isEqualTo(202);
        EngineStatementState state = await(id);
        System.out.println("ENGINE cancel -> final: " + (System.nanoTime() - t0) / 1_000_000L + " ms");
        assertThat(state.state()).isEqualTo(EngineStatementState.State.CANCELLED);
        assertThat(state.status().orElseThrow().code()).isEqualTo("STATEMENT_CANCELLED");
        assertThat(workspace.server().lineage().events(id)).as(state.toString()).extracting(LineageEvent::phase)
                .containsExactly(LineageEvent.Phase.START, LineageEvent.Phase.FAIL);
    }

    @Test
    void closingASessionCancelsItsStatementsAndForgetsIt() throws Exception {
        String member = open(TestWorkspace.USER);
        String id = submit(member, "SELECT count(*) FROM registry.enterprises CROSS JOIN range(0, 5000000000) r");
        awaitState(id, EngineStatementState.State.RUNNING);
        assertThat(call("DELETE", "/sessions/" + member, null).statusCode()).isEqualTo(204);
        assertThat(await(id).state()).isEqualTo(EngineStatementState.State.CANCELLED);
        HttpResponse<String> gone = call("POST", "/sessions/" + member + "/statements",
                "{\"statementId\":\"x-1\",\"token\":\"t\",\"sql\":\"SELECT 1\",\"maxRows\":1}");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(gone.body()).get("code").asText()).isEqualTo("SESSION_NOT_FOUND");
        assertThat(call("DELETE", "/sessions/" + member, null).statusCode()).isEqualTo(404);
    }

    @Test
    void sessionsAreIdempotentForTheSameUserAndConflictForAnother() throws Exception {
        assertThat(call("POST", "/sessions", "{\"sessionId\":\"dup\",\"user\":\"engineer\"}").statusCode())
                .isEqualTo(201);
        assertThat(call("POST", "/sessions", "{\"sessionId\":\"dup\",\"user\":\"engineer\"}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> conflict = call("POST", "/sessions", "{\"sessionId\":\"dup\",\"user\":\"mallory\"}");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(mapper.readTree(conflict.body()).get("code").asText()).isEqualTo("SESSION_CONFLICT");
        HttpResponse<String> bad = call("POST", "/sessions", "{\"sessionId\":\"x\",\"user\":\"a\",\"extra\":1}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(bad.body()).get("code").asText()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void aBadSecretGets401AndUnknownThingsGet404WithACode() throws Exception {
        HttpResponse<String> none = call("GET", "/health", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(mapper.readTree(none.body()).get("code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(call("GET", "/health", null, SECRET + "x").statusCode()).isEqualTo(401);
        assertThat(call("POST", "/sessions", "{\"sessionId\":\"z\",\"user\":\"engineer\"}", "wrong").statusCode())
                .isEqualTo(401);
        assertThat(engine.sessions().member("z")).isEmpty();
        HttpResponse<String> unknown = call("POST", "/sessions/nope/statements",
                "{\"statementId\":\"x-2\",\"token\":\"t\",\"sql\":\"SELECT 1\",\"maxRows\":1}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(unknown.body()).get("code").asText()).isEqualTo("SESSION_NOT_FOUND");
        assertThat(mapper.readTree(call("GET", "/statements/nope", null).body()).get("code").asText())
                .isEqualTo("STATEMENT_NOT_FOUND");
        JsonNode health = mapper.readTree(call("GET", "/health", null).body());
        assertThat(health.get("engineId").asText()).isEqualTo("eng-test");
        assertThat(health.get("cpuSeconds").asDouble()).isPositive();
    }

    @Test
    @Tag("R-19a")
    void theRootSessionAndUnboundSessionsAreRefusedEverything() {
        SparkSession root = engine.root();
        assertThatThrownBy(() -> root.sql("SELECT 1").collect())
                .satisfies(e -> assertThat(EnforcementException.find(e).orElseThrow().code().name())
                        .isEqualTo("NO_IDENTITY"));
        SparkSession unbound = root.newSession();
        assertThatThrownBy(() -> unbound.sql("SELECT uscc FROM registry.enterprises").collect())
                .satisfies(e -> assertThat(EnforcementException.find(e).orElseThrow().code().name())
                        .isEqualTo("NO_IDENTITY"));
        SparkSession bound = root.newSession();
        engine.sessions().bind(bound, "connect-1", TestWorkspace.USER);
        assertThat(engine.sessions().memberOf(bound)).contains(new MemberSessions.Member("connect-1",
                TestWorkspace.USER));
        assertThatThrownBy(() -> engine.sessions().bind(bound, "connect-1", OTHER))
                .isInstanceOf(EnforcementException.class);
        engine.sessions().close("connect-1");
        assertThat(engine.sessions().memberOf(bound)).isEmpty();
    }

    @Test
    @Tag("R-24c")
    void batchRunsOnTheWarmEngineGiveTheColdStatusAndMetrics() throws Exception {
        Path out = Files.createTempDirectory(workspace.root(), "run");
        String ok = workspace.config("run-ok", List.of("CREATE TABLE run_table AS SELECT uscc FROM registry.enterprises",
                "INSERT INTO run_table SELECT uscc FROM registry.enterprises"), Optional.empty(), out);
        StatementOutcome succeeded = runBatch("run-ok", ok);
        assertThat(succeeded.status().state().name()).isEqualTo("SUCCEEDED");
        assertThat(succeeded.status().message()).isEqualTo("2 step(s) succeeded");
        assertThat(succeeded.metrics().steps()).extracting(s -> s.index()).containsExactly(1, 2);
        assertThat(workspace.server().lineage().events("run-ok")).hasSize(4);
        String refused = workspace.config("run-no", List.of("SELECT * FROM police.household_registry"),
                Optional.empty(), out);
        StatementOutcome no = runBatch("run-no", refused);
        assertThat(no.status().state().name()).isEqualTo("REFUSED");
        assertThat(no.status().code()).isEqualTo("ACCESS_DENIED");
        assertThat(no.status().step()).contains(1);
        String preview = workspace.config("run-pv", List.of(), Optional.of("run_table"), out);
        StatementOutcome previewed = runBatch("run-pv", preview);
        assertThat(previewed.status().message()).isEqualTo("preview of run_table: 6 rows");
        HttpResponse<String> rows = call("GET", "/runs/run-pv/preview", null);
        assertThat(json.read(rows.body(), EngineStatementState.Result.class).rows()).hasSize(6);
        assertThat(engine.sessions().member("run-run-ok")).isEmpty();
    }

    /** Runs {@code sql} in {@code session} on a thread named like Spark Connect's execute thread of {@code op}. */
    private Throwable onConnectThread(SparkSession session, String op, String sql) throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                session.sql(sql).collect();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, org.apache.spark.util.Utils$.MODULE$.CONNECT_EXECUTE_THREAD_PREFIX() + "_opId=" + op);
        thread.start();
        thread.join(120_000);
        return failure[0];
    }

    @Test
    @Tag("R-24c")
    @Tag("R-19a")
    void connectExecutionsAreRegisteredAndWriteAheadLoggedOrRefused() throws Exception {
        SparkSession bound = engine.root().newSession();
        engine.sessions().bind(bound, "connect-s", TestWorkspace.USER);
        int before = workspace.server().registrations().size();
        // not an execute thread: an analysis only (AnalyzePlan, schema), no ticket
        bound.sql("SELECT uscc FROM registry.enterprises").schema();
        assertThat(workspace.server().registrations()).hasSize(before);
        assertThat(onConnectThread(bound, "op-1", "SELECT uscc, phone FROM registry.enterprises")).isNull();
        assertThat(workspace.server().registrations()).hasSize(before + 1);
        assertThat(workspace.server().registrations().get(before))
                .contains("\"sessionId\":\"connect-s\"", "\"user\":\"engineer\"", "connect: ExecutePlan(");
        String statement = "connect-" + (before + 1);
        assertThat(workspace.server().lineage().events(statement)).extracting(LineageEvent::phase)
                .containsExactly(LineageEvent.Phase.START);
        engine.connectExecutions().end("op-1", Optional.empty()); // what the Finished event does
        assertThat(workspace.server().lineage().events(statement)).extracting(LineageEvent::phase)
                .containsExactly(LineageEvent.Phase.START, LineageEvent.Phase.COMPLETE);
        assertThat(awaitOutcome(statement).status().state().name()).isEqualTo("SUCCEEDED");

        workspace.server().refuseTickets(true);
        try {
            Throwable refused = onConnectThread(bound, "op-2",
                    "CREATE TABLE connect_never AS SELECT uscc FROM registry.enterprises");
            assertThat(EnforcementException.find(refused).orElseThrow().code().name())
                    .isEqualTo("STATEMENT_NOT_REGISTERED");
        } finally {
            workspace.server().refuseTickets(false);
        }
        workspace.server().lineage().respond((event, attempt) -> 403);
        try {
            Throwable noStart = onConnectThread(bound, "op-3",
                    "CREATE TABLE connect_never AS SELECT uscc FROM registry.enterprises");
            assertThat(noStart).isNotNull();
        } finally {
            workspace.server().lineage().respond((event, attempt) -> 200);
        }
        assertThat(engine.connectExecutions().open()).isZero();
        String member = open(TestWorkspace.USER);
        assertThat(run(member, "SELECT count(*) FROM connect_never").status().orElseThrow().message())
                .contains("TABLE_OR_VIEW_NOT_FOUND");
        engine.sessions().close("connect-s");
    }

    private Throwable connectCall(String authorization) throws Exception {
        org.sparkproject.connect.grpc.ManagedChannel channel = org.sparkproject.connect.grpc.netty.NettyChannelBuilder
                .forAddress("127.0.0.1", engine.ready().connectPort()).usePlaintext().build();
        try {
            org.sparkproject.connect.grpc.Metadata headers = new org.sparkproject.connect.grpc.Metadata();
            headers.put(org.sparkproject.connect.grpc.Metadata.Key.of("authorization",
                    org.sparkproject.connect.grpc.Metadata.ASCII_STRING_MARSHALLER), authorization);
            org.apache.spark.connect.proto.ExecutePlanRequest request = org.apache.spark.connect.proto.ExecutePlanRequest
                    .newBuilder().setSessionId(UUID.randomUUID().toString())
                    .setUserContext(org.apache.spark.connect.proto.UserContext.newBuilder().setUserId("engineer"))
                    .setPlan(org.apache.spark.connect.proto.Plan.newBuilder().setRoot(
                            org.apache.spark.connect.proto.Relation.newBuilder().setSql(
                                    org.apache.spark.connect.proto.SQL.newBuilder().setQuery("SELECT 1"))))
                    .build();
            org.apache.spark.connect.proto.SparkConnectServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(org.sparkproject.connect.grpc.stub.MetadataUtils
                            .newAttachHeadersInterceptor(headers))
                    .executePlan(request).forEachRemaining(r -> { });
            return null;
        } catch (RuntimeException e) {
            return e;
        } finally {
            channel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    @Tag("R-19a")
    void sparkConnectNeedsTheEngineSecretAndAnUnboundSessionIsRefused() throws Exception {
        Throwable wrong = connectCall("Bearer " + SECRET + "x");
        assertThat(wrong).isInstanceOf(org.sparkproject.connect.grpc.StatusRuntimeException.class);
        assertThat(((org.sparkproject.connect.grpc.StatusRuntimeException) wrong).getStatus().getCode())
                .isEqualTo(org.sparkproject.connect.grpc.Status.Code.UNAUTHENTICATED);
        Throwable unbound = connectCall("Bearer " + SECRET);
        assertThat(unbound).as("a Connect session nobody bound must be refused").isNotNull();
        assertThat(((org.sparkproject.connect.grpc.StatusRuntimeException) unbound).getStatus().getCode())
                .isNotEqualTo(org.sparkproject.connect.grpc.Status.Code.UNAUTHENTICATED);
        // The Connect guard refuses a call without the proxy's member and session first; without the guard the
        // engine's resolver would refuse the unbound session (NO_IDENTITY, "belongs to no member").
        assertThat(String.valueOf(unbound.getMessage())).containsAnyOf("CONNECT_IDENTITY_REQUIRED", "belongs to no member");
    }

    private StatementOutcome runBatch(String jobId, String config) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(control.resolve("/runs"))
                .header("Authorization", "Bearer " + SECRET).header("X-Shuyu-Run-Token", TestWorkspace.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(config)).build();
        HttpResponse<String> accepted = http.send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = call("GET", "/runs/" + jobId + "?waitMillis=30000", null);
            if (r.statusCode() == 200) {
                return json.read(r.body(), StatementOutcome.class);
            }
            assertThat(r.statusCode()).isEqualTo(204);
        }
        throw new AssertionError("run " + jobId + " did not end");
    }

    private StatementOutcome awaitOutcome(String id) throws Exception {
        for (int i = 0; i < 100; i++) {
            String body = workspace.server().outcomes().get(id);
            if (body != null) {
                return json.read(body, StatementOutcome.class);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no outcome for " + id);
    }
}
