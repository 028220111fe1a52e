package org.shuyu.controller.exchange;

/**
 * A listed product's recommendation to a partner data exchange (R-19c, article 19: "择优推荐到相关合作数据交易平台进行登记交易"):
 * RECOMMENDED (filed by the operator's accountable person or the authority) → SUBMITTED (the authority exported the
 * registration record to the exchange; its SHA-256 is kept) → REGISTERED (the exchange's registration number) or
 * REJECTED (with the reason; also the authority's refusal to forward it); WITHDRAWN before the exchange answers.
 * REGISTERED, REJECTED and WITHDRAWN are final. The transitions are {@link ExchangeLifecycle}'s table.
 */
public enum ExchangeState {
    RECOMMENDED,
    SUBMITTED,
    REGISTERED,
    REJECTED,
    WITHDRAWN;

    /** Whether nothing can happen to it any more. */
    public boolean terminal() {
        return ExchangeLifecycle.TABLE.finalStates().contains(this);
    }
}
