package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import org.shuyu.jobs.JobsErrorCode;

/**
 * A refusal by the enforcement layer: a code and a one-line reason a person can act on. Deliberately not an
 * {@code AnalysisException}, so no Spark code path that recovers from analysis errors can swallow it.
 */
public final class EnforcementException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final JobsErrorCode code;

    public EnforcementException(JobsErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        if (!code.isRefusal()) {
            throw new IllegalArgumentException(code + " is not a refusal code");
        }
    }

    public EnforcementException(JobsErrorCode code, String message, Throwable cause) {
        this(code, message);
        initCause(cause);
    }

    public JobsErrorCode code() {
        return code;
    }

    /** The refusal in {@code throwable} or any of its causes, if there is one. */
    public static java.util.Optional<EnforcementException> find(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t instanceof EnforcementException refusal) {
                return java.util.Optional.of(refusal);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof EnforcementException refusal) {
                    return java.util.Optional.of(refusal);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return java.util.Optional.empty();
    }
}
