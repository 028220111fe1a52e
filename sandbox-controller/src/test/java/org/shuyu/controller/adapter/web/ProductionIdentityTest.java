package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.identity.DevTokenIssuer;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The controller in production mode: no development issuer, tokens verified against a realm's JWKS
 * served from loopback by a JDK HTTP server. Proves that correctly signed tokens pass, that each claim check
 * (exp, nbf, aud, iss) refuses on its own, that unknown realm roles grant nothing, that {@code /dev/token}
 * does not exist, and that a rotated signing key is picked up from the JWKS.
 */
@Tag("R-06")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProductionIdentityTest {
    private static final String ISSUER = "https://keycloak.test/realms/shuyu";
    private static final String ME = "/api/v1/me";
    private static final List<String> AUTHORITY = List.of("data-authority");
    private static final RSAKey FIRST_KEY = Tokens.newKey("realm-key-1");
    private static final AtomicReference<JWKSet> PUBLISHED = new AtomicReference<>(new JWKSet(FIRST_KEY.toPublicJWK()));
    private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
    private static final HttpServer JWKS = startJwksServer();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    private Api api;
    private Refusals refusals;

    @DynamicPropertySource
    static void production(DynamicPropertyRegistry registry) {
        registry.add("sandbox.mode", () -> "PRODUCTION");
        registry.add("sandbox.api.page-token-key", () -> "test-page-token-key-of-at-least-32-characters");
        registry.add("sandbox.demo-catalog", () -> "false");
        registry.add("sandbox.identity.allow-insecure-dev-issuer", () -> "false");
        registry.add("sandbox.identity.issuer", () -> ISSUER);
        registry.add("sandbox.identity.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/realms/shuyu/protocol/openid-connect/certs");
        registry.add("sandbox.data-dir", () -> "target/test-data");
        registry.add("sandbox.lifecycle.scheduler-interval", () -> "1h");
        // Production serves Flight only over TLS; this test is about identity, so no Flight endpoint.
        registry.add("sandbox.products.flight.enabled", () -> "false");
        registry.add("sandbox.connect.port", () -> "-1");
        registry.add("spring.datasource.url", () -> TestDatabase.fresh("production"));
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopJwksServer() {
        JWKS.stop(0);
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
        refusals = new Refusals(jdbc);
    }

    @Test
    void acceptsARealmTokenWithTheRightIssuerAndAudience() {
        Api.Response me = api.withToken("GET", ME, null, sign(Tokens.claims(ISSUER, "wang.min", AUTHORITY)));
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("userId").asString()).isEqualTo("wang.min");
        assertThat(me.json().path("roles").get(0).asString()).isEqualTo("data-authority");
        assertThat(me.json().path("jurisdiction").asString()).isEqualTo("330200");
    }

    @Test
    void acceptsATokenExpiredWithinTheClockSkew() {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = Tokens.claims(ISSUER, "wang.min", AUTHORITY)
                .issueTime(Date.from(now.minusSeconds(600)))
                .notBeforeTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(10)));
        assertThat(api.withToken("GET", ME, null, sign(claims)).status()).isEqualTo(200);
    }

    @Test
    void refusesATokenExpiredBeyondTheClockSkew() {
        Instant now = Instant.now();
        assertRefused(sign(Tokens.claims(ISSUER, "wang.min", AUTHORITY)
                .issueTime(Date.from(now.minusSeconds(600)))
                .notBeforeTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(120)))));
    }

    @Test
    void refusesATokenNotYetValid() {
        Instant now = Instant.now();
        assertRefused(sign(Tokens.claims(ISSUER, "wang.min", AUTHORITY)
                .notBeforeTime(Date.from(now.plusSeconds(120)))
                .expirationTime(Date.from(now.plusSeconds(600)))));
    }

    @Test
    void refusesATokenForAnotherAudience() {
        assertRefused(sign(Tokens.claims(ISSUER, "wang.min", AUTHORITY).audience(List.of("account", "other-service"))));
    }

    @Test
    void refusesATokenWithoutAnAudience() {
        assertRefused(sign(Tokens.claims(ISSUER, "wang.min", AUTHORITY).audience((String) null)));
    }

    @Test
    void refusesATokenFromAnotherIssuer() {
        assertRefused(sign(Tokens.claims("https://keycloak.test/realms/other", "wang.min", AUTHORITY)));
    }

    @Test
    void refusesATokenSignedByAKeyTheRealmDoesNotPublish() {
        assertRefused(Tokens.sign(Tokens.newKey("realm-key-1"), Tokens.claims(ISSUER, "mallory", AUTHORITY).build()));
        assertRefused(Tokens.sign(Tokens.newKey("unpublished"), Tokens.claims(ISSUER, "mallory", AUTHORITY).build()));
    }

    @Test
    void refusesARealmTokenWhoseRolesWereEditedAfterSigning() {
        String engineer = sign(Tokens.claims(ISSUER, "zhang.wei", List.of("operator-engineer")));
        assertThat(api.withToken("GET", ME, null, engineer).status()).isEqualTo(200);
        assertRefused(Tokens.withRolesEdited(engineer, AUTHORITY));
    }

    @Test
    void refusesAnUnsignedRealmToken() {
        assertRefused(Tokens.unsigned(Tokens.claims(ISSUER, "mallory", AUTHORITY).build()));
    }

    @Test
    void anUnknownRealmRoleGrantsNoRole() {
        String token = sign(Tokens.claims(ISSUER, "eve", List.of("admin", "superuser", "DATA-AUTHORITY", "offline_access")));
        // Authenticated, but with no platform role: even /api/v1/me (open to every role) is forbidden.
        Api.Response me = api.withToken("GET", ME, null, token);
        assertThat(me.status()).as(me.toString()).isEqualTo(403);
        assertThat(me.json().path("detail").asString()).startsWith("role [] may not");

        long mark = refusals.mark();
        Api.Response audit = api.withToken("GET", "/api/v1/audit", null, token);
        assertThat(audit.status()).as(audit.toString()).isEqualTo(403);
        assertThat(audit.contentType()).startsWith("application/problem+json");
        assertThat(audit.code()).isEqualTo("FORBIDDEN_ROLE");
        assertThat(refusals.since(mark)).extracting(Refusals.Row::actor, Refusals.Row::outcome, Refusals.Row::code)
                .containsExactly(tuple("eve", "REFUSED", "FORBIDDEN_ROLE"));
    }

    @Test
    void devTokenEndpointDoesNotExist() {
        assertThat(context.getBeanNamesForType(DevTokenIssuer.class)).isEmpty();

        Api.Response anonymous = api.withToken("POST", "/dev/token", Map.of("username", "admin"), null);
        assertThat(anonymous.status()).as(anonymous.toString()).isIn(401, 404);
        assertThat(anonymous.text()).doesNotContain("access_token");

        Api.Response authenticated = api.withToken("POST", "/dev/token", Map.of("username", "admin"),
                sign(Tokens.claims(ISSUER, "wang.min", AUTHORITY)));
        assertThat(authenticated.status()).as(authenticated.toString()).isIn(401, 404);
        assertThat(authenticated.text()).doesNotContain("access_token");
    }

    @Test
    void healthAndTheOpenApiDocumentNeedNoToken() {
        assertThat(api.withToken("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        assertThat(api.withToken("GET", "/v3/api-docs", null, null).status()).isEqualTo(200);
    }

    @Test
    void picksUpARotatedSigningKeyFromTheJwks() {
        assertThat(api.withToken("GET", ME, null, sign(Tokens.claims(ISSUER, "wang.min", AUTHORITY))).status()).isEqualTo(200);

        RSAKey rotated = Tokens.newKey("realm-key-2-" + System.nanoTime());
        String newToken = Tokens.sign(rotated, Tokens.claims(ISSUER, "wang.min", AUTHORITY).build());
        long mark = refusals.mark();
        assertRefused(newToken, mark); // not yet published

        PUBLISHED.set(new JWKSet(List.of(FIRST_KEY.toPublicJWK(), rotated.toPublicJWK())));
        int fetchesBefore = JWKS_FETCHES.get();
        Api.Response me = api.withToken("GET", ME, null, newToken);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(JWKS_FETCHES.get()).as("the decoder refetched the JWKS for the unknown kid").isGreaterThan(fetchesBefore);
        assertThat(api.withToken("GET", ME, null, sign(Tokens.claims(ISSUER, "wang.min", AUTHORITY))).status())
                .as("the old key stays valid while it is published").isEqualTo(200);
    }

    private static String sign(JWTClaimsSet.Builder claims) {
        return Tokens.sign(FIRST_KEY, claims.build());
    }

    private void assertRefused(String token) {
        assertRefused(token, refusals.mark());
    }

    private void assertRefused(String token, long mark) {
        refusals.assertUnauthenticated(api.withToken("GET", ME, null, token), mark, ME);
    }

    private static HttpServer startJwksServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/realms/shuyu/protocol/openid-connect/certs", exchange -> {
                JWKS_FETCHES.incrementAndGet();
                byte[] body = PUBLISHED.get().toString(true).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the JWKS server", e);
        }
    }
}
