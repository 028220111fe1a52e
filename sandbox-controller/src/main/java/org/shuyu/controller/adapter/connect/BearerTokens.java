package org.shuyu.controller.adapter.connect;

import static java.util.Objects.requireNonNull;

import io.grpc.Metadata;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.TokenClaims;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Authenticates a Spark Connect call by its {@code authorization: Bearer <jwt>} header (the client's {@code token=}
 * connection-string parameter) with the controller's {@link JwtDecoder} bean: the same signature, issuer, audience,
 * expiry and {@code typ} rules as the REST API, and the same {@link TokenClaims} reading of the person. A missing,
 * malformed or invalid token is refused with UNAUTHENTICATED; the decoder's reason is not echoed.
 */
final class BearerTokens {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String PREFIX = "Bearer ";
    /** Longer headers are refused before decoding. */
    private static final int MAX_TOKEN_CHARS = 16 * 1024;
    private final JwtDecoder decoder;

    BearerTokens(JwtDecoder decoder) {
        this.decoder = requireNonNull(decoder, "decoder is null");
    }

    /** The caller, or a {@link ConnectRefusal} with UNAUTHENTICATED. */
    Actor authenticate(Metadata headers) {
        Iterable<String> values = headers.getAll(AUTHORIZATION);
        String header = null;
        if (values != null) {
            for (String value : values) {
                if (header != null) {
                    throw refused("exactly one authorization header is accepted");
                }
                header = value;
            }
        }
        if (header == null || header.isEmpty()) {
            throw refused("a bearer token is required (connection string parameter token=<token>)");
        }
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw refused("only bearer tokens are accepted");
        }
        String token = header.substring(PREFIX.length()).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw refused("the bearer token is empty or too long");
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            // Expired, bad signature, wrong issuer or audience: the reason helps only an attacker.
            throw refused("the bearer token is not valid");
        }
        Actor actor;
        try {
            actor = TokenClaims.actor(jwt.getClaims());
        } catch (RuntimeException e) {
            throw refused("the bearer token names no user");
        }
        if (actor.userId() == null || actor.userId().isBlank()) {
            throw refused("the bearer token names no user");
        }
        return actor;
    }

    private static ConnectRefusal refused(String why) {
        return new ConnectRefusal(ErrorCode.UNAUTHENTICATED, why);
    }
}
