package org.shuyu.jobs.authz;

import java.util.Map;
import org.apache.spark.BreakingChangeInfo;
import org.apache.spark.QueryContext;
import org.apache.spark.SparkThrowable;

import static java.util.Objects.requireNonNull;

import org.shuyu.jobs.JobsErrorCode;

/**
 * A refusal by the enforcement layer: a code and a one-line reason a person can act on. Deliberately not an
 * {@code AnalysisException}, so no Spark code path that recovers from analysis errors can swallow it. It is a
 * {@link SparkThrowable} whose condition is its code, so a transport that reports Spark conditions (Spark Connect's
 * error details) carries the code to the client; every lookup Spark would do in its own error-class table is answered
 * here (the codes are not Spark's conditions).
 */
public final class EnforcementException extends RuntimeException implements SparkThrowable {
    private static final long serialVersionUID = 1L;

    private final JobsErrorCode code;
    private final boolean policyChanged;

    public EnforcementException(JobsErrorCode code, String message) {
        this(code, message, false);
    }

    private EnforcementException(JobsErrorCode code, String message, boolean policyChanged) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        this.policyChanged = policyChanged;
        if (!code.isRefusal()) {
            throw new IllegalArgumentException(code + " is not a refusal code");
        }
    }

    public EnforcementException(JobsErrorCode code, String message, Throwable cause) {
        this(code, message);
        initCause(cause);
    }

    /**
     * The policies changed between rewriting a statement and checking it (a policy update arrived in between):
     * {@code AUTHORIZATION_ERROR}, but nothing ran, so the statement may simply be analysed again.
     */
    public static EnforcementException policyChanged(String message) {
        return new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR, message, true);
    }

    public JobsErrorCode code() {
        return code;
    }

    @Override
    public String getCondition() {
        return code.name();
    }

    @Override
    @SuppressWarnings("deprecation")
    public String getErrorClass() {
        return code.name();
    }

    /** SQLSTATE 42000: syntax error or access rule violation. */
    @Override
    public String getSqlState() {
        return "42000";
    }

    @Override
    public boolean isInternalError() {
        return false;
    }

    @Override
    public Map<String, String> getMessageParameters() {
        return Map.of();
    }

    @Override
    public String getDefaultMessageTemplate() {
        return getMessage();
    }

    @Override
    public BreakingChangeInfo getBreakingChangeInfo() {
        return null;
    }

    @Override
    public QueryContext[] getQueryContext() {
        return new QueryContext[0];
    }

    public boolean isPolicyChanged() {
        return policyChanged;
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
