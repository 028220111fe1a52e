package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.lineage.LineageDeliveryException;
import org.shuyu.runtime.contract.RuntimeStatus;

/**
 * The status a failed or refused statement reports, the same for a batch job's step (JobMain) and a warm engine's
 * statement: lineage delivery failures with their own code, refusals with the runtime's own (value-free) text,
 * everything else through {@link SafeMessages}; every message redacted of the given secrets and kept to one line.
 */
public final class Outcomes {
    private static final int MAX_MESSAGE = 2000;

    private final SafeMessages scrubber;
    private final List<String> secrets;

    /** {@code secrets}: values that must never appear in a message (mask salt, credentials); blanks are ignored. */
    public Outcomes(SafeMessages scrubber, Collection<String> secrets) {
        this.scrubber = requireNonNull(scrubber, "scrubber is null");
        this.secrets = requireNonNull(secrets, "secrets is null").stream()
                .filter(s -> s != null && !s.isBlank()).toList();
    }

    /** The status of statement (step) {@code step} that ended with {@code e}. */
    public RuntimeStatus of(Throwable e, int step) {
        if (e instanceof LineageDeliveryException delivery) {
            // START not stored (the statement did not run) or COMPLETE not stored (it ran; outputs quarantined).
            return failed(delivery.code(), delivery.getMessage(), Optional.of(step));
        }
        // The step itself failed; if even its FAIL event could not be delivered, say so too.
        String lineageNote = LineageDeliveryException.find(e)
                .map(d -> " (and its lineage FAIL event was not stored: " + d.getMessage() + ")").orElse("");
        Optional<EnforcementException> refusal = EnforcementException.find(e);
        if (refusal.isPresent()) {
            // The runtime's own refusal texts name users, accesses, tables, columns and settings, never values.
            return new RuntimeStatus(RuntimeStatus.State.REFUSED, refusal.get().code().name(),
                    redact(refusal.get().getMessage() + lineageNote), Optional.of(step));
        }
        Optional<SnapshotTooLargeException> tooLarge = SnapshotTooLargeException.find(e);
        if (tooLarge.isPresent()) {
            return failed(JobsErrorCode.SNAPSHOT_TOO_LARGE, tooLarge.get().getMessage() + lineageNote,
                    Optional.of(step));
        }
        // No free text of Spark or the JVM: the error condition with verified parameters only.
        SafeMessages.Failure failure = scrubber.failure(e, JobsErrorCode.STEP_FAILED);
        return failed(failure.code(), failure.message() + lineageNote, Optional.of(step));
    }

    /** A FAILED status with a redacted message. */
    public RuntimeStatus failed(JobsErrorCode code, String message, Optional<Integer> step) {
        return new RuntimeStatus(RuntimeStatus.State.FAILED, code.name(), redact(message), step);
    }

    /** Messages may quote plans: never let a secret through, and keep one readable line. */
    public String redact(String message) {
        String out = message == null ? "" : message;
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        out = out.replaceAll("\\s*\\R\\s*", " ").trim();
        return out.length() > MAX_MESSAGE ? out.substring(0, MAX_MESSAGE) + "..." : out;
    }
}
