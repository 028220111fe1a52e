package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.identity.DevTokenIssuer;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Forged and broken bearer tokens against the running controller with the embedded development issuer
 * each is refused with 401 problem+json and leaves a REFUSED audit record. Claim checks (exp, nbf,
 * aud, iss) with a correctly signed token are in {@link ProductionIdentityTest}, which owns its signing key.
 */
@Tag("R-06")
@PlatformTest
class TokenAttackTest {
    private static final String ME = "/api/v1/me";
    private static final List<String> AUTHORITY = List.of("data-authority");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DevTokenIssuer devIssuer;

    private Api api;
    private Refusals refusals;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        refusals = new Refusals(jdbc);
    }

    @Test
    void acceptsTheDevelopmentIssuersTokenAsThePositiveControl() {
        Api.Response me = api.withToken("GET", ME, null, api.token("admin"));
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("userId").asString()).isEqualTo("admin");
        assertThat(me.json().path("roles").get(0).asString()).isEqualTo("data-authority");
    }

    @Test
    void refusesAnUnsignedToken() {
        String token = Tokens.unsigned(Tokens.claims(DevTokenIssuer.ISSUER, "mallory", AUTHORITY).build());
        assertThat(token).endsWith(".");
        assertRefused(token);
    }

    @Test
    void refusesATokenSignedByAnotherKey() {
        assertRefused(Tokens.sign(Tokens.newKey("mallory"), Tokens.claims(DevTokenIssuer.ISSUER, "mallory", AUTHORITY).build()));
    }

    @Test
    void refusesATokenSignedByAnotherKeyThatClaimsTheDevelopmentKeyId() throws Exception {
        String devKeyId = SignedJWT.parse(api.token("admin")).getHeader().getKeyID();
        RSAKey impostor = Tokens.newKey(devKeyId);
        assertRefused(Tokens.sign(impostor, Tokens.claims(DevTokenIssuer.ISSUER, "mallory", AUTHORITY).build()));
    }

    @Test
    void refusesAnHmacTokenKeyedWithThePublicKey() throws Exception {
        // Algorithm confusion: HS256 with the issuer's public key bytes as the shared secret.
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), Tokens.claims(DevTokenIssuer.ISSUER, "mallory", AUTHORITY).build());
        jwt.sign(new MACSigner(devIssuer.publicKey().getEncoded()));
        assertRefused(jwt.serialize());
    }

    @Test
    void refusesATokenWhoseRolesWereEditedAfterSigning() {
        String engineer = api.token("engineer");
        Api.Response control = api.withToken("GET", ME, null, engineer);
        assertThat(control.json().path("roles").get(0).asString()).isEqualTo("operator-engineer");

        String forged = Tokens.withRolesEdited(engineer, List.of("data-authority", "security-supervisor"));
        assertThat(forged).isNotEqualTo(engineer);
        assertThat(forged.substring(forged.lastIndexOf('.'))).isEqualTo(engineer.substring(engineer.lastIndexOf('.')));
        assertRefused(forged);
    }

    @Test
    void refusesGarbage() {
        assertRefused("not-a-jwt");
        assertRefused("eyJhbGciOiJSUzI1NiJ9.e30.AAAA");
        assertRefused("a.b.c.d.e");
    }

    @Test
    void refusesARequestWithoutAToken() {
        long mark = refusals.mark();
        refusals.assertUnauthenticated(api.withToken("GET", ME, null, null), mark, ME);
    }

    @Test
    void healthAndTheOpenApiDocumentNeedNoToken() {
        assertThat(api.withToken("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        Api.Response docs = api.withToken("GET", "/v3/api-docs", null, null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().path("openapi").asString()).startsWith("3.");
    }

    @Test
    void devTokenForAnUnknownUserIsRefusedWithUnknownUser() {
        Api.Response r = api.withToken("POST", "/dev/token", Map.of("username", "mallory"), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo("UNKNOWN_USER");
        assertThat(r.text()).doesNotContain("access_token");
    }

    @Test
    void aUserWithARestrictedRoleIsForbiddenARoleRestrictedEndpoint() {
        Api.Response r = api.get("engineer", "/api/v1/audit");
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("FORBIDDEN_ROLE");
    }

    private void assertRefused(String token) {
        long mark = refusals.mark();
        refusals.assertUnauthenticated(api.withToken("GET", ME, null, token), mark, ME);
    }
}
