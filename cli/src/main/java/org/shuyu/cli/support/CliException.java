package org.shuyu.cli.support;

/**
 * A failure the CLI itself detected (a missing file, malformed YAML, no login): printed as one line
 * {@code error: <code>: <message>} and the process exits with {@link #exitCode()}. Never shows a stack trace.
 */
public class CliException extends RuntimeException {
    private final int exitCode;
    private final String code;

    public CliException(int exitCode, String code, String message) {
        super(message);
        this.exitCode = exitCode;
        this.code = code;
    }

    public CliException(int exitCode, String code, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.code = code;
    }

    public int exitCode() {
        return exitCode;
    }

    /** A stable, upper-case code such as {@code FILE_NOT_FOUND} or {@code NOT_LOGGED_IN}. */
    public String code() {
        return code;
    }

    public static CliException usage(String code, String message) {
        return new CliException(ExitCode.USAGE, code, message);
    }
}
