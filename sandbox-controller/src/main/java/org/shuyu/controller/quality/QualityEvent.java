package org.shuyu.controller.quality;

/** What can happen to a data quality request. */
public enum QualityEvent {
    ACKNOWLEDGE,
    FIX,
    REJECT,
    CONFIRM,
    REOPEN,
    WITHDRAW,
    /** The scheduler found the deadline passed without an answer: the request is marked overdue, its state stays. */
    DEADLINE_PASSED
}
