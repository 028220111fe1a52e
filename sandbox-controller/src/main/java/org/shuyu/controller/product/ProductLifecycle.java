package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.product.ProductEvent.*;
import static org.shuyu.controller.product.ProductState.*;

import java.util.Arrays;
import java.util.List;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.workflow.Guard;
import org.shuyu.controller.workflow.Transition;
import org.shuyu.controller.workflow.TransitionTable;

/**
 * THE transition table of the product airlock (docs/products.md): which events each {@link ProductState} accepts,
 * the state each leads to, and the action it is audited under. The services ask it and never compare states by hand;
 * the diagram in docs/workflows.md is generated from it. Preconditions beyond the state that are not about the
 * product (the caller's role and independence, the grant being active, the release ledger) stay in the services.
 */
public final class ProductLifecycle {
    /** Independent expert approvals a product needs (the two-person rule). */
    public static final int REQUIRED_APPROVALS = 2;

    /** What the guards look at: how many experts approved the product's current revision, this review included. */
    public record Facts(long approvals) {
        public static final Facts NONE = new Facts(0);
    }

    static final Guard<Facts> TWO_INDEPENDENT_EXPERTS = Guard.of("two independent experts approved",
            f -> f.approvals() >= REQUIRED_APPROVALS, ErrorCode.ILLEGAL_PRODUCT_TRANSITION,
            f -> "approval needs " + REQUIRED_APPROVALS + " independent experts, got " + f.approvals());

    public static final TransitionTable<ProductState, ProductEvent, Facts> TABLE = TransitionTable
            .<ProductState, ProductEvent, Facts>builder("product airlock", ProductState.class, ProductEvent.class)
            .initial(DRAFT)
            .refusal(TransitionTable.illegalTransition(ErrorCode.ILLEGAL_PRODUCT_TRANSITION, Enum::name))
            .on(DRAFT, SUBMIT).to(SUBMITTED).audit("product.submit").add()
            .on(DRAFT, WITHDRAW).to(WITHDRAWN).audit("product.withdraw").add()
            .on(SUBMITTED, SNAPSHOT_TAKEN).to(CHECKING).audit("product.snapshot").add()
            .on(SUBMITTED, WITHDRAW).to(WITHDRAWN).audit("product.withdraw").add()
            .on(SUBMITTED, FAIL).to(REJECTED).audit("product.reject").add()
            .on(CHECKING, CHECKS_PASSED).to(IN_REVIEW).audit("product.checks").add()
            .on(CHECKING, CHECKS_FAILED).to(REJECTED).audit("product.checks").add()
            .on(CHECKING, WITHDRAW).to(WITHDRAWN).audit("product.withdraw").add()
            .on(CHECKING, FAIL).to(REJECTED).audit("product.reject").add()
            .on(IN_REVIEW, REVIEW).stays().audit("product.review").add()
            .on(IN_REVIEW, APPROVE).to(APPROVED).when(TWO_INDEPENDENT_EXPERTS).audit("product.approve").add()
            .on(IN_REVIEW, REJECT).to(REJECTED).audit("product.reject").add()
            .on(IN_REVIEW, WITHDRAW).to(WITHDRAWN).audit("product.withdraw").add()
            .on(IN_REVIEW, RETURN).to(RETURNED).audit("product.return").add()
            .on(RETURNED, RESUBMIT).to(SUBMITTED).audit("product.resubmit").add()
            .on(RETURNED, WITHDRAW).to(WITHDRAWN).audit("product.withdraw").add()
            .on(APPROVED, LIST).to(LISTED).audit("product.list").add()
            .on(LISTED, DELIST).to(DELISTED).audit("product.delist").add()
            .build();

    private ProductLifecycle() {}

    /**
     * The transition {@code event} takes the product through; ILLEGAL_PRODUCT_TRANSITION "cannot &lt;action&gt; product
     * &lt;id&gt;: it is &lt;STATE&gt;" if its state does not accept it. Guards are not run.
     */
    public static Transition<ProductState, ProductEvent, Facts> require(Product p, ProductEvent event, String action) {
        requireNonNull(p, "product is null");
        return TABLE.find(p.state(), event).orElseThrow(() -> new SandboxException(ErrorCode.ILLEGAL_PRODUCT_TRANSITION,
                "cannot " + action + " product " + p.id() + ": it is " + p.state()));
    }

    /** Where every product starts. */
    public static ProductState initial() {
        return TABLE.initials().iterator().next();
    }

    /** Whether the state accepts the event. */
    public static boolean accepts(ProductState state, ProductEvent event) {
        return TABLE.allows(state, event);
    }

    /** Whether the guards of {@code event} hold in {@code state} for {@code facts} (false if not accepted at all). */
    public static boolean holds(ProductState state, ProductEvent event, Facts facts) {
        return TABLE.find(state, event)
                .map(t -> t.guards().stream().allMatch(g -> g.refusal(facts).isEmpty()))
                .orElse(false);
    }

    /**
     * Whether a product in this state is listed: shown to everyone and delivered. It is the state a listing leads to,
     * and exactly the one a delisting leaves.
     */
    public static boolean listed(ProductState state) {
        return accepts(state, DELIST);
    }

    /** The states of the background pipeline (snapshot, then checks), which a restart resumes; in table order. */
    public static List<ProductState> pipeline() {
        return Arrays.stream(ProductState.values()).filter(s -> accepts(s, FAIL)).toList();
    }
}
