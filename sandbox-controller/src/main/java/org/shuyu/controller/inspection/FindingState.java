package org.shuyu.controller.inspection;

/** Where one finding of an inspection stands; {@link InspectionLifecycle#FINDINGS} says how it moves. */
public enum FindingState {
    /** Issued to the operator, to be rectified by its deadline. */
    OPEN,
    /** The deadline passed without a rectification report (the scheduler flags it). */
    OVERDUE,
    /** The operator's accountable person reported the rectification; the supervisor checks it. */
    RECTIFICATION_SUBMITTED,
    /** The supervisor accepted the rectification: the finding is closed. */
    VERIFIED
}
