package org.shuyu.controller.inspection;

/** What moves an inspection. */
public enum InspectionEvent {
    START,
    ISSUE_FINDING,
    CLOSE,
    CANCEL
}
