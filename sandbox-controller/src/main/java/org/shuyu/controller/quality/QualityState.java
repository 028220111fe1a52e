package org.shuyu.controller.quality;

/** Where a data quality request stands; the moves between them are {@link QualityLifecycle#TABLE}. */
public enum QualityState {
    /** Filed by the operator; waits for the provider to acknowledge or reject it. */
    OPEN,
    /** The provider accepted to fix it by the deadline. */
    ACKNOWLEDGED,
    /** The provider reports it fixed; waits for the operator to confirm or reopen. */
    FIXED,
    /** The provider rejected it with a reason; waits for the operator to confirm or reopen. */
    REJECTED,
    /** The operator accepted the provider's answer. */
    CONFIRMED,
    /** The operator withdrew it before the provider answered. */
    WITHDRAWN
}
