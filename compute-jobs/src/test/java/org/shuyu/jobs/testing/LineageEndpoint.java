package org.shuyu.jobs.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shuyu.lineage.LineageEvent;

/**
 * The controller's lineage endpoint as the runtime sees it ({@code POST /service/lineage/jobs/{jobId}/events}):
 * checks the bearer token, parses the event, and answers as told by a {@link Responder} (200 by default). Like the
 * controller it stores each (job, step, phase) once: a repeated delivery is answered 2xx and not stored again.
 * Every attempt is counted separately.
 */
public final class LineageEndpoint {
    /** The answer (an HTTP status) to one attempt; {@code attempt} counts attempts of this (job, step, phase). */
    @FunctionalInterface
    public interface Responder {
        int status(LineageEvent event, int attempt) throws InterruptedException;
    }

    /** One stored event and the job it belongs to (from the URL). */
    public record Stored(String jobId, LineageEvent event) {
    }

    private final String token;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Integer> attempts = new LinkedHashMap<>();
    private final Map<String, Stored> stored = new LinkedHashMap<>();
    private volatile Responder responder = (event, attempt) -> 200;
    private int rejectedBodies;

    LineageEndpoint(String token) {
        this.token = token;
    }

    public void respond(Responder responder) {
        this.responder = responder;
    }

    /** Forgets everything and answers 200 again. */
    public synchronized void reset() {
        attempts.clear();
        stored.clear();
        rejectedBodies = 0;
        responder = (event, attempt) -> 200;
    }

    /** Stored events of a job, in the order they were stored. */
    public synchronized List<LineageEvent> events(String jobId) {
        List<LineageEvent> out = new ArrayList<>();
        for (Stored s : stored.values()) {
            if (s.jobId().equals(jobId)) {
                out.add(s.event());
            }
        }
        return out;
    }

    /** Attempts (requests with a valid event) for one (job, step, phase). */
    public synchronized int attempts(String jobId, int step, LineageEvent.Phase phase) {
        return attempts.getOrDefault(key(jobId, step, phase), 0);
    }

    /** All attempts of all jobs. */
    public synchronized int attempts() {
        return attempts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Requests whose body was not a valid event. */
    public synchronized int rejectedBodies() {
        return rejectedBodies;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String prefix = "/service/lineage/jobs/";
            if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith(prefix) || !path.endsWith("/events")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    || !"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String jobId = path.substring(prefix.length(), path.length() - "/events".length());
            LineageEvent event;
            try {
                event = mapper.readValue(exchange.getRequestBody().readAllBytes(), LineageEvent.class);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    rejectedBodies++;
                }
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            String key = key(jobId, event.step(), event.phase());
            int attempt;
            synchronized (this) {
                attempt = attempts.merge(key, 1, Integer::sum);
            }
            int status;
            try {
                status = responder.status(event, attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
            }
            if (status >= 200 && status < 300) {
                synchronized (this) {
                    stored.putIfAbsent(key, new Stored(jobId, event));
                }
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static String key(String jobId, int step, LineageEvent.Phase phase) {
        return jobId + "#" + step + "#" + phase;
    }
}
