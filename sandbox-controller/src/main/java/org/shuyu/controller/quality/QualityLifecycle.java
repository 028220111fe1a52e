package org.shuyu.controller.quality;

import static org.shuyu.controller.quality.QualityEvent.ACKNOWLEDGE;
import static org.shuyu.controller.quality.QualityEvent.CONFIRM;
import static org.shuyu.controller.quality.QualityEvent.DEADLINE_PASSED;
import static org.shuyu.controller.quality.QualityEvent.FIX;
import static org.shuyu.controller.quality.QualityEvent.REJECT;
import static org.shuyu.controller.quality.QualityEvent.REOPEN;
import static org.shuyu.controller.quality.QualityEvent.WITHDRAW;
import static org.shuyu.controller.quality.QualityState.ACKNOWLEDGED;
import static org.shuyu.controller.quality.QualityState.CONFIRMED;
import static org.shuyu.controller.quality.QualityState.FIXED;
import static org.shuyu.controller.quality.QualityState.OPEN;
import static org.shuyu.controller.quality.QualityState.REJECTED;
import static org.shuyu.controller.quality.QualityState.WITHDRAWN;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.workflow.Guard;
import org.shuyu.controller.workflow.TransitionTable;

/**
 * THE transition table of data quality requests (R-20, docs/quality-requests.md). The provider answers an OPEN
 * request (acknowledge, or reject with a reason) and fixes an ACKNOWLEDGED one by its deadline; the operator confirms
 * the answer or reopens the request (back to ACKNOWLEDGED with a new deadline), and may withdraw it while OPEN. The
 * scheduler's DEADLINE_PASSED is an in-place row: it marks the request overdue without moving it.
 */
public final class QualityLifecycle {
    /** What the guards look at: the note that goes with the event (a fix note, a rejection or reopening reason). */
    public record Facts(String note) {
        public static final Facts NONE = new Facts("");

        boolean given() {
            return note != null && !note.isBlank();
        }
    }

    static final Guard<Facts> FIX_NOTE = Guard.of("fix note given", Facts::given, ErrorCode.QUALITY_NOTE_REQUIRED,
            f -> "a fix needs a note saying what was fixed");
    static final Guard<Facts> REASON = Guard.of("reason given", Facts::given, ErrorCode.QUALITY_NOTE_REQUIRED,
            f -> "this needs a reason");

    public static final TransitionTable<QualityState, QualityEvent, Facts> TABLE = TransitionTable
            .<QualityState, QualityEvent, Facts>builder("quality request", QualityState.class, QualityEvent.class)
            .initial(OPEN)
            .refusal(TransitionTable.illegalTransition(ErrorCode.QUALITY_ILLEGAL_TRANSITION, Enum::name))
            .on(OPEN, ACKNOWLEDGE).to(ACKNOWLEDGED).audit("quality.acknowledge").add()
            .on(OPEN, REJECT).to(REJECTED).when(REASON).audit("quality.reject").add()
            .on(OPEN, WITHDRAW).to(WITHDRAWN).audit("quality.withdraw").add()
            .on(OPEN, DEADLINE_PASSED).stays().audit("quality.overdue").add()
            .on(ACKNOWLEDGED, FIX).to(FIXED).when(FIX_NOTE).audit("quality.fix").add()
            .on(ACKNOWLEDGED, REJECT).to(REJECTED).when(REASON).audit("quality.reject").add()
            .on(ACKNOWLEDGED, DEADLINE_PASSED).stays().audit("quality.overdue").add()
            .on(FIXED, CONFIRM).to(CONFIRMED).audit("quality.confirm").add()
            .on(FIXED, REOPEN).to(ACKNOWLEDGED).when(REASON).audit("quality.reopen").add()
            .on(REJECTED, CONFIRM).to(CONFIRMED).audit("quality.confirm").add()
            .on(REJECTED, REOPEN).to(ACKNOWLEDGED).when(REASON).audit("quality.reopen").add()
            .build();

    private QualityLifecycle() {}

    /** Where every request starts. */
    public static QualityState initial() {
        return TABLE.initials().iterator().next();
    }

    /** The states that wait for the provider and run against the deadline: those the scheduler's event applies to. */
    public static Set<QualityState> awaitingProvider() {
        EnumSet<QualityState> out = EnumSet.noneOf(QualityState.class);
        Arrays.stream(QualityState.values()).filter(s -> TABLE.allows(s, DEADLINE_PASSED)).forEach(out::add);
        return out;
    }

    /** The states that wait for the operator: those it confirms from. */
    public static Set<QualityState> awaitingOperator() {
        EnumSet<QualityState> out = EnumSet.noneOf(QualityState.class);
        Arrays.stream(QualityState.values()).filter(s -> TABLE.allows(s, CONFIRM)).forEach(out::add);
        return out;
    }
}
