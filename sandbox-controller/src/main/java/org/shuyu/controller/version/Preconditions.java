package org.shuyu.controller.version;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The narrow port between the web adapter and the lock points for optimistic concurrency: the web adapter opens a
 * scope per request naming the life-cycle object the request addresses and its If-Match condition; the services check
 * the condition right after taking the object's row lock ({@link #verify}), in the transaction that changes it; the
 * store reports each revision bump ({@link #bumped}) so the web adapter can answer with the new ETag. A thread without
 * a scope (schedulers, background pipelines) is never conditioned.
 */
@Component
public class Preconditions {
    private final ThreadLocal<Scope> scopes = new ThreadLocal<>();

    /** Opens the scope of the current request; close it when the request ends. */
    public Scope open(Versioned kind, String id, Optional<IfMatch> condition) {
        Scope scope = new Scope(kind, id, condition);
        scopes.set(scope);
        return scope;
    }

    /** The current thread's scope, if a request opened one. */
    public Optional<Scope> current() {
        return Optional.ofNullable(scopes.get());
    }

    /**
     * Checks the request's If-Match for this object against its revision; call it with the row lock held (so nothing
     * can change between the check and the change). Throws {@link PreconditionFailedException} on a mismatch. Does
     * nothing for another object, without a condition, or once the request's condition has held: a request that locks
     * the object again (a second transaction of the same operation) sees its own changes, not another's.
     */
    public void verify(Versioned kind, String id, Supplier<OptionalLong> revision) {
        Scope scope = scopes.get();
        if (scope == null || !scope.addresses(kind, id) || scope.condition.isEmpty() || scope.verified) {
            return;
        }
        OptionalLong current = revision.get();
        if (current.isEmpty()) {
            return; // the lock point answers NOT_FOUND itself
        }
        if (!scope.condition.get().matches(current.getAsLong())) {
            throw new PreconditionFailedException(kind, id, current.getAsLong());
        }
        scope.verified = true;
    }

    /**
     * A revision bump of an object, made by the store in the changing transaction: {@code before} is the revision
     * replaced. A condition not yet verified is checked against it (the safety net for a change that took no lock
     * point), then the new revision is remembered for the response's ETag.
     */
    public void bumped(Versioned kind, String id, long before, long after) {
        Scope scope = scopes.get();
        if (scope == null || !scope.addresses(kind, id)) {
            return;
        }
        if (!scope.verified && scope.condition.isPresent()) {
            if (!scope.condition.get().matches(before)) {
                throw new PreconditionFailedException(kind, id, before);
            }
            scope.verified = true;
        }
        scope.changed = OptionalLong.of(after);
    }

    /** One request's view: the object it addresses, its condition, and the object's revision after its change. */
    public final class Scope implements AutoCloseable {
        private final Versioned kind;
        private final String id;
        private final Optional<IfMatch> condition;
        private boolean verified;
        private OptionalLong changed = OptionalLong.empty();

        private Scope(Versioned kind, String id, Optional<IfMatch> condition) {
            this.kind = kind;
            this.id = id;
            this.condition = condition;
        }

        boolean addresses(Versioned k, String i) {
            return kind == k && id.equals(i);
        }

        public Versioned kind() {
            return kind;
        }

        public String id() {
            return id;
        }

        /** The revision the request's change left the object at, if it changed it. */
        public OptionalLong changed() {
            return changed;
        }

        @Override
        public void close() {
            if (scopes.get() == this) {
                scopes.remove();
            }
        }
    }
}
