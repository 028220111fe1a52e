package org.shuyu.controller.product;

import java.util.EnumSet;
import java.util.Set;

/**
 * The airlock: DRAFT → SUBMITTED (frozen into a snapshot) → CHECKING (automatic checks) → IN_REVIEW (two experts)
 * → APPROVED → LISTED → DELISTED. A failed automatic check or an expert's rejection ends in REJECTED; the author may
 * withdraw before approval (WITHDRAWN). REJECTED, WITHDRAWN and DELISTED are final: a fix is a new version.
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
    DELISTED;

    private static final Set<ProductState> WITHDRAWABLE = EnumSet.of(DRAFT, SUBMITTED, CHECKING, IN_REVIEW);

    /** Whether the author (or the operator's accountable person) may still withdraw it. */
    public boolean withdrawable() {
        return WITHDRAWABLE.contains(this);
    }

    /** Whether nothing can happen to it any more. */
    public boolean terminal() {
        return this == REJECTED || this == WITHDRAWN || this == DELISTED;
    }
}
