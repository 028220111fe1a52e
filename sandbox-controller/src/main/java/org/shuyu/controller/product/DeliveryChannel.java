package org.shuyu.controller.product;

/** The ways a listed product leaves the platform; each call through either is checked, audited and metered. */
public enum DeliveryChannel {
    /** Arrow Flight {@code DoGet} (data interfaces). */
    FLIGHT,
    /** HTTP download of the frozen snapshot (data packages, reports, models). */
    DOWNLOAD
}
