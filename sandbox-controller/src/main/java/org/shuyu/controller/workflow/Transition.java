package org.shuyu.controller.workflow;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One row of a {@link TransitionTable}: in state {@code from}, {@code event} leads to {@code to} when every guard
 * holds, and is recorded in the audit log as {@code auditAction} (empty: the service records it under a name of
 * its own choosing, or the event is not audited by itself, as for a scheduler's internal step).
 * A self-transition ({@code from == to}) is an action allowed in that state that does not move it.
 */
public record Transition<S extends Enum<S>, E extends Enum<E>, C>(S from, E event, S to, List<Guard<C>> guards,
        Optional<String> auditAction) {
    public Transition {
        requireNonNull(from, "from is null");
        requireNonNull(event, "event is null");
        requireNonNull(to, "to is null");
        guards = List.copyOf(requireNonNull(guards, "guards is null"));
        requireNonNull(auditAction, "auditAction is null");
    }

    public boolean moves() {
        return from != to;
    }
}
