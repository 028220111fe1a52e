package org.shuyu.jobs.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.shuyu.runtime.contract.ConnectStatementTicket;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.StatementOutcome;

/**
 * The engine's calls to the controller besides policies and lineage: a statement's {@link StatementOutcome}
 * ({@code POST /service/statements/{id}/outcome}, the statement's credential; retried with backoff until the
 * deadline, since the controller settles the statement's job with it) and a Spark Connect statement's registration
 * ({@code POST /service/engines/{engineId}/statements}, the engine credential; no ticket, no execution).
 */
public final class ControllerClient {
    private static final RuntimeJson JSON = new RuntimeJson();

    private final String base;
    private final String engineId;
    private final String engineToken;
    private final Duration deadline;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public ControllerClient(URI controllerUrl, String engineId, String engineToken, Duration deadline) {
        this.base = requireNonNull(controllerUrl, "controllerUrl is null").toString().replaceAll("/+$", "");
        this.engineId = requireNonNull(engineId, "engineId is null");
        this.engineToken = requireNonNull(engineToken, "engineToken is null");
        this.deadline = requireNonNull(deadline, "deadline is null");
    }

    /** Delivers an outcome; true when the controller stored it (2xx) before the deadline. */
    public boolean outcome(String statementId, String token, StatementOutcome outcome) {
        URI uri = URI.create(base + "/service/statements/" + encode(statementId) + "/outcome");
        String body = JSON.write(outcome);
        long end = System.nanoTime() + deadline.toNanos();
        long backoff = 100;
        while (true) {
            try {
                int status = post(uri, token, body).statusCode();
                if (status / 100 == 2) {
                    return true;
                }
                if (status / 100 == 4 && status != 408 && status != 429) {
                    return false;
                }
            } catch (IOException e) {
                // retried below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (System.nanoTime() + backoff * 1_000_000L > end) {
                return false;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            backoff = Math.min(backoff * 2, 2_000);
        }
    }

    /** Registers a Connect statement; the ticket, or an {@link IllegalStateException} naming why there is none. */
    public ConnectStatementTicket register(ConnectStatementTicket.Registration registration) {
        URI uri = URI.create(base + "/service/engines/" + encode(engineId) + "/statements");
        HttpResponse<String> response;
        try {
            response = post(uri, engineToken, JSON.write(registration));
        } catch (IOException e) {
            throw new IllegalStateException("the controller could not be reached (" + e.getClass().getSimpleName()
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering the statement");
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the controller refused the statement (HTTP " + response.statusCode()
                    + ")");
        }
        try {
            return JSON.read(response.body(), ConnectStatementTicket.class);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the controller's ticket is invalid");
        }
    }

    private HttpResponse<String> post(URI uri, String token, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
