package org.shuyu.policy;

import java.util.regex.Pattern;

/**
 * Checks on the names that become Ranger resource values. Every value the compiler emits is a plain name with no
 * Ranger wildcard ({@code *}, {@code ?}) and no path tricks, so a policy can never match more than what it names.
 */
final class Names {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern DATASET_ID = Pattern.compile("[a-z0-9_]+\\.[a-z0-9_]+");
    private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9._@+=,-]+");

    private Names() {}

    static String identifier(String value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " is null");
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match [A-Za-z0-9_]+, was '" + value + "'");
        }
        return value;
    }

    static String datasetId(String value) {
        if (value == null) {
            throw new NullPointerException("dataset id is null");
        }
        if (!DATASET_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("dataset id must be namespace.table in [a-z0-9_], was '" + value + "'");
        }
        return value;
    }

    static String nonBlank(String value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " is null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
        return value;
    }

    /**
     * An absolute directory path without a trailing slash: segments of letters, digits and {@code ._@+=,-}, never
     * {@code .} or {@code ..}, and never the root itself.
     */
    static String storagePath(String value) {
        if (value == null) {
            throw new NullPointerException("storagePath is null");
        }
        String path = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("storagePath must be an absolute directory below /, was '" + value + "'");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (!PATH_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("storagePath has a bad segment '" + segment + "': '" + value + "'");
            }
        }
        return path;
    }
}
