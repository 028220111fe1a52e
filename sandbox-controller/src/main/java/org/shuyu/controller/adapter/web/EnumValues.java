package org.shuyu.controller.adapter.web;

import java.util.Arrays;
import org.shuyu.controller.error.SandboxException;

/** Reads enum values from request fields with an error that lists the accepted values. */
final class EnumValues {
    private EnumValues() {}

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value != null) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value)) {
                    return constant;
                }
            }
        }
        throw SandboxException.invalid(field + " must be one of " + Arrays.toString(type.getEnumConstants())
                + ", got " + (value == null ? "nothing" : "'" + value + "'"));
    }
}
