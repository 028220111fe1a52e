package org.shuyu.controller.grant;

import static org.shuyu.controller.grant.LifecycleEvent.*;
import static org.shuyu.controller.grant.LifecycleState.*;

import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.workflow.TransitionTable;

/**
 * THE transition table of the life cycle: for each state, the events it accepts and the state each leads
 * to. A self-transition (same state) marks an action that is allowed in that state without moving it.
 * Preconditions beyond the state (materials, reviews, decisions, plans, deadlines) are checked by the
 * services before they apply an event. The diagram in docs/workflows.md is generated from this table.
 */
public final class GrantLifecycle {
    /** Labs, applications and grants: one enum, three phases that never cross (checked at class load). */
    public static final TransitionTable<LifecycleState, LifecycleEvent, Void> TABLE = TransitionTable
            .<LifecycleState, LifecycleEvent, Void>builder("grant life cycle", LifecycleState.class, LifecycleEvent.class)
            .initial(LAB_REQUESTED).initial(APP_DRAFT).initial(GRANT_AGREED)
            .refusal(TransitionTable.illegalTransition(ErrorCode.ILLEGAL_TRANSITION,
                    state -> state.shortName() + " (" + state.phase().name().toLowerCase() + ")"))
            .on(LAB_REQUESTED, APPROVE_LAB).to(LAB_ACTIVE).add()
            .on(LAB_REQUESTED, REJECT_LAB).to(LAB_REJECTED).add()
            .on(LAB_ACTIVE, END_LAB_TERM).to(LAB_ENDED).add()
            .on(LAB_ACTIVE, COMPLETE_LAB).to(LAB_COMPLETED).add()
            .on(LAB_ENDED, COMPLETE_LAB).to(LAB_COMPLETED).add()

            .on(APP_DRAFT, PROVIDE_MATERIAL).stays().add()
            .on(APP_DRAFT, SUBMIT).to(APP_SUBMITTED).add()
            .on(APP_DRAFT, WITHDRAW).to(APP_WITHDRAWN).add()
            .on(APP_SUBMITTED, RECORD_REVIEW).to(APP_UNDER_REVIEW).add()
            .on(APP_SUBMITTED, REJECT).to(APP_REJECTED).add()
            .on(APP_SUBMITTED, WITHDRAW).to(APP_WITHDRAWN).add()
            .on(APP_UNDER_REVIEW, RECORD_REVIEW).stays().add()
            .on(APP_UNDER_REVIEW, DELIBERATE).to(APP_DELIBERATED).add()
            .on(APP_UNDER_REVIEW, REJECT).to(APP_REJECTED).add()
            .on(APP_UNDER_REVIEW, WITHDRAW).to(APP_WITHDRAWN).add()
            .on(APP_DELIBERATED, APPROVE).to(APP_APPROVED).add()
            .on(APP_DELIBERATED, REJECT).to(APP_REJECTED).add()
            .on(APP_APPROVED, SIGN_AGREEMENT).to(APP_GRANTED).add()

            .on(GRANT_AGREED, SET_EMERGENCY_PLAN).stays().add()
            .on(GRANT_AGREED, MANAGE_MEMBERS).stays().add()
            .on(GRANT_AGREED, ACTIVATE).to(GRANT_ACTIVE).add()
            .on(GRANT_AGREED, RECORD_DECISION).stays().add()
            .on(GRANT_AGREED, REVOKE).to(GRANT_REVOKED).add()
            .on(GRANT_AGREED, EXPIRE).to(GRANT_EXPIRED).add()
            .on(GRANT_ACTIVE, SET_EMERGENCY_PLAN).stays().add()
            .on(GRANT_ACTIVE, RECORD_DRILL).stays().add()
            .on(GRANT_ACTIVE, MANAGE_MEMBERS).stays().add()
            .on(GRANT_ACTIVE, SUSPEND).to(GRANT_SUSPENDED).add()
            .on(GRANT_ACTIVE, RECORD_DECISION).stays().add()
            .on(GRANT_ACTIVE, TERMINATE).to(GRANT_TERMINATED).add()
            .on(GRANT_ACTIVE, REVOKE).to(GRANT_REVOKED).add()
            .on(GRANT_ACTIVE, EXPIRE).to(GRANT_EXPIRED).add()
            .on(GRANT_SUSPENDED, SET_EMERGENCY_PLAN).stays().add()
            .on(GRANT_SUSPENDED, RECORD_DRILL).stays().add()
            .on(GRANT_SUSPENDED, MANAGE_MEMBERS).stays().add()
            .on(GRANT_SUSPENDED, REPORT_RECTIFICATION).to(GRANT_RECTIFICATION_REPORTED).add()
            .on(GRANT_SUSPENDED, DEADLINE_PASSED).to(GRANT_RECTIFICATION_OVERDUE).add()
            .on(GRANT_SUSPENDED, RECORD_DECISION).stays().add()
            .on(GRANT_SUSPENDED, TERMINATE).to(GRANT_TERMINATED).add()
            .on(GRANT_SUSPENDED, REVOKE).to(GRANT_REVOKED).add()
            .on(GRANT_SUSPENDED, EXPIRE).to(GRANT_EXPIRED).add()
            .on(GRANT_RECTIFICATION_REPORTED, SET_EMERGENCY_PLAN).stays().add()
            .on(GRANT_RECTIFICATION_REPORTED, RECORD_DRILL).stays().add()
            .on(GRANT_RECTIFICATION_REPORTED, MANAGE_MEMBERS).stays().add()
            .on(GRANT_RECTIFICATION_REPORTED, REPORT_RECTIFICATION).stays().add()
            .on(GRANT_RECTIFICATION_REPORTED, REINSTATE).to(GRANT_ACTIVE).add()
            .on(GRANT_RECTIFICATION_REPORTED, RECORD_DECISION).stays().add()
            .on(GRANT_RECTIFICATION_REPORTED, TERMINATE).to(GRANT_TERMINATED).add()
            .on(GRANT_RECTIFICATION_REPORTED, REVOKE).to(GRANT_REVOKED).add()
            .on(GRANT_RECTIFICATION_REPORTED, EXPIRE).to(GRANT_EXPIRED).add()
            .on(GRANT_RECTIFICATION_OVERDUE, MANAGE_MEMBERS).stays().add()
            .on(GRANT_RECTIFICATION_OVERDUE, RECORD_DECISION).stays().add()
            .on(GRANT_RECTIFICATION_OVERDUE, TERMINATE).to(GRANT_TERMINATED).add()
            .on(GRANT_RECTIFICATION_OVERDUE, REVOKE).to(GRANT_REVOKED).add()
            .on(GRANT_RECTIFICATION_OVERDUE, EXPIRE).to(GRANT_EXPIRED).add()
            .build();

    static {
        TABLE.all().forEach(t -> {
            if (t.from().phase() != t.to().phase()) {
                throw new IllegalStateException(t.from() + " --" + t.event() + "--> " + t.to() + " crosses phases");
            }
        });
    }

    private GrantLifecycle() {}

    /** The state {@code event} leads to from {@code state}, if the table allows it. */
    public static Optional<LifecycleState> target(LifecycleState state, LifecycleEvent event) {
        return TABLE.target(state, event);
    }

    /** The state {@code event} leads to; ILLEGAL_TRANSITION (409) with the reason if the table does not allow it. */
    public static LifecycleState next(LifecycleState state, LifecycleEvent event) {
        return TABLE.next(state, event);
    }

    /** The events {@code state} accepts. */
    public static Map<LifecycleEvent, LifecycleState> transitions(LifecycleState state) {
        return TABLE.transitions(state);
    }
}
