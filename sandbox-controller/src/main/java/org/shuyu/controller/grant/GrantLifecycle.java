package org.shuyu.controller.grant;

import static org.shuyu.controller.grant.LifecycleEvent.*;
import static org.shuyu.controller.grant.LifecycleState.*;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.workflow.Guard;
import org.shuyu.controller.workflow.Transition;
import org.shuyu.controller.workflow.TransitionTable;

/**
 * THE transition table of the life cycle: for each state, the events it accepts, the state each leads to, the
 * conditions beyond the state that the move needs (guards, each refusing with its own code) and the audit action the
 * service records for it. A self-transition (same state) marks an action that is allowed in that state without moving
 * it. Preconditions that need more than the subject itself (the clock, the caller, other records) stay in the
 * services, which apply an event only through this table. The diagram in docs/workflows.md is generated from it.
 *
 * <p>The guards look at the subject moving (a {@link Lab}, {@link Application} or {@link Grant}) or, to end a grant by
 * decision, at an {@link EndByDecision}; the phases never cross, so a row's guard always gets the type it names.
 */
public final class GrantLifecycle {
    /** a grant becomes active only with an emergency plan on file. */
    static final Guard<Object> EMERGENCY_PLAN_TO_ACTIVATE = guard(Grant.class, "emergency plan",
            grant -> grant.emergencyPlan().isPresent(), ErrorCode.EMERGENCY_PLAN_MISSING,
            grant -> "grant " + grant.id() + " cannot become active without an emergency plan (R-25)");
    /** a drill exercises the emergency plan on file. */
    static final Guard<Object> EMERGENCY_PLAN_TO_DRILL = guard(Grant.class, "emergency plan",
            grant -> grant.emergencyPlan().isPresent(), ErrorCode.EMERGENCY_PLAN_MISSING,
            grant -> "grant " + grant.id() + " has no emergency plan to drill (R-25)");
    /** an application is submitted with all five materials. */
    static final Guard<Object> FIVE_MATERIALS = guard(Application.class, "five materials",
            application -> missingMaterials(application).isEmpty(), ErrorCode.MATERIALS_INCOMPLETE,
            application -> "an application needs all five materials of R-13 before submission; missing: "
                    + missingMaterials(application));
    /** deliberation follows at least one expert review and one sector review. */
    static final Guard<Object> EXPERT_AND_SECTOR_REVIEW = guard(Application.class, "expert and sector review",
            application -> reviewed(application, Application.ReviewerKind.EXPERT)
                    && reviewed(application, Application.ReviewerKind.SECTOR), ErrorCode.REVIEW_INCOMPLETE,
            application -> "deliberation needs at least one expert review and one sector review (R-14); have expert="
                    + reviewed(application, Application.ReviewerKind.EXPERT) + ", sector="
                    + reviewed(application, Application.ReviewerKind.SECTOR));
    /** a grant is terminated or revoked on an approved, unused decision of the body of its level. */
    static final Guard<Object> APPROVED_DECISION = guard(EndByDecision.class, "approved decision",
            EndByDecision::usable, ErrorCode.DECISION_REQUIRED,
            end -> "to " + end.kind().name().toLowerCase() + " grant " + end.grant().id() + " name an approved, unused "
                    + end.kind() + " decision of the coordination body of its level (R-05)"
                    + end.decisionId().map(id -> "; " + id + " is not one").orElse(""));

    /** Labs, applications and grants: one enum, three phases that never cross (checked at class load). */
    public static final TransitionTable<LifecycleState, LifecycleEvent, Object> TABLE = TransitionTable
            .<LifecycleState, LifecycleEvent, Object>builder("grant life cycle", LifecycleState.class, LifecycleEvent.class)
            .initial(LAB_REQUESTED).initial(APP_DRAFT).initial(GRANT_AGREED)
            .refusal(TransitionTable.illegalTransition(ErrorCode.ILLEGAL_TRANSITION,
                    state -> state.shortName() + " (" + state.phase().name().toLowerCase() + ")"))
            .on(LAB_REQUESTED, APPROVE_LAB).to(LAB_ACTIVE).audit("lab.approve").add()
            .on(LAB_REQUESTED, REJECT_LAB).to(LAB_REJECTED).audit("lab.reject").add()
            .on(LAB_ACTIVE, END_LAB_TERM).to(LAB_ENDED).audit("lab.end-term").add()
            .on(LAB_ACTIVE, COMPLETE_LAB).to(LAB_COMPLETED).audit("lab.complete").add()
            .on(LAB_ENDED, COMPLETE_LAB).to(LAB_COMPLETED).audit("lab.complete").add()

            .on(APP_DRAFT, PROVIDE_MATERIAL).stays().audit("application.material").add()
            .on(APP_DRAFT, SUBMIT).to(APP_SUBMITTED).when(FIVE_MATERIALS).audit("application.submit").add()
            .on(APP_DRAFT, WITHDRAW).to(APP_WITHDRAWN).audit("application.withdraw").add()
            .on(APP_SUBMITTED, RECORD_REVIEW).to(APP_UNDER_REVIEW).audit("application.review").add()
            .on(APP_SUBMITTED, REJECT).to(APP_REJECTED).add()
            .on(APP_SUBMITTED, WITHDRAW).to(APP_WITHDRAWN).audit("application.withdraw").add()
            .on(APP_UNDER_REVIEW, RECORD_REVIEW).stays().audit("application.review").add()
            .on(APP_UNDER_REVIEW, DELIBERATE).to(APP_DELIBERATED).when(EXPERT_AND_SECTOR_REVIEW)
                    .audit("application.deliberate").add()
            .on(APP_UNDER_REVIEW, REJECT).to(APP_REJECTED).add()
            .on(APP_UNDER_REVIEW, WITHDRAW).to(APP_WITHDRAWN).audit("application.withdraw").add()
            .on(APP_DELIBERATED, APPROVE).to(APP_APPROVED).audit("application.approve").add()
            .on(APP_DELIBERATED, REJECT).to(APP_REJECTED).audit("application.reject").add()
            .on(APP_APPROVED, SIGN_AGREEMENT).to(APP_GRANTED).audit("grant.create").add()

            .on(GRANT_AGREED, SET_EMERGENCY_PLAN).stays().audit("grant.emergency-plan").add()
            .on(GRANT_AGREED, MANAGE_MEMBERS).stays().add()
            .on(GRANT_AGREED, ACTIVATE).to(GRANT_ACTIVE).when(EMERGENCY_PLAN_TO_ACTIVATE).audit("grant.activate").add()
            .on(GRANT_AGREED, RECORD_DECISION).stays().audit("grant.decision").add()
            .on(GRANT_AGREED, REVOKE).to(GRANT_REVOKED).when(APPROVED_DECISION).audit("grant.revoke").add()
            .on(GRANT_AGREED, EXPIRE).to(GRANT_EXPIRED).audit("grant.expire").add()
            .on(GRANT_ACTIVE, SET_EMERGENCY_PLAN).stays().audit("grant.emergency-plan").add()
            .on(GRANT_ACTIVE, RECORD_DRILL).stays().when(EMERGENCY_PLAN_TO_DRILL).audit("grant.drill").add()
            .on(GRANT_ACTIVE, MANAGE_MEMBERS).stays().add()
            .on(GRANT_ACTIVE, SUSPEND).to(GRANT_SUSPENDED).audit("grant.suspend").add()
            .on(GRANT_ACTIVE, RECORD_DECISION).stays().audit("grant.decision").add()
            .on(GRANT_ACTIVE, TERMINATE).to(GRANT_TERMINATED).when(APPROVED_DECISION).audit("grant.terminate").add()
            .on(GRANT_ACTIVE, REVOKE).to(GRANT_REVOKED).when(APPROVED_DECISION).audit("grant.revoke").add()
            .on(GRANT_ACTIVE, EXPIRE).to(GRANT_EXPIRED).audit("grant.expire").add()
            .on(GRANT_SUSPENDED, SET_EMERGENCY_PLAN).stays().audit("grant.emergency-plan").add()
            .on(GRANT_SUSPENDED, RECORD_DRILL).stays().when(EMERGENCY_PLAN_TO_DRILL).audit("grant.drill").add()
            .on(GRANT_SUSPENDED, MANAGE_MEMBERS).stays().add()
            .on(GRANT_SUSPENDED, REPORT_RECTIFICATION).to(GRANT_RECTIFICATION_REPORTED).audit("grant.rectification").add()
            .on(GRANT_SUSPENDED, DEADLINE_PASSED).to(GRANT_RECTIFICATION_OVERDUE).audit("grant.rectification-overdue").add()
            .on(GRANT_SUSPENDED, RECORD_DECISION).stays().audit("grant.decision").add()
            .on(GRANT_SUSPENDED, TERMINATE).to(GRANT_TERMINATED).when(APPROVED_DECISION).audit("grant.terminate").add()
            .on(GRANT_SUSPENDED, REVOKE).to(GRANT_REVOKED).when(APPROVED_DECISION).audit("grant.revoke").add()
            .on(GRANT_SUSPENDED, EXPIRE).to(GRANT_EXPIRED).audit("grant.expire").add()
            .on(GRANT_RECTIFICATION_REPORTED, SET_EMERGENCY_PLAN).stays().audit("grant.emergency-plan").add()
            .on(GRANT_RECTIFICATION_REPORTED, RECORD_DRILL).stays().when(EMERGENCY_PLAN_TO_DRILL).audit("grant.drill").add()
            .on(GRANT_RECTIFICATION_REPORTED, MANAGE_MEMBERS).stays().add()
            .on(GRANT_RECTIFICATION_REPORTED, REPORT_RECTIFICATION).stays().audit("grant.rectification").add()
            .on(GRANT_RECTIFICATION_REPORTED, REINSTATE).to(GRANT_ACTIVE).audit("grant.reinstate").add()
            .on(GRANT_RECTIFICATION_REPORTED, RECORD_DECISION).stays().audit("grant.decision").add()
            .on(GRANT_RECTIFICATION_REPORTED, TERMINATE).to(GRANT_TERMINATED).when(APPROVED_DECISION).audit("grant.terminate").add()
            .on(GRANT_RECTIFICATION_REPORTED, REVOKE).to(GRANT_REVOKED).when(APPROVED_DECISION).audit("grant.revoke").add()
            .on(GRANT_RECTIFICATION_REPORTED, EXPIRE).to(GRANT_EXPIRED).audit("grant.expire").add()
            .on(GRANT_RECTIFICATION_OVERDUE, MANAGE_MEMBERS).stays().add()
            .on(GRANT_RECTIFICATION_OVERDUE, RECORD_DECISION).stays().audit("grant.decision").add()
            .on(GRANT_RECTIFICATION_OVERDUE, TERMINATE).to(GRANT_TERMINATED).when(APPROVED_DECISION).audit("grant.terminate").add()
            .on(GRANT_RECTIFICATION_OVERDUE, REVOKE).to(GRANT_REVOKED).when(APPROVED_DECISION).audit("grant.revoke").add()
            .on(GRANT_RECTIFICATION_OVERDUE, EXPIRE).to(GRANT_EXPIRED).audit("grant.expire").add()
            .build();

    /** The grant states in which a grant still holds its scenario and runs (one scenario, one grant: R-25). */
    public static final Set<LifecycleState> LIVE = EnumSet.copyOf(Arrays.stream(LifecycleState.values())
            .filter(s -> s.phase() == Phase.GRANT && !TABLE.finalStates().contains(s)).toList());

    static {
        TABLE.all().forEach(t -> {
            if (t.from().phase() != t.to().phase()) {
                throw new IllegalStateException(t.from() + " --" + t.event() + "--> " + t.to() + " crosses phases");
            }
        });
    }

    private GrantLifecycle() {}

    /**
     * What a guard of TERMINATE or REVOKE looks at: the grant, the kind of decision the event needs, and the decision
     * the caller named (empty when none was named or none with that id exists).
     */
    public record EndByDecision(Grant grant, Grant.DecisionKind kind, Optional<String> decisionId,
                                Optional<Grant.Decision> decision) {
        /** The named decision is one of this grant, of this kind, approved and not yet executed. */
        boolean usable() {
            return decision.filter(d -> d.grantId().equals(grant.id()) && d.kind() == kind
                    && d.state() == Grant.DecisionState.APPROVED).isPresent();
        }
    }

    /** The state {@code event} leads to from {@code state}, if the table allows it. */
    public static Optional<LifecycleState> target(LifecycleState state, LifecycleEvent event) {
        return TABLE.target(state, event);
    }

    /** The state {@code event} leads to; ILLEGAL_TRANSITION (409) with the reason if the table does not allow it. Guards are not run. */
    public static LifecycleState next(LifecycleState state, LifecycleEvent event) {
        return TABLE.next(state, event);
    }

    /** The transition of {@code event} after its guards hold for {@code subject}; the table's or the guard's refusal otherwise. */
    public static Transition<LifecycleState, LifecycleEvent, Object> apply(LifecycleState state, LifecycleEvent event,
                                                                          Object subject) {
        return TABLE.apply(state, event, subject);
    }

    /** Whether the table allows {@code event} in {@code state} (guards aside). */
    public static boolean allows(LifecycleState state, LifecycleEvent event) {
        return TABLE.allows(state, event);
    }

    /**
     * Whether an application is still collecting reviews (RECORD_REVIEW is allowed): it cannot be deliberated to
     * approve without its reviews, nor approved before its deliberation.
     */
    public static boolean inReview(LifecycleState state) {
        return TABLE.allows(state, RECORD_REVIEW);
    }

    /** The states in which {@code event} is allowed. */
    public static Set<LifecycleState> statesAllowing(LifecycleEvent event) {
        EnumSet<LifecycleState> states = EnumSet.noneOf(LifecycleState.class);
        TABLE.all().stream().filter(t -> t.event() == event).forEach(t -> states.add(t.from()));
        return states;
    }

    /** The events {@code state} accepts. */
    public static Map<LifecycleEvent, LifecycleState> transitions(LifecycleState state) {
        return TABLE.transitions(state);
    }

    /** The audit action the table names for {@code event} in {@code state} (the event must be allowed there). */
    public static String auditAction(LifecycleState state, LifecycleEvent event) {
        return TABLE.require(state, event).auditAction()
                .orElseThrow(() -> new IllegalStateException(state + " --" + event + " names no audit action"));
    }

    private static Set<MaterialKind> missingMaterials(Application application) {
        Set<MaterialKind> missing = EnumSet.allOf(MaterialKind.class);
        missing.removeAll(application.materials().keySet());
        return missing;
    }

    private static boolean reviewed(Application application, Application.ReviewerKind kind) {
        return application.reviews().stream().anyMatch(r -> r.kind() == kind);
    }

    /** A guard on one kind of subject; given another, it is a programming error (the phases never cross). */
    private static <T> Guard<Object> guard(Class<T> type, String name, Predicate<T> test, ErrorCode code,
                                           Function<T, String> message) {
        return Guard.of(name, subject -> test.test(as(type, subject)), code, subject -> message.apply(as(type, subject)));
    }

    private static <T> T as(Class<T> type, Object subject) {
        if (!type.isInstance(subject)) {
            throw new IllegalArgumentException("this guard looks at a " + type.getSimpleName() + ", not at " + subject);
        }
        return type.cast(subject);
    }
}
