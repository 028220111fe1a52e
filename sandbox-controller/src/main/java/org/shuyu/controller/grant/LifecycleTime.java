package org.shuyu.controller.grant;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** Dates of the life cycle (terms, deadlines by day) are Ningbo's. */
public final class LifecycleTime {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private LifecycleTime() {}

    /** Today in Ningbo by {@code clock}. */
    public static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZONE);
    }
}
