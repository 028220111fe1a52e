package org.shuyu.controller.adapter.web;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
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

    /** The platform's view of the person behind a verified token (also used by the Flight endpoint). */
    public static Actor actor(Jwt jwt) {
        String userId = userId(jwt);
        String name = Optional.ofNullable(jwt.getClaimAsString("name")).orElse(userId);
        String code = jwt.getClaimAsString("jurisdiction");
        Optional<Jurisdiction> jurisdiction = Jurisdiction.isValid(code) ? Optional.of(new Jurisdiction(code)) : Optional.empty();
        return new Actor(userId, name, roles(jwt), jurisdiction);
    }

    static String userId(Jwt jwt) {
        String username = jwt.getClaimAsString("preferred_username");
        return username != null && !username.isBlank() ? username : jwt.getSubject();
    }

    static Set<Role> roles(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object realmAccess = jwt.getClaims().get("realm_access");
        if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> names) {
            for (Object name : names) {
                if (name instanceof String s) {
                    Role.fromRealmRole(s).ifPresent(roles::add);
                }
            }
        }
        return roles;
    }
}
