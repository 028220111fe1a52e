package org.shuyu.controller.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for the running controller. Tokens come from the embedded development issuer, or from any
 * other source (a Keycloak realm's password grant) given to {@link #Api(int, Function)}.
 */
public final class Api {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Function<String, String> tokenSource;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.tokenSource = this::devToken;
    }

    /** Tokens from {@code tokenSource} (username to access token), asked for every request: it caches as it sees fit. */
    public Api(int port, Function<String, String> tokenSource) {
        this.base = "http://127.0.0.1:" + port;
        this.tokenSource = tokenSource;
    }

    public record Response(int status, String contentType, String text) {
        public JsonNode json() {
            return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
        }

        /** The problem's stable code, for error responses. */
        public String code() {
            return json().path("code").asString("");
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    public String token(String username) {
        return tokenSource.apply(username);
    }

    private String devToken(String username) {
        return tokens.computeIfAbsent(username, u -> {
            Response r = send("POST", "/dev/token", Map.of("username", u), null);
            if (r.status() != 200) {
                throw new IllegalStateException("cannot get a token for " + u + ": " + r);
            }
            return r.json().path("access_token").asString();
        });
    }

    public Response get(String user, String path) {
        return send("GET", path, null, token(user));
    }

    public Response post(String user, String path, Object body) {
        return send("POST", path, body, token(user));
    }

    public Response put(String user, String path, Object body) {
        return send("PUT", path, body, token(user));
    }

    public Response delete(String user, String path) {
        return send("DELETE", path, null, token(user));
    }

    public Response withToken(String method, String path, Object body, String bearer) {
        return send(method, path, body, bearer);
    }

    /** {@link #withToken} for a call that may take long (the first build of the API document). */
    public Response withTokenSlow(String method, String path, Object body, String bearer) {
        return send(method, path, body, bearer, Duration.ofMinutes(4));
    }

    /** A GET that may take long (a result preview runs a job). */
    public Response getSlow(String user, String path) {
        return send("GET", path, null, token(user), Duration.ofMinutes(4));
    }

    public static String toJson(Object body) {
        return body instanceof String s ? s : JSON.writeValueAsString(body);
    }

    private Response send(String method, String path, Object body, String bearer) {
        return send(method, path, body, bearer, Duration.ofSeconds(30));
    }

    private Response send(String method, String path, Object body, String bearer, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(toJson(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if ("GET".equals(method) && response.statusCode() == 200 && response.headers().firstValue("Link").isPresent()) {
                return allPages(response, bearer, timeout);
            }
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static final java.util.regex.Pattern NEXT = java.util.regex.Pattern.compile("^<([^>]+)>; rel=\"next\"$");

    /**
     * A list answer with all its pages: lists are paged (100 items by default, {@code Link rel="next"}), and the tests
     * that read a list as a whole see it whole, as before paging; the paging itself is tested by PagesVersionsRetriesTest.
     */
    private Response allPages(HttpResponse<String> first, String bearer, Duration timeout) throws IOException, InterruptedException {
        tools.jackson.databind.node.ArrayNode items = (tools.jackson.databind.node.ArrayNode) JSON.readTree(first.body());
        HttpResponse<String> page = first;
        for (int pages = 1; page.headers().firstValue("Link").isPresent() && pages < 1000; pages++) {
            java.util.regex.Matcher next = NEXT.matcher(page.headers().firstValue("Link").get());
            if (!next.matches()) {
                break;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + next.group(1))).timeout(timeout).GET();
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            page = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                return new Response(page.statusCode(), page.headers().firstValue("Content-Type").orElse(""), page.body());
            }
            JSON.readTree(page.body()).forEach(items::add);
        }
        return new Response(200, first.headers().firstValue("Content-Type").orElse(""), JSON.writeValueAsString(items));
    }
}
