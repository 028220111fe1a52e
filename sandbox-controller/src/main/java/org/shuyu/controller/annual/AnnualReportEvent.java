package org.shuyu.controller.annual;

/** What happens to an annual report; {@link AnnualReportLifecycle} says in which states each is accepted. */
public enum AnnualReportEvent {
    /** The operator's accountable person writes the hand-written sections. */
    EDIT,
    /** The accountable person submits: the figures are computed and frozen. */
    SUBMIT,
    /** The authority returns the report for completion, with comments. */
    RETURN,
    /** The authority records the annual evaluation with its grade. */
    EVALUATE,
    /** The scheduler found the submission deadline passed. */
    FLAG_OVERDUE
}
