package org.shuyu.runtime.contract;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

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

    /** A workspace database name: text that is an identifier in lower case. */
    static String workspaceDatabase(String value, String field) {
        text(value, field);
        if (!RuntimeLimits.isIdentifier(value.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(field + " '" + value + "' is not an identifier");
        }
        return value;
    }

    /** The controller's base URL: text with scheme http or https. */
    static String httpUrl(String value, String field) {
        text(value, field);
        String scheme = URI.create(value).getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(field + " must be http(s)");
        }
        return value;
    }

    /** How often policies are polled and how stale they may get: at least the minimum, staleness at least the poll. */
    static void policyTiming(long pollMillis, long maxStalenessMillis) {
        if (pollMillis < RuntimeLimits.MIN_POLICY_POLL_MILLIS || maxStalenessMillis < pollMillis) {
            throw new IllegalArgumentException("policyPollMillis must be >= " + RuntimeLimits.MIN_POLICY_POLL_MILLIS
                    + " and <= policyMaxStalenessMillis");
        }
    }
}
