package org.shuyu.lineage;

import static java.util.Objects.requireNonNull;

/** A lineage operation was refused or failed; {@link #code()} says how. */
public final class LineageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final LineageErrorCode code;

    public LineageException(LineageErrorCode code, String message) {
        super(code.name() + ": " + requireNonNull(message, "message is null"));
        this.code = code;
    }

    public LineageException(LineageErrorCode code, String message, Throwable cause) {
        super(code.name() + ": " + requireNonNull(message, "message is null"), cause);
        this.code = code;
    }

    public LineageErrorCode code() {
        return code;
    }
}
