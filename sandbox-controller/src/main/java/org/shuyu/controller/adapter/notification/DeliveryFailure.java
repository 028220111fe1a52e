package org.shuyu.controller.adapter.notification;

/**
 * A channel could not deliver a notice. {@code reason} goes to the row's {@code last_error}: a status or an exception
 * type, never a response body or a message that could echo data. {@code unreachable}: the receiver could not be reached
 * at all, so the rest of the pass waits for the next one instead of timing out row by row.
 */
public class DeliveryFailure extends Exception {
    private final boolean unreachable;

    public DeliveryFailure(String reason, boolean unreachable) {
        super(reason);
        this.unreachable = unreachable;
    }

    public boolean unreachable() {
        return unreachable;
    }
}
