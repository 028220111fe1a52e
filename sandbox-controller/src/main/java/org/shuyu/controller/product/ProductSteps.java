package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.workflow.Transition;
import org.shuyu.controller.version.Preconditions;
import org.shuyu.controller.version.Revisions;
import org.shuyu.controller.version.Versioned;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How the airlock's services take a step: in one transaction, the product row locked, the state moved along a row of
 * {@link ProductLifecycle}, stored, and audited under the row's action.
 */
@Component
class ProductSteps {
    private final ProductStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    private final Preconditions preconditions;
    private final Revisions revisions;

    ProductSteps(ProductStore store, AuditLog audit, Clock clock, PlatformTransactionManager transactions,
            Preconditions preconditions, Revisions revisions) {
        this.preconditions = requireNonNull(preconditions, "preconditions is null");
        this.revisions = requireNonNull(revisions, "revisions is null");
        this.store = requireNonNull(store, "store is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.tx = new TransactionTemplate(requireNonNull(transactions, "transactions is null"));
    }

    <T> T inTx(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * The product, its row locked until the transaction ends; NOT_FOUND if there is none. The request's If-Match on it is
     * checked here, under the lock (412 PRECONDITION_FAILED on a mismatch).
     */
    Product lock(String id) {
        Product p = store.lock(id).orElseThrow(() -> SandboxException.notFound("product", id));
        preconditions.verify(Versioned.PRODUCT, id, () -> revisions.current(Versioned.PRODUCT, id));
        return p;
    }

    /**
     * Moves the product along {@code transition} (with the state reason {@code reason}), stores it, and appends the
     * audit event built from the moved product and the row's audit action.
     */
    Product move(Product p, Transition<ProductState, ProductEvent, ProductLifecycle.Facts> transition,
            Optional<String> reason, Instant at, Function<Moved, AuditEvent> event) {
        Product next = p.with(transition.to(), reason, at);
        store.update(next);
        audit.append(event.apply(new Moved(next, transition.auditAction().orElseThrow())));
        return next;
    }

    /** A product after a step, and the action the step is audited under. */
    record Moved(Product product, String action) {}

    void append(AuditEvent event) {
        audit.append(event);
    }
}
