package org.shuyu.controller.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shuyu.controller.grant.LifecycleEvent.*;
import static org.shuyu.controller.grant.LifecycleState.*;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/** Every state against every event: the table allows exactly what is listed here and refuses the rest. */
@Tag("R-12") @Tag("R-13") @Tag("R-14") @Tag("R-15") @Tag("R-16") @Tag("R-17a") @Tag("R-17b") @Tag("R-25")
class GrantLifecycleTest {

    /** The expected transitions, written out independently of the table. */
    private static final Map<LifecycleState, Map<LifecycleEvent, LifecycleState>> EXPECTED = new EnumMap<>(LifecycleState.class);

    private static void expect(LifecycleState from, Object... pairs) {
        Map<LifecycleEvent, LifecycleState> events = new EnumMap<>(LifecycleEvent.class);
        for (int i = 0; i < pairs.length; i += 2) {
            events.put((LifecycleEvent) pairs[i], (LifecycleState) pairs[i + 1]);
        }
        EXPECTED.put(from, events);
    }

    static {
        expect(LAB_REQUESTED, APPROVE_LAB, LAB_ACTIVE, REJECT_LAB, LAB_REJECTED);
        expect(LAB_ACTIVE, END_LAB_TERM, LAB_ENDED, COMPLETE_LAB, LAB_COMPLETED);
        expect(LAB_ENDED, COMPLETE_LAB, LAB_COMPLETED);
        expect(LAB_REJECTED);
        expect(LAB_COMPLETED);
        expect(APP_DRAFT, PROVIDE_MATERIAL, APP_DRAFT, SUBMIT, APP_SUBMITTED, WITHDRAW, APP_WITHDRAWN);
        expect(APP_SUBMITTED, RECORD_REVIEW, APP_UNDER_REVIEW, REJECT, APP_REJECTED, WITHDRAW, APP_WITHDRAWN);
        expect(APP_UNDER_REVIEW, RECORD_REVIEW, APP_UNDER_REVIEW, DELIBERATE, APP_DELIBERATED, REJECT, APP_REJECTED,
                WITHDRAW, APP_WITHDRAWN);
        expect(APP_DELIBERATED, APPROVE, APP_APPROVED, REJECT, APP_REJECTED);
        expect(APP_APPROVED, SIGN_AGREEMENT, APP_GRANTED);
        expect(APP_REJECTED);
        expect(APP_WITHDRAWN);
        expect(APP_GRANTED);
        expect(GRANT_AGREED, SET_EMERGENCY_PLAN, GRANT_AGREED, MANAGE_MEMBERS, GRANT_AGREED, ACTIVATE, GRANT_ACTIVE,
                RECORD_DECISION, GRANT_AGREED, REVOKE, GRANT_REVOKED, EXPIRE, GRANT_EXPIRED);
        expect(GRANT_ACTIVE, SET_EMERGENCY_PLAN, GRANT_ACTIVE, RECORD_DRILL, GRANT_ACTIVE, MANAGE_MEMBERS, GRANT_ACTIVE,
                SUSPEND, GRANT_SUSPENDED, RECORD_DECISION, GRANT_ACTIVE, TERMINATE, GRANT_TERMINATED, REVOKE, GRANT_REVOKED,
                EXPIRE, GRANT_EXPIRED);
        expect(GRANT_SUSPENDED, SET_EMERGENCY_PLAN, GRANT_SUSPENDED, RECORD_DRILL, GRANT_SUSPENDED, MANAGE_MEMBERS, GRANT_SUSPENDED,
                REPORT_RECTIFICATION, GRANT_RECTIFICATION_REPORTED, DEADLINE_PASSED, GRANT_RECTIFICATION_OVERDUE,
                RECORD_DECISION, GRANT_SUSPENDED, TERMINATE, GRANT_TERMINATED, REVOKE, GRANT_REVOKED, EXPIRE, GRANT_EXPIRED);
        expect(GRANT_RECTIFICATION_REPORTED, SET_EMERGENCY_PLAN, GRANT_RECTIFICATION_REPORTED, RECORD_DRILL,
                GRANT_RECTIFICATION_REPORTED, MANAGE_MEMBERS, GRANT_RECTIFICATION_REPORTED, REPORT_RECTIFICATION,
                GRANT_RECTIFICATION_REPORTED, REINSTATE, GRANT_ACTIVE, RECORD_DECISION, GRANT_RECTIFICATION_REPORTED,
                TERMINATE, GRANT_TERMINATED, REVOKE, GRANT_REVOKED, EXPIRE, GRANT_EXPIRED);
        expect(GRANT_RECTIFICATION_OVERDUE, MANAGE_MEMBERS, GRANT_RECTIFICATION_OVERDUE, RECORD_DECISION,
                GRANT_RECTIFICATION_OVERDUE, TERMINATE, GRANT_TERMINATED, REVOKE, GRANT_REVOKED, EXPIRE, GRANT_EXPIRED);
        expect(GRANT_TERMINATED);
        expect(GRANT_REVOKED);
        expect(GRANT_EXPIRED);
    }

    @Test
    void everyStateIsPinned() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(LifecycleState.values());
    }

    @Test
    void everyStateAndEventPairIsEitherTheExpectedTransitionOrAnIllegalTransition() {
        int allowed = 0;
        int refused = 0;
        for (LifecycleState state : LifecycleState.values()) {
            for (LifecycleEvent event : LifecycleEvent.values()) {
                LifecycleState expected = EXPECTED.get(state).get(event);
                if (expected != null) {
                    assertThat(GrantLifecycle.next(state, event)).as(state + " --" + event).isEqualTo(expected);
                    allowed++;
                } else {
                    assertThatThrownBy(() -> GrantLifecycle.next(state, event))
                            .as(state + " --" + event)
                            .isInstanceOfSatisfying(SandboxException.class, e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
                                assertThat(e.getMessage()).contains(state.shortName());
                            });
                    refused++;
                }
            }
        }
        assertThat(allowed + refused).isEqualTo(LifecycleState.values().length * LifecycleEvent.values().length);
        assertThat(allowed).isEqualTo(EXPECTED.values().stream().mapToInt(Map::size).sum());
    }

    @Test
    void terminalStatesAcceptNoEventAndTransitionsNeverCrossPhases() {
        for (LifecycleState state : LifecycleState.values()) {
            Map<LifecycleEvent, LifecycleState> transitions = GrantLifecycle.transitions(state);
            assertThat(transitions.isEmpty()).as(state + " terminal").isEqualTo(state.terminal());
            transitions.values().forEach(target -> assertThat(target.phase()).isEqualTo(state.phase()));
        }
    }

    @Test
    void onlyActiveLabsAndActiveGrantsOpenAccess() {
        for (LifecycleState state : LifecycleState.values()) {
            assertThat(state.accessOpen()).as(state.name()).isEqualTo(state == LAB_ACTIVE || state == GRANT_ACTIVE);
        }
    }

    @Test
    void everyEndingEventLeadsToAClosedTerminalState() {
        for (LifecycleState state : LifecycleState.values()) {
            GrantLifecycle.transitions(state).forEach((event, target) -> {
                if (event.endsGrant()) {
                    assertThat(target.terminal()).isTrue();
                    assertThat(target.accessOpen()).isFalse();
                }
                if (event == SUSPEND || event == DEADLINE_PASSED) {
                    assertThat(target.accessOpen()).as("suspension closes access").isFalse();
                }
            });
        }
    }

    @Test
    void illegalTransitionNamesTheAllowedEvents() {
        assertThatThrownBy(() -> GrantLifecycle.next(GRANT_AGREED, SUSPEND))
                .hasMessageContaining("cannot suspend in state AGREED")
                .hasMessageContaining("ACTIVATE");
        assertThatThrownBy(() -> GrantLifecycle.next(GRANT_TERMINATED, REINSTATE)).hasMessageContaining("final");
    }
}
