package org.shuyu.controller.adapter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.shuyu.controller.config.EngineProperties;
import org.shuyu.controller.engine.EngineControl;
import org.shuyu.controller.engine.EngineEndpoint;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.runtime.contract.EngineHealth;
import org.shuyu.runtime.contract.EngineSession;
import org.shuyu.runtime.contract.EngineStatement;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.StatementOutcome;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@link EngineControl} over HTTP ({@code java.net.http}), every message through the runtime contract's strict
 * {@link RuntimeJson}, every call with {@code Authorization: Bearer <engine secret>} and a timeout
 * ({@code sandbox.engines.control-timeout}, plus the wait of a long poll). Answers map to codes: 404
 * {@code NOT_FOUND}, 409 {@code ENGINE_CONFLICT}, other 4xx {@code ENGINE_REJECTED}, 5xx or a body the contract refuses
 * {@code ENGINE_FAILED}, no answer {@code ENGINE_UNAVAILABLE}. The engine's problem {@code code} is kept in the message;
 * its free-text message is not (it could quote a statement).
 */
@Component
public class HttpEngineControl implements EngineControl {
    /** The run credential's header on {@code POST /runs}. */
    public static final String RUN_TOKEN_HEADER = "X-Shuyu-Run-Token";
    private static final long MAX_WAIT_MILLIS = 30_000;
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private final HttpClient http;
    private final Duration timeout;
    private final RuntimeJson contract = new RuntimeJson();
    private final ObjectMapper problems = new ObjectMapper();

    @Autowired
    public HttpEngineControl(EngineProperties settings) {
        this(settings.controlTimeout());
    }

    public HttpEngineControl(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public EngineHealth health(EngineEndpoint engine) {
        return read(send(engine, get(engine, "/health", 0), 200), EngineHealth.class);
    }

    @Override
    public void openSession(EngineEndpoint engine, EngineSession session) {
        send(engine, post(engine, "/sessions", contract.write(session), 0), 201, 200);
    }

    @Override
    public void closeSession(EngineEndpoint engine, String sessionId) {
        send(engine, request(engine, "/sessions/" + segment(sessionId), 0).DELETE().build(), 204, 200);
    }

    @Override
    public EngineStatementState submit(EngineEndpoint engine, String sessionId, EngineStatement statement) {
        return read(send(engine, post(engine, "/sessions/" + segment(sessionId) + "/statements",
                contract.write(statement), 0), 202, 200, 201), EngineStatementState.class);
    }

    @Override
    public EngineStatementState statement(EngineEndpoint engine, String statementId, long waitMillis) {
        long wait = Math.max(0, Math.min(waitMillis, MAX_WAIT_MILLIS));
        String path = "/statements/" + segment(statementId) + (wait > 0 ? "?waitMillis=" + wait : "");
        return read(send(engine, get(engine, path, wait), 200), EngineStatementState.class);
    }

    @Override
    public EngineStatementState cancel(EngineEndpoint engine, String statementId) {
        return read(send(engine, post(engine, "/statements/" + segment(statementId) + "/cancel", "", 0), 202, 200),
                EngineStatementState.class);
    }

    @Override
    public void startRun(EngineEndpoint engine, RuntimeRequest request, String runToken) {
        HttpRequest call = request(engine, "/runs", 0).header("Content-Type", "application/json")
                .header(RUN_TOKEN_HEADER, runToken)
                .POST(HttpRequest.BodyPublishers.ofString(contract.write(request), StandardCharsets.UTF_8)).build();
        send(engine, call, 202, 200, 201);
    }

    @Override
    public Optional<StatementOutcome> run(EngineEndpoint engine, String jobId, long waitMillis) {
        long wait = Math.max(0, Math.min(waitMillis, MAX_WAIT_MILLIS));
        HttpResponse<String> response = send(engine, get(engine, "/runs/" + segment(jobId)
                + (wait > 0 ? "?waitMillis=" + wait : ""), wait), 200, 204);
        return response.statusCode() == 204 ? Optional.empty() : Optional.of(read(response, StatementOutcome.class));
    }

    @Override
    public EngineStatementState.Result runPreview(EngineEndpoint engine, String jobId) {
        return read(send(engine, get(engine, "/runs/" + segment(jobId) + "/preview", 0), 200),
                EngineStatementState.Result.class);
    }

    @Override
    public void cancelRun(EngineEndpoint engine, String jobId) {
        send(engine, post(engine, "/runs/" + segment(jobId) + "/cancel", "", 0), 202, 200, 204);
    }

    @Override
    public void shutdown(EngineEndpoint engine) {
        send(engine, post(engine, "/shutdown", "", 0), 202, 200, 204);
    }

    private HttpRequest.Builder request(EngineEndpoint engine, String path, long waitMillis) {
        URI base = engine.controlUrl();
        return HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
                .timeout(timeout.plusMillis(waitMillis))
                .header("Authorization", "Bearer " + engine.secret())
                .header("Accept", "application/json");
    }

    private HttpRequest get(EngineEndpoint engine, String path, long waitMillis) {
        return request(engine, path, waitMillis).GET().build();
    }

    private HttpRequest post(EngineEndpoint engine, String path, String json, long waitMillis) {
        return request(engine, path, waitMillis).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    }

    private HttpResponse<String> send(EngineEndpoint engine, HttpRequest request, int... expected) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "engine " + engine.engineId() + " cannot be reached");
        } catch (HttpTimeoutException e) {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "engine " + engine.engineId() + " did not answer in time");
        } catch (IOException e) {
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "engine " + engine.engineId() + " cannot be reached ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(ErrorCode.ENGINE_UNAVAILABLE, "interrupted while calling engine " + engine.engineId());
        }
        int status = response.statusCode();
        for (int ok : expected) {
            if (status == ok) {
                return response;
            }
        }
        throw problem(engine, request, status, response.body());
    }

    /** The engine's refusal as the controller's code; only the engine's code (a constant name) is quoted. */
    private SandboxException problem(EngineEndpoint engine, HttpRequest request, int status, String body) {
        String engineCode = engineCode(body).orElse("HTTP_" + status);
        String what = "engine " + engine.engineId() + " refused " + request.method() + " " + request.uri().getPath()
                + " (" + status + ", " + engineCode + ")";
        ErrorCode code;
        if (status == 404) {
            code = ErrorCode.NOT_FOUND;
        } else if (status == 409) {
            code = ErrorCode.ENGINE_CONFLICT;
        } else if (status == 401 || status == 403) {
            // The controller's own secret was refused: the engine is not the one we started, or misconfigured.
            code = ErrorCode.ENGINE_FAILED;
        } else if (status >= 400 && status < 500) {
            code = ErrorCode.ENGINE_REJECTED;
        } else if (status == 503) {
            code = ErrorCode.ENGINE_UNAVAILABLE;
        } else {
            code = ErrorCode.ENGINE_FAILED;
        }
        return new SandboxException(code, what);
    }

    private Optional<String> engineCode(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = problems.readTree(body);
            JsonNode code = node == null ? null : node.get("code");
            if (code != null && code.isTextual() && CODE.matcher(code.asText()).matches()) {
                return Optional.of(code.asText());
            }
        } catch (IOException | RuntimeException e) {
            // not a problem body
        }
        return Optional.empty();
    }

    private <T> T read(HttpResponse<String> response, Class<T> type) {
        try {
            return contract.read(response.body(), type);
        } catch (IllegalArgumentException e) {
            throw new SandboxException(ErrorCode.ENGINE_FAILED, "the engine answered " + response.request().uri().getPath()
                    + " with a " + type.getSimpleName() + " the contract refuses");
        }
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
