package org.shuyu.runtime.contract;

import java.nio.file.Path;
import java.util.List;

/** The validation the contract's records share; every failure is an {@link IllegalArgumentException} naming the field. */
final class Checks {
    private Checks() {}

    /** A non-empty string. */
    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a non-empty string");
        }
        return value;
    }

    static String identifier(String value, String field) {
        text(value, field);
        if (!RuntimeLimits.isIdentifier(value)) {
            throw new IllegalArgumentException(field + " '" + value + "' is not an identifier");
        }
        return value;
    }

    static Path absolute(Path value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        if (!value.isAbsolute()) {
            throw new IllegalArgumentException("'" + field + "' is not an absolute path");
        }
        return value;
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    /** A copy of the list; a null list is a missing field, a null element is refused. */
    static <T> List<T> list(List<T> values, String field) {
        present(values, field);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException("'" + field + "' has a null at index " + i);
            }
        }
        return List.copyOf(values);
    }
}
