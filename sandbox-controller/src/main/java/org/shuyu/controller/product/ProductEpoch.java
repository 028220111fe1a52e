package org.shuyu.controller.product;

import java.util.concurrent.atomic.AtomicLong;
import org.shuyu.controller.identity.WorkspaceAccessChanged;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A counter that moves whenever something may have stopped a delivery: a delisting, or a change of a grant's state
 * or members. Open delivery calls compare it before every batch; when it moved they check their product and grant
 * again, so a delisting or the end of a grant stops delivery at once without a database read per batch.
 */
@Component
public class ProductEpoch {
    private final AtomicLong value = new AtomicLong();

    public long current() {
        return value.get();
    }

    public void advance() {
        value.incrementAndGet();
    }

    /** A grant's state or members changed (after its transaction committed). */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void accessChanged(WorkspaceAccessChanged event) {
        advance();
    }

}
