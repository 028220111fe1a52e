package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.shuyu.controller.audit.AuditEvent.Outcome;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The deadline of a returned candidate (docs/products.md, "Returned for revision"): the operator resubmits within
 * {@code sandbox.products.return-deadline} (default 30 days) of the return, or the scheduler withdraws it
 * (RETURNED to WITHDRAWN, audited as {@code product.withdraw} by the system) and tells the operator. Runs on the
 * leader replica with the life-cycle scheduler's interval; each product in its own transaction, from state alone.
 */
@Component
public class ProductReturnDeadlines {
    private static final Logger log = LoggerFactory.getLogger(ProductReturnDeadlines.class);

    private final ProductStore store;
    private final ProductSteps steps;
    private final ProductNotices notices;
    private final Duration deadline;
    private Leadership leadership;

    ProductReturnDeadlines(ProductStore store, ProductSteps steps, ProductNotices notices,
            @Value("${sandbox.products.return-deadline:30d}") Duration deadline) {
        this.store = requireNonNull(store, "store is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.notices = requireNonNull(notices, "notices is null");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("sandbox.products.return-deadline must be positive, got " + deadline);
        }
        this.deadline = deadline;
    }

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    /** When a returned product must be resubmitted by: its return (the RETURNED state's start) plus the deadline. */
    public Instant dueOf(Product returned) {
        return returned.updatedAt().plus(deadline);
    }

    @Scheduled(fixedDelayString = "${sandbox.lifecycle.scheduler-interval:60s}",
            initialDelayString = "${sandbox.lifecycle.scheduler-interval:60s}")
    public void scheduled() {
        if (leadership != null && leadership.isLeader()) {
            int withdrawn = runOnce();
            if (withdrawn > 0) {
                log.info("return deadlines: {} returned product(s) withdrawn", withdrawn);
            }
        }
    }

    /** Withdraws every returned product whose deadline has passed; returns how many. */
    public synchronized int runOnce() {
        int withdrawn = 0;
        for (ProductState state : ProductState.values()) {
            if (!ProductLifecycle.accepts(state, ProductEvent.RESUBMIT)) {
                continue;
            }
            for (Product p : store.inState(state)) {
                try {
                    withdrawn += withdrawIfDue(p.id()) ? 1 : 0;
                } catch (RuntimeException e) {
                    log.error("cannot apply the return deadline to product {}", p.id(), e);
                }
            }
        }
        return withdrawn;
    }

    private boolean withdrawIfDue(String id) {
        return steps.inTx(() -> {
            Product p = store.lock(id).orElseThrow();
            Instant now = steps.now();
            if (!ProductLifecycle.accepts(p.state(), ProductEvent.RESUBMIT) || !now.isAfter(dueOf(p))) {
                return false;
            }
            String reason = "not resubmitted within " + deadline.toDays() + " days of its return";
            Product withdrawn = steps.move(p, ProductLifecycle.TABLE.require(p.state(), ProductEvent.WITHDRAW),
                    Optional.of(reason), now, m -> ProductAuditEvents.bySystem(m.action(), m.product(), Outcome.DONE,
                            Optional.empty(), reason));
            notices.ended(withdrawn, "product.return-expired", "was withdrawn: " + reason);
            return true;
        });
    }
}
