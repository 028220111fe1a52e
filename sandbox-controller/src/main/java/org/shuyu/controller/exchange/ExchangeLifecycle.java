package org.shuyu.controller.exchange;

import static org.shuyu.controller.exchange.ExchangeEvent.*;
import static org.shuyu.controller.exchange.ExchangeState.*;

import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.workflow.Guard;
import org.shuyu.controller.workflow.TransitionTable;

/**
 * THE transition table of exchange recommendations (docs/exchange.md). The service asks it for every step; the
 * diagram in docs/workflows.md is generated from it. Role, jurisdiction and organization checks stay in the service.
 */
public final class ExchangeLifecycle {
    /** What the guards look at: whether the product is still listed when it is exported. */
    public record Facts(boolean productListed) {
        public static final Facts NONE = new Facts(false);
    }

    static final Guard<Facts> PRODUCT_STILL_LISTED = Guard.of("product still listed", Facts::productListed,
            ErrorCode.EXCHANGE_PRODUCT_NOT_LISTED, f -> "the product is no longer listed; it cannot be exported");

    public static final TransitionTable<ExchangeState, ExchangeEvent, Facts> TABLE = TransitionTable
            .<ExchangeState, ExchangeEvent, Facts>builder("exchange recommendation", ExchangeState.class,
                    ExchangeEvent.class)
            .initial(RECOMMENDED)
            .refusal(TransitionTable.illegalTransition(ErrorCode.ILLEGAL_EXCHANGE_TRANSITION, Enum::name))
            .on(RECOMMENDED, SUBMIT).to(SUBMITTED).when(PRODUCT_STILL_LISTED).audit("exchange.submit").add()
            .on(RECOMMENDED, REJECT).to(REJECTED).audit("exchange.reject").add()
            .on(RECOMMENDED, WITHDRAW).to(WITHDRAWN).audit("exchange.withdraw").add()
            .on(SUBMITTED, REGISTER).to(REGISTERED).audit("exchange.register").add()
            .on(SUBMITTED, REJECT).to(REJECTED).audit("exchange.reject").add()
            .on(SUBMITTED, WITHDRAW).to(WITHDRAWN).audit("exchange.withdraw").add()
            .build();

    /** The audit action of filing a recommendation (it is the table's initial state, not a row). */
    public static final String RECOMMEND_ACTION = "exchange.recommend";

    private ExchangeLifecycle() {}

    /** Where every recommendation starts. */
    public static ExchangeState initial() {
        return TABLE.initials().iterator().next();
    }
}
