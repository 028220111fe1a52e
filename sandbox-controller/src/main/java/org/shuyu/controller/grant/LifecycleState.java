package org.shuyu.controller.grant;

/**
 * Every state of the authorized-operation life cycle, across its three phases: the data
 * lab, the formal application and the grant. Labs, applications and grants each hold one of these, and
 * move only through {@link GrantLifecycle}.
 */
public enum LifecycleState {
    LAB_REQUESTED(Phase.LAB, false, false),
    LAB_ACTIVE(Phase.LAB, false, true),
    LAB_REJECTED(Phase.LAB, true, false),
    /** The lab's term is over: access closed, the evaluation report still to be issued. */
    LAB_ENDED(Phase.LAB, false, false),
    /** The evaluation report has been issued. */
    LAB_COMPLETED(Phase.LAB, true, false),

    APP_DRAFT(Phase.APPLICATION, false, false),
    APP_SUBMITTED(Phase.APPLICATION, false, false),
    APP_UNDER_REVIEW(Phase.APPLICATION, false, false),
    APP_DELIBERATED(Phase.APPLICATION, false, false),
    APP_APPROVED(Phase.APPLICATION, false, false),
    APP_REJECTED(Phase.APPLICATION, true, false),
    APP_WITHDRAWN(Phase.APPLICATION, true, false),
    /** The agreement is signed: the application became a grant. */
    APP_GRANTED(Phase.APPLICATION, true, false),

    /** Agreement signed, not yet active (needs an emergency plan, R-25). */
    GRANT_AGREED(Phase.GRANT, false, false),
    GRANT_ACTIVE(Phase.GRANT, false, true),
    /** Suspended for a violation, with a rectification deadline (R-17b). */
    GRANT_SUSPENDED(Phase.GRANT, false, false),
    GRANT_RECTIFICATION_REPORTED(Phase.GRANT, false, false),
    GRANT_RECTIFICATION_OVERDUE(Phase.GRANT, false, false),
    GRANT_TERMINATED(Phase.GRANT, true, false),
    GRANT_REVOKED(Phase.GRANT, true, false),
    GRANT_EXPIRED(Phase.GRANT, true, false);

    public enum Phase { LAB, APPLICATION, GRANT }

    private final Phase phase;
    private final boolean terminal;
    private final boolean accessOpen;

    LifecycleState(Phase phase, boolean terminal, boolean accessOpen) {
        this.phase = phase;
        this.terminal = terminal;
        this.accessOpen = accessOpen;
    }

    public Phase phase() {
        return phase;
    }

    /** No event leaves this state. */
    public boolean terminal() {
        return terminal;
    }

    /** Whether the operator's people may use the platform (workspace, jobs) in this state. */
    public boolean accessOpen() {
        return accessOpen;
    }

    /** The state's name within its phase, as the API shows it: {@code GRANT_ACTIVE} is {@code ACTIVE}. */
    public String shortName() {
        return name().substring(name().indexOf('_') + 1);
    }
}
