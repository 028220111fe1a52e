package org.shuyu.controller.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tokens from the real Keycloak realm by the resource-owner password grant of the test-only client
 * {@code shuyu-test}, with the demo users' demo-only passwords. Access tokens are cached per user until 30 s before
 * they expire, so a long test run never sends an expired one by accident.
 */
public final class KeycloakTokens {
    public static final String TEST_CLIENT = "shuyu-test";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KeycloakServer server;
    private final Map<String, Grant> cache = new ConcurrentHashMap<>();

    public KeycloakTokens(KeycloakServer server) {
        this.server = server;
    }

    /** What the token endpoint answered. */
    public record Grant(int status, String accessToken, String idToken, String refreshToken, Instant expiresAt, JsonNode body) {}

    /** A valid access token of {@code username}, for {@link Api}. */
    public String accessToken(String username) {
        return cache.compute(username, (u, cached) -> cached != null && Instant.now().isBefore(cached.expiresAt().minusSeconds(30))
                ? cached
                : require(password(server.tokenEndpoint(), TEST_CLIENT, u, KeycloakServer.demoPassword(u)))).accessToken();
    }

    /** A fresh password grant (never cached) at any token endpoint, with any client. */
    public Grant password(String tokenEndpoint, String clientId, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        return post(tokenEndpoint, form);
    }

    public Grant post(String endpoint, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(response.body());
            return new Grant(response.statusCode(), json.path("access_token").asString(null), json.path("id_token").asString(null),
                    json.path("refresh_token").asString(null), Instant.now().plusSeconds(json.path("expires_in").asLong(0)), json);
        } catch (IOException e) {
            throw new IllegalStateException("POST " + endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Grant require(Grant grant) {
        if (grant.status() != 200 || grant.accessToken() == null) {
            throw new IllegalStateException("Keycloak refused the password grant: " + grant.status() + " " + grant.body());
        }
        return grant;
    }
}
