package org.shuyu.runtime.contract;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Optional;

/**
 * How a run ended, as the runtime reports it ({@value RuntimeFiles#STATUS}): the state, a code ({@link #OK} or a
 * compute-jobs error code such as {@code ACCESS_DENIED} or {@code ORPHANED}), a message without data, and the 1-based
 * step it stopped at ({@code null} on the wire when none). The controller trusts SUCCEEDED only with exit code 0.
 */
@JsonPropertyOrder({"state", "code", "message", "step"})
public record RuntimeStatus(State state, String code, String message, Optional<Integer> step) {
    /** The code of a success. */
    public static final String OK = "OK";

    /** The states the runtime reports. */
    public enum State { SUCCEEDED, FAILED, REFUSED }

    public RuntimeStatus {
        Checks.present(state, "state");
        Checks.text(code, "code");
        Checks.present(message, "message");
        requireNonNull(step, "step is null");
        step.ifPresent(index -> {
            if (index < 1) {
                throw new IllegalArgumentException("step " + index + " is not a step number (1 or more)");
            }
        });
    }

    /** A success without a step. */
    public static RuntimeStatus succeeded(String message) {
        return new RuntimeStatus(State.SUCCEEDED, OK, message, Optional.empty());
    }

    /** The exit code that goes with this status. */
    public RuntimeExit exit() {
        return switch (state) {
            case SUCCEEDED -> RuntimeExit.SUCCEEDED;
            case FAILED -> RuntimeExit.FAILED;
            case REFUSED -> RuntimeExit.REFUSED;
        };
    }
}
