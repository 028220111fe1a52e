package org.shuyu.policy;

import java.util.regex.Pattern;

/**
 * Checks on the names that become Ranger resource values. Every value the compiler emits is a plain name with no
 * Ranger wildcard ({@code *}, {@code ?}) and no path tricks, so a policy can never match more than what it names.
 */
final class Names {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern DATASET_ID = Pattern.compile("[a-z0-9_]+\\.[a-z0-9_]+");
    /** Characters a storage path may not hold: Ranger's wildcards, its token delimiters and escape, controls. */
    private static final Pattern PATH_FORBIDDEN = Pattern.compile("[*?{}\\\\\\p{Cntrl}]");

    private Names() {}

    static String identifier(String value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " is null");
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new PolicyException(PolicyErrorCode.INVALID_NAME,
                    what + " must match [A-Za-z0-9_]+, was '" + value + "'");
        }
        return value;
    }

    static String datasetId(String value) {
        if (value == null) {
            throw new NullPointerException("dataset id is null");
        }
        if (!DATASET_ID.matcher(value).matches()) {
            throw new PolicyException(PolicyErrorCode.INVALID_DATASET_ID,
                    "dataset id must be namespace.table in [a-z0-9_], was '" + value + "'");
        }
        return value;
    }

    static String nonBlank(String value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " is null");
        }
        if (value.isBlank()) {
            throw new PolicyException(PolicyErrorCode.INVALID_NAME, what + " is blank");
        }
        return value;
    }

    /**
     * An absolute directory path without a trailing slash: never the root itself, no empty, {@code .} or {@code ..}
     * segment, and none of Ranger's wildcards (asterisk, question mark), token delimiters (braces), its escape
     * character (backslash) or control characters, so the url policy matches exactly this directory and what is
     * below it.
     */
    static String storagePath(String value) {
        if (value == null) {
            throw new NullPointerException("storagePath is null");
        }
        String path = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        if (!path.startsWith("/") || path.length() < 2) {
            throw new PolicyException(PolicyErrorCode.INVALID_STORAGE_PATH,
                    "storagePath must be an absolute directory below /, was '" + value + "'");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || PATH_FORBIDDEN.matcher(segment).find()) {
                throw new PolicyException(PolicyErrorCode.INVALID_STORAGE_PATH,
                        "storagePath has a bad segment '" + segment + "': '" + value + "'");
            }
        }
        return path;
    }
}
