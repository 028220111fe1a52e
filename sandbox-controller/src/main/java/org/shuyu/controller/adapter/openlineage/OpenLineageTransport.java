package org.shuyu.controller.adapter.openlineage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Where events go: one event (a JSON object) per call; the answer says whether to go on, retry later or give up on it. */
interface OpenLineageTransport {
    enum Outcome { DELIVERED, RETRY, REFUSED }

    record Result(Outcome outcome, String detail) {
        public Result {
            requireNonNull(outcome, "outcome is null");
            requireNonNull(detail, "detail is null");
        }
    }

    /** Sends one event; an {@link IOException} means the receiver was not reached (retried). */
    Result send(String event) throws IOException;

    /** What the status shows as the target (no credentials). */
    String describe();

    /**
     * POST {@code application/json} to {@code <url><endpoint>} (Marquez: {@code /api/v1/lineage}), with a bearer token if
     * one is configured. 2xx delivered; 400, 404, 405, 409, 413, 415, 422 and other 4xx about the payload refused for
     * good; 401, 403, 407, 408, 425, 429, 3xx and 5xx retried.
     */
    final class Http implements OpenLineageTransport {
        private static final Set<Integer> RETRIED_4XX = Set.of(401, 403, 407, 408, 425, 429);
        private final URI target;
        private final Optional<String> token;
        private final Duration timeout;
        private final HttpClient http;

        Http(URI target, Optional<String> token, Duration timeout) {
            this.target = requireNonNull(target, "target is null");
            this.token = requireNonNull(token, "token is null");
            this.timeout = requireNonNull(timeout, "timeout is null");
            this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        }

        @Override
        public Result send(String event) throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8));
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int status = response.statusCode();
            String body = response.body() == null ? "" : response.body();
            String detail = "HTTP " + status + (body.isEmpty() ? "" : ": " + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
            if (status >= 200 && status < 300) {
                return new Result(Outcome.DELIVERED, detail);
            }
            if (status >= 400 && status < 500 && !RETRIED_4XX.contains(status)) {
                return new Result(Outcome.REFUSED, detail);
            }
            return new Result(Outcome.RETRY, detail);
        }

        @Override
        public String describe() {
            return "http " + target;
        }
    }

    /**
     * Appends each event as one line (newline-delimited JSON) to a file, creating it and its directories. When the file
     * has grown beyond {@code maxBytes} it is renamed to {@code <file>.<n>} (the next free number) and a new one begun.
     * A write that fails (disk full, permissions) is retried.
     */
    final class File implements OpenLineageTransport {
        private final Path file;
        private final long maxBytes;

        File(Path file, long maxBytes) {
            this.file = requireNonNull(file, "file is null").toAbsolutePath();
            this.maxBytes = maxBytes;
        }

        @Override
        public synchronized Result send(String event) throws IOException {
            if (event.indexOf('\n') >= 0) {
                return new Result(Outcome.REFUSED, "an event must be one line");
            }
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.exists(file) && Files.size(file) >= maxBytes) {
                int n = 1;
                while (Files.exists(file.resolveSibling(file.getFileName() + "." + n))) {
                    n++;
                }
                Files.move(file, file.resolveSibling(file.getFileName() + "." + n));
            }
            Files.writeString(file, event + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            return new Result(Outcome.DELIVERED, "appended");
        }

        @Override
        public String describe() {
            return "file " + file;
        }
    }
}
