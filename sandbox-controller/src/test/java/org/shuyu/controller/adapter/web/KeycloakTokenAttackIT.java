package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.shuyu.controller.adapter.identity.DemoUsers;
import org.shuyu.controller.config.KeycloakProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.KeycloakPlatformTest;
import org.shuyu.controller.support.KeycloakServer;
import org.shuyu.controller.support.KeycloakTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * R-06 against a real Keycloak 26 server and the project's realm: the controller in production mode accepts the
 * realm's access tokens (roles from {@code realm_access.roles}, jurisdiction from the user attribute) and refuses,
 * each with 401 and an audited refusal: an unsigned token, the realm's claims signed by another key, an expired
 * token, a token of the realm for another audience, a token of another issuer, a token whose roles were edited,
 * an ID token and a refresh token. A rotated realm key is picked up from the JWKS. An engineer is refused the
 * authority's endpoints with 403.
 */
@Tag("R-06")
@KeycloakPlatformTest
class KeycloakTokenAttackIT {
    private static final String ME = "/api/v1/me";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SandboxProperties properties;

    private final KeycloakServer keycloak = KeycloakServer.get();
    private final KeycloakTokens tokens = new KeycloakTokens(keycloak);
    private Api api;
    private Refusals refusals;

    @BeforeEach
    void setUp() {
        api = new Api(port, tokens::accessToken);
        refusals = new Refusals(jdbc);
    }

    @Test
    void acceptsTheRealmsAccessTokensWithRolesAndJurisdictionFromTheRealm() throws Exception {
        String token = tokens.accessToken("engineer2");
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(realmKeys().getKeyByKeyId(jwt.getHeader().getKeyID())).as("signed with a key the realm publishes").isNotNull();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
        assertThat(claims.getAudience()).contains("shuyu-controller");
        assertThat(claims.getStringClaim("azp")).isEqualTo(KeycloakTokens.TEST_CLIENT);
        assertThat(claims.getStringClaim("typ")).isEqualTo("Bearer");

        Api.Response me = api.get("engineer2", ME);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("userId").asString()).isEqualTo("engineer2");
        assertThat(me.json().path("name").asString()).isEqualTo("Sun Yu");
        assertThat(me.json().path("roles").get(0).asString()).isEqualTo("operator-engineer");
        assertThat(me.json().path("roles").size()).isEqualTo(1);
        assertThat(me.json().path("jurisdiction").asString()).isEqualTo("330212");
    }

    @Test
    void everyDemoUserOfTheRealmHasTheRolesAndJurisdictionOfTheEmbeddedDemoUsers() {
        for (DemoUsers.DemoUser user : DemoUsers.ALL) {
            Api.Response me = api.get(user.username(), ME);
            assertThat(me.status()).as(user.username() + " " + me).isEqualTo(200);
            assertThat(me.json().path("roles").valueStream().map(n -> n.asString()).toList()).as(user.username())
                    .containsExactlyInAnyOrderElementsOf(user.roles().stream().map(r -> r.realmRole()).toList());
            assertThat(me.json().path("jurisdiction").asString()).as(user.username())
                    .isEqualTo(user.jurisdiction().orElseThrow().code());
        }
    }

    @Test
    void refusesAnUnsignedTokenCarryingARealTokensClaims() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(tokens.accessToken("admin")).getJWTClaimsSet();
        String unsigned = Tokens.unsigned(claims);
        assertThat(unsigned).endsWith(".");
        assertRefused(unsigned);
    }

    @Test
    void refusesARealTokensClaimsSignedByAnotherKeyUnderTheRealmsKeyId() throws Exception {
        SignedJWT real = SignedJWT.parse(tokens.accessToken("admin"));
        RSAKey impostor = Tokens.newKey(real.getHeader().getKeyID());
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(impostor.getKeyID()).build(), real.getJWTClaimsSet());
        forged.sign(new RSASSASigner(impostor));
        assertRefused(forged.serialize());
        assertThat(api.withToken("GET", ME, null, real.serialize()).status()).as("the real one passes").isEqualTo(200);
    }

    @Test
    void refusesARealTokenOnceItHasExpiredBeyondTheClockSkew() throws Exception {
        // A client of the realm whose access tokens live two seconds (the context's skew is 3 s).
        ClientRepresentation probe = new ClientRepresentation();
        probe.setClientId("expiry-probe-" + System.nanoTime());
        probe.setPublicClient(true);
        probe.setDirectAccessGrantsEnabled(true);
        probe.setStandardFlowEnabled(false);
        probe.setAttributes(Map.of("access.token.lifespan", "2"));
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", "shuyu-controller", "access.token.claim", "true"));
        probe.setProtocolMappers(List.of(audience));
        keycloak.admin().realm(KeycloakServer.REALM).clients().create(probe).close();

        KeycloakTokens.Grant grant = tokens.password(keycloak.tokenEndpoint(), probe.getClientId(), "admin", KeycloakServer.demoPassword("admin"));
        assertThat(grant.status()).as(grant.body().toString()).isEqualTo(200);
        Instant expiry = SignedJWT.parse(grant.accessToken()).getJWTClaimsSet().getExpirationTime().toInstant();
        assertThat(api.withToken("GET", ME, null, grant.accessToken()).status()).as("valid while young").isEqualTo(200);

        long wait = Duration.between(Instant.now(), expiry.plusSeconds(3 + 1)).toMillis();
        Thread.sleep(Math.max(0, wait));
        assertRefused(grant.accessToken());
    }

    @Test
    void refusesATokenOfTheRealmIssuedForAnotherAudience() throws Exception {
        // The realm's built-in admin-cli client grants passwords too, but its tokens are not for the controller.
        KeycloakTokens.Grant other = tokens.password(keycloak.tokenEndpoint(), "admin-cli", "admin", KeycloakServer.demoPassword("admin"));
        assertThat(other.status()).as(other.body().toString()).isEqualTo(200);
        JWTClaimsSet claims = SignedJWT.parse(other.accessToken()).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
        assertThat(claims.getAudience()).doesNotContain("shuyu-controller");
        assertRefused(other.accessToken());
    }

    @Test
    void refusesATokenOfTheSameRealmAndKeyUnderAnotherIssuerName() throws Exception {
        // Asked through "localhost", Keycloak names itself differently: same key, same audience, other issuer.
        String otherName = "http://localhost:" + keycloak.port() + "/realms/" + KeycloakServer.REALM;
        KeycloakTokens.Grant grant = tokens.password(otherName + "/protocol/openid-connect/token", KeycloakTokens.TEST_CLIENT, "admin",
                KeycloakServer.demoPassword("admin"));
        assertThat(grant.status()).as(grant.body().toString()).isEqualTo(200);
        SignedJWT jwt = SignedJWT.parse(grant.accessToken());
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(otherName);
        assertThat(jwt.getJWTClaimsSet().getAudience()).contains("shuyu-controller");
        assertThat(realmKeys().getKeyByKeyId(jwt.getHeader().getKeyID())).isNotNull();
        assertRefused(grant.accessToken());
    }

    @Test
    void refusesATokenOfAnotherRealm() throws Exception {
        // This run's administrator of the master realm: another issuer, another key.
        String masterToken = keycloak.admin().tokenManager().getAccessTokenString();
        assertThat(SignedJWT.parse(masterToken).getJWTClaimsSet().getIssuer()).isEqualTo(keycloak.url() + "/realms/master");
        assertRefused(masterToken);
    }

    @Test
    void refusesARealTokenWhoseRolesWereEditedAfterSigning() {
        String engineer = tokens.accessToken("engineer");
        assertThat(api.withToken("GET", ME, null, engineer).json().path("roles").get(0).asString()).isEqualTo("operator-engineer");
        String forged = Tokens.withRolesEdited(engineer, List.of("data-authority", "security-supervisor"));
        assertThat(forged.substring(forged.lastIndexOf('.'))).isEqualTo(engineer.substring(engineer.lastIndexOf('.')));
        assertRefused(forged);
    }

    @Test
    void refusesTheRealmsIdTokensAndRefreshTokens() throws Exception {
        KeycloakTokens.Grant grant = tokens.password(keycloak.tokenEndpoint(), KeycloakTokens.TEST_CLIENT, "admin",
                KeycloakServer.demoPassword("admin"));
        assertThat(grant.idToken()).isNotNull();
        JWTClaimsSet id = SignedJWT.parse(grant.idToken()).getJWTClaimsSet();
        assertThat(id.getStringClaim("typ")).isEqualTo("ID");
        assertRefused(grant.idToken());
        assertThat(grant.refreshToken()).isNotNull();
        assertRefused(grant.refreshToken());
    }

    @Test
    void picksUpARotatedRealmKeyFromTheJwks() throws Exception {
        String before = tokens.password(keycloak.tokenEndpoint(), KeycloakTokens.TEST_CLIENT, "admin", KeycloakServer.demoPassword("admin"))
                .accessToken();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        assertThat(api.withToken("GET", ME, null, before).status()).isEqualTo(200);

        // A new RSA key of higher priority: Keycloak signs with it from now on and publishes both.
        var realm = keycloak.admin().realm(KeycloakServer.REALM);
        ComponentRepresentation key = new ComponentRepresentation();
        key.setName("rotated-rsa-" + System.nanoTime());
        key.setProviderId("rsa-generated");
        key.setProviderType("org.keycloak.keys.KeyProvider");
        key.setParentId(realm.toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("priority", String.valueOf(1000 + System.nanoTime() % 1000));
        config.putSingle("keySize", "2048");
        config.putSingle("algorithm", "RS256");
        key.setConfig(config);
        realm.components().add(key).close();

        String after = tokens.password(keycloak.tokenEndpoint(), KeycloakTokens.TEST_CLIENT, "admin", KeycloakServer.demoPassword("admin"))
                .accessToken();
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isNotEqualTo(oldKid);
        Api.Response me = api.withToken("GET", ME, null, after);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(api.withToken("GET", ME, null, before).status()).as("the old key is still published").isEqualTo(200);
    }

    @Test
    void acceptsOnlyTheListedClientsTokensWhenAuthorizedPartiesAreSet() {
        // The controller's own decoder factory, on the realm's JWKS, once restricted to the console client.
        String token = tokens.accessToken("admin");
        JwtDecoder consoleOnly = new SecurityConfiguration().jwtDecoder(properties, keycloakProperties(List.of("shuyu-console")),
                Optional.empty());
        assertThatThrownBy(() -> consoleOnly.decode(token)).isInstanceOf(JwtValidationException.class).hasMessageContaining("azp");
        JwtDecoder testClient = new SecurityConfiguration().jwtDecoder(properties, keycloakProperties(List.of(" ", KeycloakTokens.TEST_CLIENT)),
                Optional.empty());
        assertThat(testClient.decode(token).getClaimAsString("azp")).isEqualTo(KeycloakTokens.TEST_CLIENT);
        JwtDecoder anyClient = new SecurityConfiguration().jwtDecoder(properties, keycloakProperties(List.of("")), Optional.empty());
        assertThat(anyClient.decode(token).getSubject()).isNotBlank();
    }

    private static KeycloakProperties keycloakProperties(List<String> authorizedParties) {
        return new KeycloakProperties(authorizedParties, false, null, "shuyu", "shuyu-controller", null, "shuyu-workspaces",
                Duration.ofSeconds(5));
    }

    @Test
    void anEngineerWithARealTokenIsForbiddenTheAuthoritysEndpoints() {
        long mark = refusals.mark();
        List<Api.Response> responses = List.of(
                api.get("engineer", "/api/v1/audit"),
                api.get("engineer", "/api/v1/audit/verify"),
                api.post("engineer", "/api/v1/grants", Map.of()),
                api.post("engineer", "/api/v1/grants/any-grant/suspend", Map.of()),
                api.post("engineer", "/api/v1/providers", Map.of()),
                api.put("engineer", "/api/v1/organizations/any-org/personnel/engineer", Map.of()));
        for (Api.Response r : responses) {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.code()).isEqualTo("FORBIDDEN_ROLE");
        }
        assertThat(refusals.since(mark).stream().filter(row -> row.actor().equals("engineer") && row.outcome().equals("REFUSED")
                && "FORBIDDEN_ROLE".equals(row.code())).count()).isEqualTo(responses.size());
    }

    private JWKSet realmKeys() throws Exception {
        return JWKSet.load(URI.create(keycloak.jwkSetUri()).toURL());
    }

    /** 401 problem+json, and exactly one anonymous REFUSED record of it (other records may interleave). */
    private void assertRefused(String token) {
        long mark = refusals.mark();
        Api.Response response = api.withToken("GET", ME, null, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(refusals.since(mark).stream().filter(row -> row.action().equals("GET " + ME)).toList())
                .containsExactly(new Refusals.Row("anonymous", "GET " + ME, ME, "REFUSED", "UNAUTHENTICATED"));
    }
}
