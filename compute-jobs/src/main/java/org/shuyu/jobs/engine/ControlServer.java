package org.shuyu.jobs.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.shuyu.runtime.contract.EngineHealth;
import org.shuyu.runtime.contract.EngineSession;
import org.shuyu.runtime.contract.EngineStatement;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.StatementOutcome;

/**
 * Why this class is long: every endpoint of the control API with its status codes and problem codes is routed here,
 * so the whole HTTP surface of the engine can be reviewed in one file.
 *
 * <p>The engine's control API (docs/engine.md), a JDK HTTP server on {@code bindHost}: every request needs
 * {@code Authorization: Bearer <SHUYU_ENGINE_SECRET>} (compared in constant time; 401 {@code UNAUTHENTICATED}
 * otherwise), bodies are read strictly with {@link RuntimeJson}, errors are problem bodies
 * {@code {"code": ..., "message": ...}} with a stable code, and nothing changes on a refused request.
 */
public final class ControlServer implements AutoCloseable {
    /** An error body. */
    @JsonPropertyOrder({"code", "message"})
    public record Problem(String code, String message) {
    }

    /** The codes of the control API's problem bodies. */
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String SESSION_NOT_FOUND = "SESSION_NOT_FOUND";
    public static final String SESSION_CONFLICT = "SESSION_CONFLICT";
    public static final String STATEMENT_NOT_FOUND = "STATEMENT_NOT_FOUND";
    public static final String STATEMENT_CONFLICT = "STATEMENT_CONFLICT";
    public static final String RUN_NOT_FOUND = "RUN_NOT_FOUND";
    public static final String RUN_NOT_RUNNABLE = "RUN_NOT_RUNNABLE";
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    public static final String INTERNAL_ERROR = "ENGINE_INTERNAL_ERROR";

    /** The header carrying a batch run's runtime credential. */
    public static final String RUN_TOKEN_HEADER = "X-Shuyu-Run-Token";
    private static final int MAX_BODY = 1 << 20;
    private static final long MAX_WAIT_MILLIS = 30_000;

    private static final class HttpProblem extends RuntimeException {
        final int status;
        final String code;

        HttpProblem(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private final RuntimeJson json = new RuntimeJson();
    /** Problem bodies are not contract messages: plain Jackson. */
    private final ObjectMapper problems = new ObjectMapper();
    private final byte[] secret;
    private final MemberSessions sessions;
    private final EngineStatements statements;
    private final EngineRuns runs;
    private final Supplier<EngineHealth> health;
    private final Runnable shutdown;
    private final HttpServer server;
    private final ExecutorService executor;

    public ControlServer(String bindHost, int port, String secret, MemberSessions sessions,
                         EngineStatements statements, EngineRuns runs, Supplier<EngineHealth> health,
                         Runnable shutdown) throws IOException {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the engine secret is blank");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.statements = requireNonNull(statements, "statements is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.health = requireNonNull(health, "health is null");
        this.shutdown = requireNonNull(shutdown, "shutdown is null");
        this.server = HttpServer.create(new InetSocketAddress(bindHost, port), 64);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "shuyu-control-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                authenticate(exchange);
                route(exchange);
            } catch (HttpProblem p) {
                send(exchange, p.status, new Problem(p.code, p.getMessage()));
            } catch (IllegalArgumentException e) {
                send(exchange, 400, new Problem(INVALID_REQUEST, firstLine(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(exchange, 503, new Problem(INTERNAL_ERROR, "interrupted"));
            } catch (RuntimeException | IOException e) {
                send(exchange, 500, new Problem(INTERNAL_ERROR, "the engine failed (" + e.getClass().getSimpleName()
                        + ")"));
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    private void authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] presented = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(presented, secret)) {
            throw new HttpProblem(401, UNAUTHENTICATED, "the engine secret is missing or wrong");
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        String[] parts = exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
        }
        String first = parts[0];
        int n = parts.length;
        if (n == 1 && first.equals("health")) {
            require(method, "GET");
            send(exchange, 200, health.get());
        } else if (n == 1 && first.equals("sessions")) {
            require(method, "POST");
            EngineSession session = body(exchange, EngineSession.class);
            try {
                sessions.open(session.sessionId(), session.user());
            } catch (MemberSessions.SessionConflictException e) {
                throw new HttpProblem(409, SESSION_CONFLICT, e.getMessage());
            }
            statements.touch();
            send(exchange, 201, session);
        } else if (n == 2 && first.equals("sessions")) {
            require(method, "DELETE");
            statements.cancelSession(parts[1]);
            if (!sessions.close(parts[1])) {
                throw new HttpProblem(404, SESSION_NOT_FOUND, "session " + parts[1] + " is not open in this engine");
            }
            statements.touch();
            sendEmpty(exchange, 204);
        } else if (n == 3 && first.equals("sessions") && parts[2].equals("statements")) {
            require(method, "POST");
            EngineStatement statement = body(exchange, EngineStatement.class);
            try {
                send(exchange, 202, statements.submit(parts[1], statement));
            } catch (EngineStatements.UnknownSessionException e) {
                throw new HttpProblem(404, SESSION_NOT_FOUND, e.getMessage());
            } catch (EngineStatements.DuplicateStatementException e) {
                throw new HttpProblem(409, STATEMENT_CONFLICT, e.getMessage());
            }
        } else if (n == 2 && first.equals("statements")) {
            require(method, "GET");
            long wait = waitMillis(exchange);
            EngineStatementState state = statements.await(parts[1], wait)
                    .orElseThrow(() -> new HttpProblem(404, STATEMENT_NOT_FOUND, "unknown statement " + parts[1]));
            send(exchange, 200, state);
        } else if (n == 3 && first.equals("statements") && parts[2].equals("cancel")) {
            require(method, "POST");
            send(exchange, 202, statements.cancel(parts[1])
                    .orElseThrow(() -> new HttpProblem(404, STATEMENT_NOT_FOUND, "unknown statement " + parts[1])));
        } else if (n == 1 && first.equals("runs")) {
            require(method, "POST");
            String token = exchange.getRequestHeaders().getFirst(RUN_TOKEN_HEADER);
            if (token == null || token.isBlank()) {
                throw new HttpProblem(400, INVALID_REQUEST, RUN_TOKEN_HEADER + " is missing");
            }
            RuntimeRequest request = body(exchange, RuntimeRequest.class);
            try {
                runs.submit(request, token);
            } catch (EngineRuns.NotRunnableException e) {
                throw new HttpProblem(409, RUN_NOT_RUNNABLE, e.getMessage());
            } catch (EngineStatements.DuplicateStatementException e) {
                throw new HttpProblem(409, STATEMENT_CONFLICT, e.getMessage());
            }
            sendEmpty(exchange, 202);
        } else if (n == 2 && first.equals("runs")) {
            require(method, "GET");
            Optional<StatementOutcome> outcome;
            try {
                outcome = runs.outcome(parts[1], waitMillis(exchange));
            } catch (IllegalArgumentException e) {
                throw new HttpProblem(404, RUN_NOT_FOUND, "unknown run " + parts[1]);
            }
            if (outcome.isPresent()) {
                send(exchange, 200, outcome.get());
            } else {
                sendEmpty(exchange, 204);
            }
        } else if (n == 3 && first.equals("runs") && parts[2].equals("cancel")) {
            require(method, "POST");
            if (!runs.cancel(parts[1])) {
                throw new HttpProblem(404, RUN_NOT_FOUND, "unknown run " + parts[1]);
            }
            sendEmpty(exchange, 202);
        } else if (n == 3 && first.equals("runs") && parts[2].equals("preview")) {
            require(method, "GET");
            send(exchange, 200, runs.preview(parts[1])
                    .orElseThrow(() -> new HttpProblem(404, RUN_NOT_FOUND, "no finished preview " + parts[1])));
        } else if (n == 1 && first.equals("shutdown")) {
            require(method, "POST");
            sendEmpty(exchange, 202);
            Thread stopper = new Thread(shutdown, "shuyu-engine-shutdown");
            stopper.setDaemon(false);
            stopper.start();
        } else {
            throw new HttpProblem(404, NOT_FOUND, "no such endpoint");
        }
    }

    private static void require(String method, String expected) {
        if (!method.equals(expected)) {
            throw new HttpProblem(405, METHOD_NOT_ALLOWED, "use " + expected);
        }
    }

    private static long waitMillis(HttpExchange exchange) {
        String query = exchange.getRequestURI().getQuery();
        if (query == null) {
            return 0;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("waitMillis=")) {
                try {
                    return Math.min(MAX_WAIT_MILLIS, Math.max(0, Long.parseLong(part.substring(11))));
                } catch (NumberFormatException e) {
                    throw new HttpProblem(400, INVALID_REQUEST, "waitMillis is not a number");
                }
            }
        }
        return 0;
    }

    private <T> T body(HttpExchange exchange, Class<T> type) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new HttpProblem(413, INVALID_REQUEST, "the body is larger than " + MAX_BODY + " bytes");
            }
            return json.read(new String(bytes, StandardCharsets.UTF_8), type);
        }
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = body instanceof Problem ? problems.writeValueAsBytes(body)
                : json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private static String firstLine(String message) {
        return message == null ? "invalid request" : message.strip().lines().findFirst().orElse("invalid request");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
