package org.shuyu.controller.exchange;

/** What happens to an exchange recommendation (rows of {@link ExchangeLifecycle#TABLE}). */
public enum ExchangeEvent {
    /** The authority exports the registration record to the exchange. */
    SUBMIT,
    /** The authority records the exchange's registration number. */
    REGISTER,
    /** The authority records the exchange's refusal, or declines to forward the recommendation. */
    REJECT,
    /** The operator's accountable person or the authority takes the recommendation back. */
    WITHDRAW
}
