package org.shuyu.controller.inspection;

/** What moves a finding. */
public enum FindingEvent {
    SUBMIT_RECTIFICATION,
    VERIFY,
    REJECT,
    DEADLINE_PASSED,
    REQUEST_SUSPENSION,
    SUSPEND_GRANT
}
