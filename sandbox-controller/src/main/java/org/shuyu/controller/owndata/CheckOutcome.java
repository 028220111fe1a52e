package org.shuyu.controller.owndata;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;

/**
 * The result of one automatic check of an own-data file: {@code check} is schema, size or identifying; a failure
 * carries its code and a message naming lines, columns, counts and pattern names, never a value.
 */
public record CheckOutcome(String check, boolean passed, Optional<ErrorCode> code, String message) {
    public CheckOutcome {
        requireNonNull(check, "check is null");
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        if (passed == code.isPresent()) {
            throw new IllegalArgumentException("a passed check has no code, a failed one has one");
        }
    }

    public static CheckOutcome passed(String check, String message) {
        return new CheckOutcome(check, true, Optional.empty(), message);
    }

    public static CheckOutcome failed(String check, ErrorCode code, String message) {
        return new CheckOutcome(check, false, Optional.of(code), message);
    }
}
