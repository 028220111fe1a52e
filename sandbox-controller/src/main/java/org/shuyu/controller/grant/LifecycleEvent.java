package org.shuyu.controller.grant;

/** Everything that can happen to a lab, an application or a grant. */
public enum LifecycleEvent {
    APPROVE_LAB,
    REJECT_LAB,
    /** The scheduler: the lab's term is over. */
    END_LAB_TERM,
    /** The authority issues the lab's technical evaluation report. */
    COMPLETE_LAB,

    PROVIDE_MATERIAL,
    SUBMIT,
    RECORD_REVIEW,
    DELIBERATE,
    APPROVE,
    REJECT,
    WITHDRAW,
    SIGN_AGREEMENT,

    SET_EMERGENCY_PLAN,
    RECORD_DRILL,
    MANAGE_MEMBERS,
    ACTIVATE,
    SUSPEND,
    REPORT_RECTIFICATION,
    REINSTATE,
    /** The scheduler: a suspended grant's rectification deadline passed without a report (R-17b). */
    DEADLINE_PASSED,
    RECORD_DECISION,
    TERMINATE,
    REVOKE,
    /** The scheduler: the grant's term is over. */
    EXPIRE;

    /** Whether this event ends a grant: access closes, data is scheduled for deletion, logs are kept (R-17a). */
    public boolean endsGrant() {
        return this == TERMINATE || this == REVOKE || this == EXPIRE;
    }
}
