package org.shuyu.controller.adapter.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.shuyu.controller.config.IdGenerator;

/**
 * The embedded mode's built-in OIDC-style issuer. It signs RS256 tokens shaped like a Keycloak realm's
 * ({@code realm_access.roles}, {@code preferred_username}, {@code jurisdiction}) with a key pair made at
 * start-up and never written anywhere. Development only: refused outside embedded mode.
 */
public final class DevTokenIssuer {
    public static final String ISSUER = "urn:shuyu:embedded-dev-issuer";
    private final KeyPair keyPair;
    private final String keyId;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;
    private final IdGenerator ids;

    public DevTokenIssuer(String audience, Duration lifetime, Clock clock, IdGenerator ids) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keyPair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
        this.keyId = "dev-" + UUID.nameUUIDFromBytes(keyPair.getPublic().getEncoded());
        this.audience = audience;
        this.lifetime = lifetime;
        this.clock = clock;
        this.ids = ids;
    }

    /** How long an access token from this issuer is valid ({@code sandbox.identity.dev-token-lifetime}). */
    public Duration lifetime() {
        return lifetime;
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPair.getPublic();
    }

    public String issue(DemoUsers.DemoUser user) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user.username())
                .audience(List.of(audience))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(ids.next("jti"))
                .claim("preferred_username", user.username())
                .claim("name", user.name())
                .claim("realm_access", Map.of("roles", user.roles().stream().map(r -> r.realmRole()).sorted().toList()));
        user.jurisdiction().ifPresent(j -> claims.claim("jurisdiction", j.code()));
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(keyPair.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign development token", e);
        }
        return jwt.serialize();
    }
}
