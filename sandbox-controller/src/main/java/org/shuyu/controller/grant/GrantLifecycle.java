package org.shuyu.controller.grant;

import static org.shuyu.controller.grant.LifecycleEvent.*;
import static org.shuyu.controller.grant.LifecycleState.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * THE transition table of the life cycle: for each state, the events it accepts and the state each leads
 * to. A self-transition (same state) marks an action that is allowed in that state without moving it.
 * Preconditions beyond the state (materials, reviews, decisions, plans, deadlines) are checked by the
 * services before they apply an event.
 */
public final class GrantLifecycle {
    private static final Map<LifecycleState, Map<LifecycleEvent, LifecycleState>> TABLE = new EnumMap<>(LifecycleState.class);

    static {
        on(LAB_REQUESTED, APPROVE_LAB, LAB_ACTIVE);
        on(LAB_REQUESTED, REJECT_LAB, LAB_REJECTED);
        on(LAB_ACTIVE, END_LAB_TERM, LAB_ENDED);
        on(LAB_ACTIVE, COMPLETE_LAB, LAB_COMPLETED);
        on(LAB_ENDED, COMPLETE_LAB, LAB_COMPLETED);

        on(APP_DRAFT, PROVIDE_MATERIAL, APP_DRAFT);
        on(APP_DRAFT, SUBMIT, APP_SUBMITTED);
        on(APP_DRAFT, WITHDRAW, APP_WITHDRAWN);
        on(APP_SUBMITTED, RECORD_REVIEW, APP_UNDER_REVIEW);
        on(APP_SUBMITTED, REJECT, APP_REJECTED);
        on(APP_SUBMITTED, WITHDRAW, APP_WITHDRAWN);
        on(APP_UNDER_REVIEW, RECORD_REVIEW, APP_UNDER_REVIEW);
        on(APP_UNDER_REVIEW, DELIBERATE, APP_DELIBERATED);
        on(APP_UNDER_REVIEW, REJECT, APP_REJECTED);
        on(APP_UNDER_REVIEW, WITHDRAW, APP_WITHDRAWN);
        on(APP_DELIBERATED, APPROVE, APP_APPROVED);
        on(APP_DELIBERATED, REJECT, APP_REJECTED);
        on(APP_APPROVED, SIGN_AGREEMENT, APP_GRANTED);

        on(GRANT_AGREED, SET_EMERGENCY_PLAN, GRANT_AGREED);
        on(GRANT_AGREED, MANAGE_MEMBERS, GRANT_AGREED);
        on(GRANT_AGREED, ACTIVATE, GRANT_ACTIVE);
        on(GRANT_AGREED, RECORD_DECISION, GRANT_AGREED);
        on(GRANT_AGREED, REVOKE, GRANT_REVOKED);
        on(GRANT_AGREED, EXPIRE, GRANT_EXPIRED);

        on(GRANT_ACTIVE, SET_EMERGENCY_PLAN, GRANT_ACTIVE);
        on(GRANT_ACTIVE, RECORD_DRILL, GRANT_ACTIVE);
        on(GRANT_ACTIVE, MANAGE_MEMBERS, GRANT_ACTIVE);
        on(GRANT_ACTIVE, SUSPEND, GRANT_SUSPENDED);
        on(GRANT_ACTIVE, RECORD_DECISION, GRANT_ACTIVE);
        on(GRANT_ACTIVE, TERMINATE, GRANT_TERMINATED);
        on(GRANT_ACTIVE, REVOKE, GRANT_REVOKED);
        on(GRANT_ACTIVE, EXPIRE, GRANT_EXPIRED);

        on(GRANT_SUSPENDED, SET_EMERGENCY_PLAN, GRANT_SUSPENDED);
        on(GRANT_SUSPENDED, RECORD_DRILL, GRANT_SUSPENDED);
        on(GRANT_SUSPENDED, MANAGE_MEMBERS, GRANT_SUSPENDED);
        on(GRANT_SUSPENDED, REPORT_RECTIFICATION, GRANT_RECTIFICATION_REPORTED);
        on(GRANT_SUSPENDED, DEADLINE_PASSED, GRANT_RECTIFICATION_OVERDUE);
        on(GRANT_SUSPENDED, RECORD_DECISION, GRANT_SUSPENDED);
        on(GRANT_SUSPENDED, TERMINATE, GRANT_TERMINATED);
        on(GRANT_SUSPENDED, REVOKE, GRANT_REVOKED);
        on(GRANT_SUSPENDED, EXPIRE, GRANT_EXPIRED);

        on(GRANT_RECTIFICATION_REPORTED, SET_EMERGENCY_PLAN, GRANT_RECTIFICATION_REPORTED);
        on(GRANT_RECTIFICATION_REPORTED, RECORD_DRILL, GRANT_RECTIFICATION_REPORTED);
        on(GRANT_RECTIFICATION_REPORTED, MANAGE_MEMBERS, GRANT_RECTIFICATION_REPORTED);
        on(GRANT_RECTIFICATION_REPORTED, REPORT_RECTIFICATION, GRANT_RECTIFICATION_REPORTED);
        on(GRANT_RECTIFICATION_REPORTED, REINSTATE, GRANT_ACTIVE);
        on(GRANT_RECTIFICATION_REPORTED, RECORD_DECISION, GRANT_RECTIFICATION_REPORTED);
        on(GRANT_RECTIFICATION_REPORTED, TERMINATE, GRANT_TERMINATED);
        on(GRANT_RECTIFICATION_REPORTED, REVOKE, GRANT_REVOKED);
        on(GRANT_RECTIFICATION_REPORTED, EXPIRE, GRANT_EXPIRED);

        on(GRANT_RECTIFICATION_OVERDUE, MANAGE_MEMBERS, GRANT_RECTIFICATION_OVERDUE);
        on(GRANT_RECTIFICATION_OVERDUE, RECORD_DECISION, GRANT_RECTIFICATION_OVERDUE);
        on(GRANT_RECTIFICATION_OVERDUE, TERMINATE, GRANT_TERMINATED);
        on(GRANT_RECTIFICATION_OVERDUE, REVOKE, GRANT_REVOKED);
        on(GRANT_RECTIFICATION_OVERDUE, EXPIRE, GRANT_EXPIRED);

        for (LifecycleState state : LifecycleState.values()) {
            TABLE.computeIfAbsent(state, s -> new EnumMap<>(LifecycleEvent.class));
            TABLE.put(state, Collections.unmodifiableMap(TABLE.get(state)));
        }
    }

    private GrantLifecycle() {}

    private static void on(LifecycleState from, LifecycleEvent event, LifecycleState to) {
        if (from.phase() != to.phase()) {
            throw new IllegalStateException(from + " --" + event + "--> " + to + " crosses phases");
        }
        LifecycleState previous = TABLE.computeIfAbsent(from, s -> new EnumMap<>(LifecycleEvent.class)).put(event, to);
        if (previous != null) {
            throw new IllegalStateException("duplicate transition " + from + " --" + event);
        }
    }

    /** The state {@code event} leads to from {@code state}, if the table allows it. */
    public static Optional<LifecycleState> target(LifecycleState state, LifecycleEvent event) {
        return Optional.ofNullable(TABLE.get(state).get(event));
    }

    /** The state {@code event} leads to; ILLEGAL_TRANSITION (409) with the reason if the table does not allow it. */
    public static LifecycleState next(LifecycleState state, LifecycleEvent event) {
        return target(state, event).orElseThrow(() -> new SandboxException(ErrorCode.ILLEGAL_TRANSITION,
                "cannot " + event.name().toLowerCase().replace('_', ' ') + " in state " + state.shortName()
                        + " (" + state.phase().name().toLowerCase() + ")"
                        + (TABLE.get(state).isEmpty() ? "; this state is final" : "; allowed here: " + TABLE.get(state).keySet())));
    }

    /** The events {@code state} accepts. */
    public static Map<LifecycleEvent, LifecycleState> transitions(LifecycleState state) {
        return TABLE.get(state);
    }
}
