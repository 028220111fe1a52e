package org.shuyu.controller.error;

import static java.util.Objects.requireNonNull;

/** The one exception type the controller's features throw: a stable code and a message a person can act on. */
public class SandboxException extends RuntimeException {
    private final ErrorCode code;

    public SandboxException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public SandboxException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    public static SandboxException notFound(String what, String id) {
        return new SandboxException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist");
    }

    public static SandboxException invalid(String message) {
        return new SandboxException(ErrorCode.INVALID_REQUEST, message);
    }
}
