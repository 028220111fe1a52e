package org.shuyu.controller.product;

/**
 * The airlock: DRAFT → SUBMITTED (frozen into a snapshot) → CHECKING (automatic checks) → IN_REVIEW (two experts)
 * → APPROVED → LISTED → DELISTED. A failed automatic check or an expert's rejection ends in REJECTED; the author may
 * withdraw before approval (WITHDRAWN). An expert may instead return it for revision (RETURNED, with comments): the
 * operator resubmits it as the next revision (frozen, checked and reviewed again) by a deadline, or it is withdrawn.
 * REJECTED, WITHDRAWN and DELISTED are final: a fix is a new version.
 * The transitions are {@link ProductLifecycle}'s table.
 */
public enum ProductState {
    DRAFT,
    SUBMITTED,
    CHECKING,
    IN_REVIEW,
    APPROVED,
    REJECTED,
    WITHDRAWN,
    LISTED,
    DELISTED,
    RETURNED;

    /** Whether the author (or the operator's accountable person) may still withdraw it. */
    public boolean withdrawable() {
        return ProductLifecycle.accepts(this, ProductEvent.WITHDRAW);
    }

    /** Whether nothing can happen to it any more. */
    public boolean terminal() {
        return ProductLifecycle.TABLE.finalStates().contains(this);
    }
}
