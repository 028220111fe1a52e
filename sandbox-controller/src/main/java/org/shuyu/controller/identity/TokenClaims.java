package org.shuyu.controller.identity;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The platform's view of a person read from the claims of a verified Keycloak-style token: the user id
 * ({@code preferred_username}, else {@code sub}), the display name, the realm roles the platform knows, and the
 * jurisdiction. Every entry point that verifies tokens (the REST API, the Flight endpoint) reads them here.
 */
public final class TokenClaims {
    private TokenClaims() {}

    public static Actor actor(Map<String, Object> claims) {
        String userId = userId(claims);
        String name = Optional.ofNullable(string(claims, "name")).orElse(userId);
        String code = string(claims, "jurisdiction");
        Optional<Jurisdiction> jurisdiction = Jurisdiction.isValid(code) ? Optional.of(new Jurisdiction(code)) : Optional.empty();
        return new Actor(userId, name, roles(claims), jurisdiction);
    }

    public static String userId(Map<String, Object> claims) {
        String username = string(claims, "preferred_username");
        return username != null && !username.isBlank() ? username : string(claims, "sub");
    }

    public static Set<Role> roles(Map<String, Object> claims) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object realmAccess = claims.get("realm_access");
        if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> names) {
            for (Object name : names) {
                if (name instanceof String s) {
                    Role.fromRealmRole(s).ifPresent(roles::add);
                }
            }
        }
        return roles;
    }

    private static String string(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        return value == null ? null : value.toString();
    }
}
