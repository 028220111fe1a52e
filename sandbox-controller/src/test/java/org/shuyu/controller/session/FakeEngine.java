package org.shuyu.controller.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.shuyu.controller.session.EnginePorts.Acquisition;
import org.shuyu.controller.session.EnginePorts.EngineRef;
import org.shuyu.controller.session.EnginePorts.Queued;
import org.shuyu.controller.session.EnginePorts.Ready;
import org.shuyu.runtime.contract.EngineSession;
import org.shuyu.runtime.contract.EngineStatement;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.shuyu.runtime.contract.StatementOutcome;

/**
 * A workspace engine in memory, for the session flow tests: both engine ports, behaving as the control API says. A
 * statement whose SQL contains {@code SLOW} runs until cancelled; one containing {@code DEFER} runs until
 * {@link #complete} (which reports lineage and the outcome to the controller over HTTP with the statement's credential,
 * as the real engine does); any other ends at once, successfully, after reporting its lineage the same way, with one
 * result row holding {@link #SENTINEL}.
 */
final class FakeEngine implements EnginePorts.SessionEngines, EnginePorts.SessionEngineControl {
    /** A value only a result row carries: it must never reach the audit trail, the database or a log. */
    static final String SENTINEL = "SENTINEL-ROW-7731-ZETA";
    private static final RuntimeJson JSON = new RuntimeJson();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    volatile int controllerPort;
    final Set<String> queued = ConcurrentHashMap.newKeySet();
    final Map<String, EngineRef> engines = new ConcurrentHashMap<>();
    final Map<String, String> sessions = new ConcurrentHashMap<>(); // sessionId -> user
    final Map<String, EngineStatementState> statements = new ConcurrentHashMap<>();
    final Map<String, String> tokens = new ConcurrentHashMap<>();
    final Map<String, String> sessionOf = new ConcurrentHashMap<>();
    /** When each statement's cancel reached the engine (System.nanoTime()). */
    final Map<String, Long> cancelledAt = new ConcurrentHashMap<>();
    final AtomicInteger touches = new AtomicInteger();
    final AtomicInteger starts = new AtomicInteger();

    static String engineToken(String workspaceId) {
        return "engine-token-of-" + workspaceId;
    }

    @Override
    public Acquisition acquire(String workspaceId) {
        if (queued.contains(workspaceId)) {
            return new Queued(3);
        }
        return new Ready(engines.computeIfAbsent(workspaceId, ws -> {
            starts.incrementAndGet();
            return new EngineRef("engine-" + ws + "-" + starts.get(), ws, URI.create("http://127.0.0.1:1/"), "127.0.0.1", 1, "secret");
        }));
    }

    @Override
    public Optional<EngineRef> running(String workspaceId) {
        return Optional.ofNullable(engines.get(workspaceId));
    }

    @Override
    public void touch(String workspaceId) {
        touches.incrementAndGet();
    }

    @Override
    public Optional<String> workspaceOfEngineToken(String token) {
        return engines.keySet().stream().filter(ws -> engineToken(ws).equals(token)).findFirst();
    }

    @Override
    public void openSession(EngineRef engine, EngineSession session) {
        String previous = sessions.putIfAbsent(session.sessionId(), session.user());
        if (previous != null && !previous.equals(session.user())) {
            throw new IllegalStateException("409 same session, other user");
        }
    }

    @Override
    public void closeSession(EngineRef engine, String sessionId) {
        sessions.remove(sessionId);
        sessionOf.forEach((statement, session) -> {
            if (session.equals(sessionId) && !statements.get(statement).state().isFinal()) {
                cancel(engine, statement);
            }
        });
    }

    @Override
    public EngineStatementState submit(EngineRef engine, String sessionId, EngineStatement statement) {
        if (!sessions.containsKey(sessionId)) {
            throw new IllegalStateException("404 no such session in the engine");
        }
        tokens.put(statement.statementId(), statement.token());
        sessionOf.put(statement.statementId(), sessionId);
        EngineStatementState running = new EngineStatementState(statement.statementId(), sessionId, EngineStatementState.State.RUNNING,
                new EngineStatementState.Progress(2, 1, 8, 5), 12, Optional.empty(), Optional.empty(), Optional.empty());
        statements.put(statement.statementId(), running);
        if (statement.sql().contains("SLOW") || statement.sql().contains("DEFER")) {
            return running;
        }
        return finish(statement.statementId(), true);
    }

    /** Ends a DEFERred statement as the real engine does: lineage COMPLETE, then the outcome, both with its credential. */
    EngineStatementState complete(String statementId) {
        return finish(statementId, true);
    }

    private EngineStatementState finish(String id, boolean deliver) {
        String token = tokens.get(id);
        int lineage = post("/service/lineage/jobs/" + id + "/events", token, start(id));
        if (lineage != 204 || post("/service/lineage/jobs/" + id + "/events", token, end(id)) != 204) {
            throw new IllegalStateException("lineage refused: " + lineage);
        }
        RuntimeStatus ok = RuntimeStatus.succeeded("1 row");
        RuntimeMetrics metrics = new RuntimeMetrics(0.25, 64L << 20, 40, List.of());
        EngineStatementState done = new EngineStatementState(id, sessionOf.get(id), EngineStatementState.State.SUCCEEDED,
                new EngineStatementState.Progress(2, 2, 8, 8), 40, Optional.of(ok),
                Optional.of(new EngineStatementState.Result(List.of(new EngineStatementState.Column("name", "string")),
                        List.of(List.of(SENTINEL)), false)),
                Optional.of(metrics));
        statements.put(id, done);
        if (deliver) {
            post("/service/statements/" + id + "/outcome", token, JSON.write(new StatementOutcome(ok, metrics)));
        }
        return done;
    }

    @Override
    public Optional<EngineStatementState> status(EngineRef engine, String statementId, long waitMillis) {
        return Optional.ofNullable(statements.get(statementId));
    }

    @Override
    public void cancel(EngineRef engine, String statementId) {
        cancelledAt.putIfAbsent(statementId, System.nanoTime());
        EngineStatementState current = statements.get(statementId);
        if (current != null && !current.state().isFinal()) {
            statements.put(statementId, new EngineStatementState(statementId, current.sessionId(), EngineStatementState.State.CANCELLED,
                    current.progress(), current.elapsedMillis(), Optional.of(new RuntimeStatus(RuntimeStatus.State.FAILED, "CANCELLED",
                    "cancelled", Optional.empty())), Optional.empty(), Optional.empty()));
        }
    }

    int post(String path, String token, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controllerPort + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postForResponse(String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controllerPort + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String start(String jobId) {
        return "{\"jobId\":\"" + jobId + "\",\"step\":1,\"phase\":\"START\",\"eventTime\":\"" + Instant.now()
                + "\",\"statement\":\"QUERY\",\"inputs\":[{\"name\":\"registry.enterprises\",\"kind\":\"SOURCE\","
                + "\"columns\":[\"name\"]}],\"outputs\":[],\"edges\":[],\"message\":null}";
    }

    private static String end(String jobId) {
        return "{\"jobId\":\"" + jobId + "\",\"step\":1,\"phase\":\"COMPLETE\",\"eventTime\":\"" + Instant.now()
                + "\",\"statement\":null,\"inputs\":[],\"outputs\":[],\"edges\":[],\"message\":null}";
    }
}
