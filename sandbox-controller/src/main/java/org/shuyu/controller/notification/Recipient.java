package org.shuyu.controller.notification;

import static java.util.Objects.requireNonNull;

import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Permissions;
import org.shuyu.controller.identity.Role;

/**
 * Who a {@link Notice} is for: one user, or everyone who holds a role in a jurisdiction (the experts of the
 * municipality, the providers of a county ...). A role recipient reaches exactly the holders of that role whose own
 * jurisdiction is the recipient's: a county notice is not shown to the municipal holders, and the other way round, so
 * that each body sees the work that is its own.
 */
public sealed interface Recipient {
    /** Whether {@code actor} is this recipient. */
    boolean includes(Actor actor);

    static Recipient user(String userId) {
        return new User(userId);
    }

    static Recipient role(Role role, Jurisdiction jurisdiction) {
        return new Holders(role, jurisdiction);
    }

    record User(String userId) implements Recipient {
        public User {
            requireNonNull(userId, "userId is null");
            if (userId.isBlank()) {
                throw new IllegalArgumentException("userId is blank");
            }
        }

        @Override
        public boolean includes(Actor actor) {
            return actor.userId().equals(userId);
        }
    }

    record Holders(Role role, Jurisdiction jurisdiction) implements Recipient {
        public Holders {
            requireNonNull(role, "role is null");
            requireNonNull(jurisdiction, "jurisdiction is null");
        }

        @Override
        public boolean includes(Actor actor) {
            return Permissions.holdsRoleIn(actor, role, jurisdiction);
        }
    }
}
