package org.shuyu.controller.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * The authenticated person behind a request: subject, display name, platform roles and jurisdiction,
 * all taken from the verified token.
 */
public record Actor(String userId, String name, Set<Role> roles, Optional<Jurisdiction> jurisdiction) {
    public Actor {
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        roles = Set.copyOf(roles);
        requireNonNull(jurisdiction, "jurisdiction is null");
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Whether this actor's jurisdiction covers {@code subject}; no jurisdiction claim covers nothing (fail closed). */
    public boolean covers(Jurisdiction subject) {
        return jurisdiction.map(own -> own.covers(subject)).orElse(false);
    }
}
