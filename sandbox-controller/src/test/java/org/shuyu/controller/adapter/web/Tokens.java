package org.shuyu.controller.adapter.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Builds the tokens that identity tests send: well-formed ones, and the attacks. Nimbus only, no platform code. */
final class Tokens {
    static final String AUDIENCE = "shuyu-controller";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Tokens() {}

    /** Claims shaped like a Keycloak realm's access token, valid for five minutes from now. */
    static JWTClaimsSet.Builder claims(String issuer, String username, List<String> realmRoles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("sub-" + username)
                .audience(List.of(AUDIENCE))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("preferred_username", username)
                .claim("name", username)
                .claim("jurisdiction", "330200")
                .claim("realm_access", Map.of("roles", realmRoles));
    }

    static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(RSAKey key, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** {@code alg: none}: the claims with no signature at all. */
    static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** The same header and signature, with the payload's {@code realm_access.roles} replaced. */
    static String withRolesEdited(String token, List<String> realmRoles) {
        String[] parts = token.split("\\.");
        ObjectNode payload = (ObjectNode) JSON.readTree(new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8));
        ObjectNode realmAccess = payload.putObject("realm_access");
        realmRoles.forEach(realmAccess.putArray("roles")::add);
        String edited = Base64URL.encode(JSON.writeValueAsBytes(payload)).toString();
        return parts[0] + "." + edited + "." + parts[2];
    }
}
