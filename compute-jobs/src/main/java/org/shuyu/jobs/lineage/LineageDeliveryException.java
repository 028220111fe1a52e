package org.shuyu.jobs.lineage;

import static java.util.Objects.requireNonNull;

import org.shuyu.jobs.JobsErrorCode;

/** A lineage event that was not stored: rejected by the controller, or not delivered before the deadline. */
public final class LineageDeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final JobsErrorCode code;

    public LineageDeliveryException(JobsErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        if (code != JobsErrorCode.LINEAGE_REJECTED && code != JobsErrorCode.LINEAGE_UNAVAILABLE) {
            throw new IllegalArgumentException(code + " is not a lineage delivery code");
        }
    }

    public JobsErrorCode code() {
        return code;
    }

    /** The delivery failure in {@code throwable}, its causes or their suppressed exceptions, if there is one. */
    public static java.util.Optional<LineageDeliveryException> find(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LineageDeliveryException delivery) {
                return java.util.Optional.of(delivery);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof LineageDeliveryException delivery) {
                    return java.util.Optional.of(delivery);
                }
            }
        }
        return java.util.Optional.empty();
    }
}
