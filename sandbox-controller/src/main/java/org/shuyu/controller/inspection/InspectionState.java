package org.shuyu.controller.inspection;

/** Where an inspection of an operator stands; {@link InspectionLifecycle#TABLE} says how it moves. */
public enum InspectionState {
    /** Recorded with its scope, date and inspectors; not yet begun. */
    PLANNED,
    /** The inspectors are at work; findings can be recorded. */
    IN_PROGRESS,
    /** At least one finding was issued to the operator; closes when every finding is verified. */
    FINDINGS_ISSUED,
    /** Done: no findings, or every finding rectified and verified. */
    CLOSED,
    /** Called off before it began. */
    CANCELLED
}
