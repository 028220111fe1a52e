package org.shuyu.controller.adapter.web;

import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.identity.TokenClaims;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/** Reads the platform's view of a person out of a verified Keycloak-style token. */
@Component
public class JwtActors implements CurrentActor {

    @Override
    public Actor get() {
        return current().orElseThrow(() -> new SandboxException(ErrorCode.UNAUTHENTICATED, "no authenticated user"));
    }

    public static Optional<Actor> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(actor(token.getToken()));
        }
        return Optional.empty();
    }

    /** The platform's view of the person behind a verified token ({@link TokenClaims}). */
    public static Actor actor(Jwt jwt) {
        return TokenClaims.actor(jwt.getClaims());
    }

    static String userId(Jwt jwt) {
        return TokenClaims.userId(jwt.getClaims());
    }

    static Set<Role> roles(Jwt jwt) {
        return TokenClaims.roles(jwt.getClaims());
    }
}
