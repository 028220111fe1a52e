package org.shuyu.controller.adapter.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production issuer's device-flow and token endpoints, from its discovery document
 * ({@code {issuer}/.well-known/openid-configuration}), fetched on first use and cached for a while. When the document
 * cannot be fetched or lacks the device endpoint, a Keycloak realm issuer ({@code .../realms/NAME}) falls back to
 * Keycloak's fixed paths; any other issuer is answered with 503 {@code OIDC_DISCOVERY_FAILED}.
 */
final class OidcDiscovery {
    private static final Logger log = LoggerFactory.getLogger(OidcDiscovery.class);

    /**
     * The endpoints the CLI (device flow, token) and the console (authorization, token, end of session) need.
     * {@code endSessionEndpoint} may be null: logging out then only forgets the console's tokens.
     */
    record Endpoints(String deviceAuthorizationEndpoint, String tokenEndpoint, String authorizationEndpoint,
                     String endSessionEndpoint) {}

    private final String issuer;
    private final Duration ttl;
    private final Clock clock;
    private final Function<URI, String> fetch;
    private final JsonMapper json = JsonMapper.builder().build();
    private Endpoints cached;
    private Instant cachedUntil = Instant.MIN;

    OidcDiscovery(String issuer, Duration ttl, Clock clock, Function<URI, String> fetch) {
        this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        this.ttl = ttl;
        this.clock = clock;
        this.fetch = fetch;
    }

    /** Fetches over HTTP with short timeouts (the discovery document is small and the issuer is near). */
    static OidcDiscovery overHttp(String issuer, Duration ttl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return new OidcDiscovery(issuer, ttl, Clock.systemUTC(), uri -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                return response.body();
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }

    String issuer() {
        return issuer;
    }

    synchronized Endpoints endpoints() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cachedUntil)) {
            return cached;
        }
        try {
            JsonNode document = json.readTree(fetch.apply(URI.create(issuer + "/.well-known/openid-configuration")));
            String device = text(document, "device_authorization_endpoint");
            String token = text(document, "token_endpoint");
            String authorization = text(document, "authorization_endpoint");
            if (device != null && token != null && authorization != null) {
                cached = new Endpoints(device, token, authorization, text(document, "end_session_endpoint"));
                cachedUntil = now.plus(ttl);
                return cached;
            }
            log.warn("the issuer's discovery document lacks device_authorization_endpoint, token_endpoint or authorization_endpoint");
        } catch (RuntimeException e) {
            log.warn("cannot read the issuer's discovery document: {}", e.getMessage());
        }
        if (issuer.contains("/realms/")) {
            // Keycloak's fixed paths; not cached, so a later successful discovery replaces them.
            return new Endpoints(issuer + "/protocol/openid-connect/auth/device", issuer + "/protocol/openid-connect/token",
                    issuer + "/protocol/openid-connect/auth", issuer + "/protocol/openid-connect/logout");
        }
        throw new SandboxException(ErrorCode.OIDC_DISCOVERY_FAILED,
                "the OIDC issuer's discovery document cannot be read now; retry later");
    }

    private static String text(JsonNode document, String field) {
        JsonNode node = document.get(field);
        return node != null && node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }
}
