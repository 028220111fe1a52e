package org.shuyu.controller.adapter.atlas;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A small client of Atlas's REST v2 API (EntityREST, TypesREST under {@code /api/atlas/v2}) on java.net.http: the
 * Atlas client library would bring Hadoop, Jersey 1 and log4j 1 (shared/design/DEPENDENCIES.md). It only sends and
 * returns status and body; deciding what a status means is the deliverer's.
 */
public class AtlasClient {
    public static final String API = "/api/atlas/v2";
    private final HttpClient http;
    private final URI base;
    private final Optional<String> authorization;
    private final Duration timeout;

    /** A response of Atlas. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return "HTTP " + status + (body == null || body.isEmpty() ? "" : ": " + body);
        }
    }

    /** {@code authorization}: the Authorization header's value, e.g. from {@link #basic} or {@link #bearer}. */
    public AtlasClient(URI base, Optional<String> authorization, Duration timeout) {
        this.base = requireNonNull(base, "base is null");
        this.authorization = requireNonNull(authorization, "authorization is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public URI base() {
        return base;
    }

    /** Sends one outbox request. */
    public Response send(AtlasRequest request) throws IOException {
        return switch (request.kind()) {
            case ENTITIES -> call("POST", API + "/entity/bulk", request.body());
            case PROCESS_UPDATE -> call("PUT", API + "/entity/uniqueAttribute/type/" + AtlasNames.PROCESS + "?attr:qualifiedName="
                    + encode(request.subject()), request.body());
        };
    }

    /** {@code GET /v2/types/typedefs/headers}: a JSON array of {guid, name, category}. */
    public Response typeHeaders() throws IOException {
        return call("GET", API + "/types/typedefs/headers", null);
    }

    /** {@code POST /v2/types/typedefs} with an AtlasTypesDef. */
    public Response createTypes(String typesDef) throws IOException {
        return call("POST", API + "/types/typedefs", typesDef);
    }

    /** {@code GET /v2/entity/uniqueAttribute/type/{type}?attr:qualifiedName=...}: an AtlasEntityWithExtInfo. */
    public Response entity(String typeName, String qualifiedName) throws IOException {
        return call("GET", API + "/entity/uniqueAttribute/type/" + encode(typeName) + "?attr:qualifiedName=" + encode(qualifiedName), null);
    }

    private Response call(String method, String path, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
