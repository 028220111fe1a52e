package org.shuyu.cli.support;

/** The CLI's documented exit codes (docs/cli.md). Scripts can rely on them. */
public final class ExitCode {
    /** Done. */
    public static final int OK = 0;
    /** The server refused the request for a reason not listed below (400, 422, 5xx), or another error. */
    public static final int ERROR = 1;
    /** Bad usage: unknown command or flag, missing argument, unreadable or malformed input file. */
    public static final int USAGE = 2;
    /** Not logged in, or the login expired and could not be refreshed (401): run {@code shuyu login}. */
    public static final int UNAUTHENTICATED = 3;
    /** Logged in, but the role or membership does not allow it (403). */
    public static final int FORBIDDEN = 4;
    /** The object does not exist or is not visible to you (404). */
    public static final int NOT_FOUND = 5;
    /** A conflict: the state does not allow it (409), or someone changed the object since you read it (412). */
    public static final int CONFLICT = 6;
    /** The server could not be reached (connection refused, DNS, TLS, timeout). */
    public static final int UNREACHABLE = 7;
    /** The job or statement waited for ended FAILED or CANCELLED. */
    public static final int WORK_FAILED = 8;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}

    /** The exit code for an HTTP error status. */
    public static int forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409, 412 -> CONFLICT;
            default -> ERROR;
        };
    }
}
