package org.shuyu.controller.adapter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.engine.EngineEndpoint;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.runtime.contract.EngineSession;
import org.shuyu.runtime.contract.EngineStatement;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.shuyu.runtime.contract.StatementOutcome;

/**
 * The control API client against a scripted HTTP engine: the secret on every call, the run credential's header,
 * contract messages both ways, and every engine problem mapped to a stable code without the engine's free text.
 */
class HttpEngineControlTest {
    private static final String SECRET = "the-engine-secret";
    private final RuntimeJson json = new RuntimeJson();
    private final Map<String, Answer> script = new ConcurrentHashMap<>();
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private HttpServer server;
    private EngineEndpoint engine;
    private final HttpEngineControl control = new HttpEngineControl(Duration.ofSeconds(5));

    private record Answer(int status, String body) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
                seen.put(key, exchange.getRequestURI().getRawQuery() + "|" + exchange.getRequestHeaders().getFirst("Authorization")
                        + "|" + exchange.getRequestHeaders().getFirst(HttpEngineControl.RUN_TOKEN_HEADER) + "|"
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                Answer answer = script.getOrDefault(key, new Answer(404, "{\"code\":\"NOT_FOUND\",\"message\":\"x\"}"));
                reply(exchange, answer);
            }
        });
        server.start();
        engine = new EngineEndpoint("engine-1", "grant-1", URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "127.0.0.1", 15002, SECRET);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private EngineStatementState running(String id) {
        return new EngineStatementState(id, "session-1", EngineStatementState.State.RUNNING,
                new EngineStatementState.Progress(2, 1, 10, 4), 120, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void sendsTheSecretAndReadsContractMessages() {
        script.put("POST /sessions/session-1/statements", new Answer(202, json.write(running("job-1"))));
        script.put("GET /statements/job-1", new Answer(200, json.write(running("job-1"))));
        script.put("POST /runs", new Answer(202, ""));
        script.put("GET /runs/job-2", new Answer(204, ""));
        script.put("GET /runs/job-3", new Answer(200, json.write(new StatementOutcome(RuntimeStatus.succeeded("done"),
                new RuntimeMetrics(1.5, 1024, 300, List.of())))));

        EngineStatementState state = control.submit(engine, "session-1", new EngineStatement("job-1", "statement-token",
                "SELECT 1", 10));
        assertThat(state.progress().tasksDone()).isEqualTo(4);
        assertThat(seen.get("POST /sessions/session-1/statements")).contains("|Bearer " + SECRET + "|")
                .contains("\"sql\":\"SELECT 1\"");
        assertThat(control.statement(engine, "job-1", 99_999).state()).isEqualTo(EngineStatementState.State.RUNNING);
        assertThat(seen.get("GET /statements/job-1")).startsWith("waitMillis=30000|");

        RuntimeRequest request = new RuntimeRequest("job-9", RuntimeRequest.Kind.JOB, "engineer", "grant-1", "shuyu_grant_1",
                "ws_grant_1", Path.of("/w"), Path.of("/w/h"), Path.of("/w/f"), "http://127.0.0.1:1", 1000, 10000,
                Optional.empty(), false, List.of(), List.of("SELECT 1"), Optional.empty(), Optional.empty(), Path.of("/w/o"), Optional.empty());
        control.startRun(engine, request, "run-token");
        assertThat(seen.get("POST /runs")).contains("|run-token|").contains("\"jobId\":\"job-9\"");
        assertThat(control.run(engine, "job-2", 0)).isEmpty();
        assertThat(control.run(engine, "job-3", 10).orElseThrow().metrics().cpuSeconds()).isEqualTo(1.5);
    }

    @Test
    void mapsEngineProblemsToStableCodesWithoutTheEnginesText() {
        script.put("GET /health", new Answer(500, "{\"code\":\"INTERNAL\",\"message\":\"secret-sentinel-value\"}"));
        assertThatThrownBy(() -> control.health(engine)).isInstanceOfSatisfying(SandboxException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_FAILED);
            assertThat(e.getMessage()).contains("INTERNAL").doesNotContain("secret-sentinel-value");
        });
        script.put("POST /sessions", new Answer(409, "{\"code\":\"SESSION_OF_ANOTHER_USER\",\"message\":\"x\"}"));
        assertThatThrownBy(() -> control.openSession(engine, new EngineSession("s", "u")))
                .isInstanceOfSatisfying(SandboxException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_CONFLICT);
                    assertThat(e.getMessage()).contains("SESSION_OF_ANOTHER_USER");
                });
        script.put("POST /statements/job-1/cancel", new Answer(400, "{\"code\":\"bad code with spaces\"}"));
        assertThatThrownBy(() -> control.cancel(engine, "job-1")).isInstanceOfSatisfying(SandboxException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_REJECTED);
            assertThat(e.getMessage()).contains("HTTP_400").doesNotContain("spaces");
        });
        assertThatThrownBy(() -> control.statement(engine, "job-404", 0)).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        script.put("POST /shutdown", new Answer(503, ""));
        assertThatThrownBy(() -> control.shutdown(engine)).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        script.put("GET /statements/job-bad", new Answer(200, "{\"statementId\":\"job-bad\",\"surprise\":1}"));
        assertThatThrownBy(() -> control.statement(engine, "job-bad", 0)).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_FAILED));
    }

    @Test
    void anEngineThatIsGoneIsUnavailable() throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        EngineEndpoint gone = new EngineEndpoint("engine-2", "grant-1", URI.create("http://127.0.0.1:" + free), "127.0.0.1",
                15002, SECRET);
        assertThatThrownBy(() -> control.health(gone)).isInstanceOfSatisfying(SandboxException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
    }
}
