package org.shuyu.jobs.lineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.lineage.LineageEvent;

/**
 * Delivers lineage events to the controller: {@code POST {controller}/service/lineage/jobs/{jobId}/events}, the
 * event as JSON, the runtime token as bearer. Synchronous: {@link #deliver} returns only when the controller
 * answered 2xx (stored). 4xx (except 408 and 429, which mean "later") is a rejection and is not retried; 5xx,
 * timeouts and connection errors are retried with backoff (100 ms doubling, at most 2 s) until the deadline.
 */
public final class HttpLineageSink implements LineageSink {
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 2_000;
    /** Longest wait for one answer (shortened to what is left of the deadline). */
    static final long MAX_REQUEST_MILLIS = 10_000;

    private final URI endpoint;
    private final String token;
    private final Duration deadline;
    private final ObjectMapper mapper;
    private final HttpClient client;

    public HttpLineageSink(URI controller, String jobId, String token, Duration deadline, ObjectMapper mapper) {
        requireNonNull(controller, "controller is null");
        String base = controller.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/service/lineage/jobs/"
                + URLEncoder.encode(requireNonNull(jobId, "jobId is null"), StandardCharsets.UTF_8) + "/events");
        this.token = requireNonNull(token, "token is null");
        this.deadline = requireNonNull(deadline, "deadline is null");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive");
        }
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void deliver(LineageEvent event) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new LineageDeliveryException(JobsErrorCode.LINEAGE_UNAVAILABLE,
                    what(event) + " could not be serialised: " + e.getClass().getSimpleName());
        }
        long start = System.nanoTime();
        long deadlineNanos = start + deadline.toNanos();
        long backoff = FIRST_BACKOFF_MILLIS;
        String last = "no attempt";
        for (int attempt = 1; ; attempt++) {
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (remainingMillis <= 0) {
                throw new LineageDeliveryException(JobsErrorCode.LINEAGE_UNAVAILABLE, what(event)
                        + " could not be delivered to the controller within " + deadline.toMillis() + " ms ("
                        + (attempt - 1) + " attempts, last: " + last + ")");
            }
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofMillis(Math.max(1, Math.min(remainingMillis, MAX_REQUEST_MILLIS))))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                if (status >= 400 && status < 500 && status != 408 && status != 429) {
                    throw new LineageDeliveryException(JobsErrorCode.LINEAGE_REJECTED,
                            what(event) + " was rejected by the controller (HTTP " + status + ")");
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LineageDeliveryException(JobsErrorCode.LINEAGE_UNAVAILABLE,
                        what(event) + " was not delivered: the runtime was interrupted");
            }
            long sleep = Math.min(backoff, (deadlineNanos - System.nanoTime()) / 1_000_000L);
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LineageDeliveryException(JobsErrorCode.LINEAGE_UNAVAILABLE,
                            what(event) + " was not delivered: the runtime was interrupted");
                }
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    private static String what(LineageEvent event) {
        return "lineage " + event.phase() + " of step " + event.step();
    }
}
