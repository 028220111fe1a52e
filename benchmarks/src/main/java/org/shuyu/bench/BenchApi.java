package org.shuyu.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The controller's public API as a client sees it: {@code java.net.http.HttpClient} (HTTP/1.1), bearer tokens of the
 * embedded development issuer ({@code POST /dev/token}, cached per user until {@link #forgetTokens()}), JSON bodies.
 */
final class BenchApi {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    /** One answer: status, body text, and the body as JSON when it is JSON. */
    record Response(int status, String body) {
        Response {
            requireNonNull(body, "body is null");
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    private final HttpClient client;
    private final String baseUrl;
    private final Duration timeout;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    BenchApi(HttpClient client, String baseUrl, Duration timeout) {
        this.client = requireNonNull(client, "client is null");
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** A token of the development issuer for a demo user (one per user, until {@link #forgetTokens()}). */
    String token(String user) throws IOException, InterruptedException {
        String cached = tokens.get(user);
        if (cached != null) {
            return cached;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/dev/token")).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\"}")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /dev/token for " + user + " answered " + response.statusCode() + " " + response.body());
        }
        String token = JSON.readTree(response.body()).path("access_token").asString();
        tokens.put(user, token);
        return token;
    }

    /** A restarted controller may sign with a new key: fetch tokens again. */
    void forgetTokens() {
        tokens.clear();
    }

    HttpRequest request(String user, String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Accept", "application/json");
        if (user != null) {
            builder.header("Authorization", "Bearer " + token(user));
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
        }
        return builder.build();
    }

    Response call(String user, String method, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request(user, method, path, body), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    Response get(String user, String path) throws IOException, InterruptedException {
        return call(user, "GET", path, null);
    }
}
