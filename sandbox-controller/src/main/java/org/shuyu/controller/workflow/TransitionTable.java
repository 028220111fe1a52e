package org.shuyu.controller.workflow;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import java.util.LinkedHashSet;

/**
 * THE place that says which transitions of a workflow exist: (state, event) → next state, with guards and the audit
 * action. Every workflow of the platform (grants with labs and applications, products, jobs, and the ones still to
 * come) is one of these tables; services ask the table and never compare states by hand. Built once, immutable,
 * and rendered into the Mermaid diagrams of docs/workflows.md (a test fails when the two drift).
 *
 * <p>How to add a workflow: docs/ARCHITECTURE.md, "Adding a workflow".
 *
 * @param <S> the states
 * @param <E> the events
 * @param <C> what the guards look at
 */
public final class TransitionTable<S extends Enum<S>, E extends Enum<E>, C> {
    /** How an event that the table does not allow is refused (code 409 family, message naming state and event). */
    @FunctionalInterface
    public interface Refusal<S, E> {
        SandboxException refuse(S state, E event, Set<E> allowed);
    }

    private final String name;
    private final Class<S> stateType;
    private final Class<E> eventType;
    private final Set<S> initials;
    private final Set<S> finals;
    private final Map<S, Map<E, Transition<S, E, C>>> rows;
    private final Refusal<S, E> refusal;

    private TransitionTable(Builder<S, E, C> b) {
        this.name = b.name;
        this.stateType = b.stateType;
        this.eventType = b.eventType;
        if (b.initials.isEmpty()) {
            throw new IllegalStateException(name + ": no initial state");
        }
        this.initials = Collections.unmodifiableSet(EnumSet.copyOf(b.initials));
        this.refusal = b.refusal;
        Map<S, Map<E, Transition<S, E, C>>> copy = new EnumMap<>(stateType);
        for (S state : stateType.getEnumConstants()) {
            Map<E, Transition<S, E, C>> row = new EnumMap<>(eventType);
            row.putAll(b.rows.getOrDefault(state, Map.of()));
            copy.put(state, Collections.unmodifiableMap(row));
        }
        this.rows = Collections.unmodifiableMap(copy);
        EnumSet<S> finalStates = EnumSet.noneOf(stateType);
        for (S state : stateType.getEnumConstants()) {
            if (copy.get(state).values().stream().noneMatch(Transition::moves)) {
                finalStates.add(state);
            }
        }
        this.finals = Collections.unmodifiableSet(finalStates);
    }

    public static <S extends Enum<S>, E extends Enum<E>, C> Builder<S, E, C> builder(String name, Class<S> states,
            Class<E> events) {
        return new Builder<>(name, states, events);
    }

    public String name() {
        return name;
    }

    public Class<S> stateType() {
        return stateType;
    }

    public Class<E> eventType() {
        return eventType;
    }

    /** Where an object of this workflow starts (several when one enum spans phases that start apart). */
    public Set<S> initials() {
        return initials;
    }

    /** The states no event leads out of (self-transitions aside). */
    public Set<S> finalStates() {
        return finals;
    }

    /** The transition {@code event} takes from {@code state}, if the table has one. */
    public Optional<Transition<S, E, C>> find(S state, E event) {
        return Optional.ofNullable(rows.get(requireNonNull(state, "state is null")).get(requireNonNull(event, "event is null")));
    }

    /** The state {@code event} leads to from {@code state}, if the table allows it. */
    public Optional<S> target(S state, E event) {
        return find(state, event).map(Transition::to);
    }

    /** Whether the table allows {@code event} in {@code state} (guards aside). */
    public boolean allows(S state, E event) {
        return find(state, event).isPresent();
    }

    /** The events {@code state} accepts, each with the state it leads to. */
    public Map<E, S> transitions(S state) {
        Map<E, S> out = new EnumMap<>(eventType);
        rows.get(state).forEach((event, t) -> out.put(event, t.to()));
        return Collections.unmodifiableMap(out);
    }

    /** Every row, in state then event order. */
    public List<Transition<S, E, C>> all() {
        List<Transition<S, E, C>> out = new ArrayList<>();
        rows.values().forEach(row -> out.addAll(row.values()));
        return List.copyOf(out);
    }

    /** The transition for {@code event} in {@code state}; the table's refusal if there is none. Guards are not run. */
    public Transition<S, E, C> require(S state, E event) {
        return find(state, event).orElseThrow(() -> refusal.refuse(state, event, rows.get(state).keySet()));
    }

    /** The next state; the table's refusal if the event is not allowed. Guards are not run. */
    public S next(S state, E event) {
        return require(state, event).to();
    }

    /**
     * The transition for {@code event} in {@code state} after its guards hold for {@code context}: the table's
     * refusal if the event is not allowed here, the first failing guard's refusal otherwise.
     */
    public Transition<S, E, C> apply(S state, E event, C context) {
        Transition<S, E, C> t = require(state, event);
        for (Guard<C> guard : t.guards()) {
            Optional<SandboxException> refused = guard.refusal(context);
            if (refused.isPresent()) {
                throw refused.get();
            }
        }
        return t;
    }

    /** The states reachable from the initial states, those included. */
    public Set<S> reachable() {
        EnumSet<S> seen = EnumSet.copyOf(initials);
        Deque<S> todo = new ArrayDeque<>(initials);
        while (!todo.isEmpty()) {
            for (Transition<S, E, C> t : rows.get(todo.pop()).values()) {
                if (seen.add(t.to())) {
                    todo.push(t.to());
                }
            }
        }
        return Collections.unmodifiableSet(seen);
    }

    /**
     * The table as a Mermaid {@code stateDiagram-v2}: one arrow per moving transition labelled with its event, guards in
     * brackets and audit action after a slash; allowed in-place actions listed as a note on their state.
     */
    public String mermaid() {
        StringBuilder out = new StringBuilder("stateDiagram-v2\n");
        initials.forEach(s -> out.append("    [*] --> ").append(s.name()).append('\n'));
        Map<S, List<String>> inPlace = new LinkedHashMap<>();
        for (Transition<S, E, C> t : all()) {
            if (!t.moves()) {
                inPlace.computeIfAbsent(t.from(), s -> new ArrayList<>()).add(label(t));
                continue;
            }
            out.append("    ").append(t.from().name()).append(" --> ").append(t.to().name()).append(" : ").append(label(t))
                    .append('\n');
        }
        for (S state : stateType.getEnumConstants()) {
            if (finals.contains(state) && reachable().contains(state) && !initials.contains(state)) {
                out.append("    ").append(state.name()).append(" --> [*]\n");
            }
        }
        inPlace.forEach((state, labels) -> out.append("    note right of ").append(state.name()).append(" : in place: ")
                .append(String.join(", ", labels)).append('\n'));
        return out.toString();
    }

    private String label(Transition<S, E, C> t) {
        StringBuilder s = new StringBuilder(t.event().name());
        if (!t.guards().isEmpty()) {
            s.append(" [").append(t.guards().stream().map(Guard::name).collect(Collectors.joining(" and "))).append(']');
        }
        t.auditAction().ifPresent(a -> s.append(" / ").append(a));
        return s.toString();
    }

    /** The default refusal: ILLEGAL_TRANSITION, "cannot &lt;event&gt; in state &lt;state&gt;; allowed here: [...]". */
    public static <S extends Enum<S>, E extends Enum<E>> Refusal<S, E> illegalTransition(ErrorCode code,
            Function<S, String> stateLabel) {
        return (state, event, allowed) -> new SandboxException(code, "cannot " + words(event) + " in state "
                + stateLabel.apply(state) + (allowed.isEmpty() ? "; this state is final" : "; allowed here: " + allowed));
    }

    /** An event's name as words: {@code SIGN_AGREEMENT} is "sign agreement". */
    public static String words(Enum<?> event) {
        return event.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Builds a table; {@link #build()} refuses duplicates and transitions from or to a state of another table. */
    public static final class Builder<S extends Enum<S>, E extends Enum<E>, C> {
        private final String name;
        private final Class<S> stateType;
        private final Class<E> eventType;
        private final Map<S, Map<E, Transition<S, E, C>>> rows;
        private final Set<S> initials = new LinkedHashSet<>();
        private Refusal<S, E> refusal;

        private Builder(String name, Class<S> stateType, Class<E> eventType) {
            this.name = requireNonNull(name, "name is null");
            this.stateType = requireNonNull(stateType, "stateType is null");
            this.eventType = requireNonNull(eventType, "eventType is null");
            this.rows = new EnumMap<>(stateType);
            this.refusal = illegalTransition(ErrorCode.ILLEGAL_TRANSITION, Enum::name);
        }

        /** A state objects of this workflow start in; call once per entry state. */
        public Builder<S, E, C> initial(S state) {
            initials.add(requireNonNull(state, "initial is null"));
            return this;
        }

        /** How an event the table does not allow is refused (default: ILLEGAL_TRANSITION naming state and event). */
        public Builder<S, E, C> refusal(Refusal<S, E> refusal) {
            this.refusal = requireNonNull(refusal, "refusal is null");
            return this;
        }

        /** Starts a row: in {@code from}, {@code event} ... */
        public RowBuilder on(S from, E event) {
            return new RowBuilder(from, event);
        }

        /** Adds the same in-place action (no move) to several states. */
        @SafeVarargs
        public final Builder<S, E, C> allowIn(E event, S... states) {
            for (S state : states) {
                add(new Transition<>(state, event, state, List.of(), Optional.empty()));
            }
            return this;
        }

        private void add(Transition<S, E, C> t) {
            Transition<S, E, C> previous = rows.computeIfAbsent(t.from(), s -> new EnumMap<>(eventType)).put(t.event(), t);
            if (previous != null) {
                throw new IllegalStateException(name + ": duplicate transition " + t.from() + " --" + t.event());
            }
        }

        public TransitionTable<S, E, C> build() {
            return new TransitionTable<>(this);
        }

        /** One row under construction: {@code .to(next)} and optionally guards and an audit action, then {@code .add()}. */
        public final class RowBuilder {
            private final S from;
            private final E event;
            private final List<Guard<C>> guards = new ArrayList<>();
            private S to;
            private Optional<String> audit = Optional.empty();

            private RowBuilder(S from, E event) {
                this.from = requireNonNull(from, "from is null");
                this.event = requireNonNull(event, "event is null");
            }

            public RowBuilder to(S next) {
                this.to = requireNonNull(next, "to is null");
                return this;
            }

            /** Stays in the same state: an action allowed here. */
            public RowBuilder stays() {
                return to(from);
            }

            public RowBuilder when(Guard<C> guard) {
                guards.add(requireNonNull(guard, "guard is null"));
                return this;
            }

            public RowBuilder audit(String action) {
                this.audit = Optional.of(requireNonNull(action, "action is null"));
                return this;
            }

            /** Adds the row and returns the table builder for the next one. */
            public Builder<S, E, C> add() {
                if (to == null) {
                    throw new IllegalStateException(name + ": " + from + " --" + event + " has no target");
                }
                Builder.this.add(new Transition<>(from, event, to, guards, audit));
                return Builder.this;
            }
        }
    }
}
