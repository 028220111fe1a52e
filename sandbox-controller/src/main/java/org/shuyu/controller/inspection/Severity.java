package org.shuyu.controller.inspection;

import java.util.Arrays;
import java.util.Optional;

/** How serious a finding is. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public static Optional<Severity> parse(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
    }
}
