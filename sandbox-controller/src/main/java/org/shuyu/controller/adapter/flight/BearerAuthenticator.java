package org.shuyu.controller.adapter.flight;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.TokenClaims;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Authenticates every Flight call by its {@code authorization: Bearer <jwt>} header, with the same
 * {@link JwtDecoder} (issuer, audience, expiry, signature) as the REST API. A missing, malformed or invalid token is
 * refused with UNAUTHENTICATED before the producer sees the call. Job runtime credentials are opaque strings, not
 * JWTs, and are never looked up here: Flight does not accept them.
 */
final class BearerAuthenticator implements CallHeaderAuthenticator {
    private static final String PREFIX = "Bearer ";
    /** Longer headers are refused before decoding. */
    private static final int MAX_TOKEN_CHARS = 16 * 1024;
    private final JwtDecoder decoder;
    private final FlightRefusals refusals;

    BearerAuthenticator(JwtDecoder decoder) {
        this(decoder, FlightRefusals.NONE);
    }

    BearerAuthenticator(JwtDecoder decoder, FlightRefusals refusals) {
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.refusals = requireNonNull(refusals, "refusals is null");
    }

    /** The authenticated caller of one call. */
    record Authenticated(Actor actor) implements AuthResult {
        Authenticated {
            requireNonNull(actor, "actor is null");
        }

        @Override
        public String getPeerIdentity() {
            return actor.userId();
        }
    }

    @Override
    public Authenticated authenticate(CallHeaders headers) {
        String header = headers.get("authorization");
        if (header == null || header.isEmpty()) {
            throw refused("a bearer token is required (header authorization: Bearer <token>)");
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
            // The decoder's reason (expired, bad signature, wrong audience) is not echoed: it helps only an attacker.
            throw refused("the bearer token is not valid");
        }
        try {
            return new Authenticated(TokenClaims.actor(jwt.getClaims()));
        } catch (RuntimeException e) {
            throw refused("the bearer token names no user");
        }
    }

    private FlightRuntimeException refused(String why) {
        refusals.refused(Optional.empty(), "call", ErrorCode.UNAUTHENTICATED, why);
        return FlightErrors.of(CallStatus.UNAUTHENTICATED, ErrorCode.UNAUTHENTICATED.name(), why);
    }

    /** Runs {@link BearerAuthenticator} on every call and keeps the caller for the producer. */
    static final class Middleware implements FlightServerMiddleware {
        static final Key<Middleware> KEY = Key.of("shuyu-actor");
        private final Actor actor;

        private Middleware(Actor actor) {
            this.actor = actor;
        }

        Actor actor() {
            return actor;
        }

        @Override
        public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

        @Override
        public void onCallCompleted(CallStatus status) {}

        @Override
        public void onCallErrored(Throwable err) {}
    }

    /** Makes the per-call middleware; a refusal here ends the call before any handler runs. */
    static final class Factory implements FlightServerMiddleware.Factory<Middleware> {
        private final BearerAuthenticator authenticator;

        Factory(BearerAuthenticator authenticator) {
            this.authenticator = requireNonNull(authenticator, "authenticator is null");
        }

        @Override
        public Middleware onCallStarted(CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
            return new Middleware(authenticator.authenticate(incomingHeaders).actor());
        }
    }
}
