package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

/** The state given to the compiler is invalid; {@link #code()} says how. */
public final class PolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final PolicyErrorCode code;

    public PolicyException(PolicyErrorCode code, String message) {
        super(code.name() + ": " + requireNonNull(message, "message is null"));
        this.code = code;
    }

    public PolicyErrorCode code() {
        return code;
    }
}
