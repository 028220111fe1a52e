package org.shuyu.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The OAuth 2.0 calls of a login, over plain {@code java.net.http} because OAuth is not part of the platform's API
 * spec: device authorization (RFC 8628 section 3.1), the token endpoint with a device code (section 3.4) or a refresh
 * token (RFC 6749 section 6), and the development issuer's {@code POST /dev/token}. Answers are either tokens or
 * OAuth's error shape ({@code error}, {@code error_description}); a network failure is an {@link UncheckedIOException}
 * that {@link Failures} reports as unreachable.
 */
public final class OAuth {
    public static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** RFC 8628 section 3.2. */
    public record DeviceAuthorization(String deviceCode, String userCode, String verificationUri,
                                      String verificationUriComplete, long expiresIn, int interval) {}

    /** A successful token response (refresh token and lifetime may be absent). */
    public record TokenSet(String accessToken, String refreshToken, Long expiresIn) {}

    /** A token endpoint's answer: tokens or an OAuth error code. */
    public record TokenAnswer(TokenSet tokens, String error, String description) {
        public boolean ok() {
            return tokens != null;
        }
    }

    private final HttpClient http;
    private final String userAgent;

    public OAuth(String userAgent) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.userAgent = userAgent;
    }

    public DeviceAuthorization authorizeDevice(String endpoint, String clientId, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("scope", scope);
        HttpResponse<String> response = post(endpoint, "application/x-www-form-urlencoded", formBody(form));
        JsonNode body = json(response.body());
        if (response.statusCode() != 200 || !body.hasNonNull("device_code") || !body.hasNonNull("user_code")) {
            throw new CliException(ExitCode.ERROR, "DEVICE_AUTHORIZATION_FAILED", "the issuer refused the login: "
                    + describe(body, response.statusCode()));
        }
        String uri = text(body, "verification_uri").or(() -> text(body, "verification_url")).orElse(null);
        return new DeviceAuthorization(body.get("device_code").asText(), body.get("user_code").asText(), uri,
                text(body, "verification_uri_complete").orElse(null),
                body.path("expires_in").asLong(600), body.path("interval").asInt(5));
    }

    public TokenAnswer pollDevice(String tokenEndpoint, String clientId, String deviceCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", DEVICE_GRANT);
        form.put("device_code", deviceCode);
        form.put("client_id", clientId);
        return token(tokenEndpoint, form);
    }

    public TokenAnswer refresh(String tokenEndpoint, String clientId, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", clientId);
        return token(tokenEndpoint, form);
    }

    /** The development issuer's shortcut ({@code POST {server}/dev/token}): an access token for a demo user, no refresh. */
    public TokenAnswer devToken(String server, String username) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("username", username));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<String> response = post(server + "/dev/token", "application/json", body);
        JsonNode json = json(response.body());
        if (response.statusCode() == 200 && json.hasNonNull("access_token")) {
            return new TokenAnswer(new TokenSet(json.get("access_token").asText(), null, null), null, null);
        }
        String code = text(json, "code").orElse("HTTP_" + response.statusCode());
        return new TokenAnswer(null, code, text(json, "detail").orElse(response.body()));
    }

    private TokenAnswer token(String endpoint, Map<String, String> form) {
        HttpResponse<String> response = post(endpoint, "application/x-www-form-urlencoded", formBody(form));
        JsonNode body = json(response.body());
        if (response.statusCode() == 200 && body.hasNonNull("access_token")) {
            return new TokenAnswer(new TokenSet(body.get("access_token").asText(),
                    text(body, "refresh_token").orElse(null),
                    body.hasNonNull("expires_in") ? body.get("expires_in").asLong() : null), null, null);
        }
        return new TokenAnswer(null, text(body, "error").orElse("HTTP_" + response.statusCode()),
                text(body, "error_description").orElse(""));
    }

    private HttpResponse<String> post(String url, String contentType, String body) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.ERROR, "BAD_AUTH_CONFIG", "the server named an invalid endpoint: " + url);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + uri.getScheme() + "://" + uri.getAuthority(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERRUPTED, "INTERRUPTED", "interrupted");
        }
    }

    /** The {@code exp} claim (epoch seconds) of a JWT, read without checking it (the server checks it), if any. */
    public static Optional<Long> expiry(String jwt) {
        return claims(jwt).filter(c -> c.path("exp").canConvertToLong()).map(c -> c.path("exp").asLong());
    }

    /** The {@code iat} claim (epoch seconds) of a JWT, if any. */
    public static Optional<Long> issuedAt(String jwt) {
        return claims(jwt).filter(c -> c.path("iat").canConvertToLong()).map(c -> c.path("iat").asLong());
    }

    /** The {@code preferred_username} (else {@code sub}) of a JWT, if any. */
    public static Optional<String> username(String jwt) {
        return claims(jwt).flatMap(c -> text(c, "preferred_username").or(() -> text(c, "sub")));
    }

    private static Optional<JsonNode> claims(String jwt) {
        if (jwt == null) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(Base64.getUrlDecoder().decode(parts[1])));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String describe(JsonNode body, int status) {
        return text(body, "error").map(e -> e + text(body, "error_description").map(d -> ": " + d).orElse(""))
                .orElse("HTTP " + status);
    }
}
