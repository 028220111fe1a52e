package org.shuyu.controller.owndata;

import static org.shuyu.controller.owndata.OwnDataEvent.APPROVE;
import static org.shuyu.controller.owndata.OwnDataEvent.CHECKS_FAILED;
import static org.shuyu.controller.owndata.OwnDataEvent.CHECKS_PASSED;
import static org.shuyu.controller.owndata.OwnDataEvent.REJECT;
import static org.shuyu.controller.owndata.OwnDataEvent.WITHDRAW;
import static org.shuyu.controller.owndata.OwnDataState.DRAFT;
import static org.shuyu.controller.owndata.OwnDataState.IN_REVIEW;
import static org.shuyu.controller.owndata.OwnDataState.MATERIALIZED;
import static org.shuyu.controller.owndata.OwnDataState.REJECTED;
import static org.shuyu.controller.owndata.OwnDataState.WITHDRAWN;

import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.workflow.TransitionTable;

/**
 * THE transition table of the own-data import airlock (R-19c, docs/own-data.md). Who may fire an event (a member of
 * the grant's workspace, the data authority of the grant's jurisdiction) and whether the grant is active stay in
 * {@link OwnDataImports}; the table says which events each state accepts and what each is audited as.
 */
public final class OwnDataLifecycle {
    public static final TransitionTable<OwnDataState, OwnDataEvent, Void> TABLE = TransitionTable
            .<OwnDataState, OwnDataEvent, Void>builder("own-data import", OwnDataState.class, OwnDataEvent.class)
            .initial(DRAFT)
            .refusal(TransitionTable.illegalTransition(ErrorCode.ILLEGAL_OWN_DATA_TRANSITION, Enum::name))
            .on(DRAFT, CHECKS_PASSED).to(IN_REVIEW).audit("owndata.checks").add()
            .on(DRAFT, CHECKS_FAILED).to(REJECTED).audit("owndata.checks").add()
            .on(DRAFT, WITHDRAW).to(WITHDRAWN).audit("owndata.withdraw").add()
            .on(IN_REVIEW, APPROVE).to(MATERIALIZED).audit("owndata.approve").add()
            .on(IN_REVIEW, REJECT).to(REJECTED).audit("owndata.reject").add()
            .on(IN_REVIEW, WITHDRAW).to(WITHDRAWN).audit("owndata.withdraw").add()
            .build();

    private OwnDataLifecycle() {}
}
