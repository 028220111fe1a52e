package org.shuyu.controller.workflow;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * A condition beyond the state that a transition needs (materials present, two independent reviews, a plan on file).
 * {@code name} is what the generated state diagram shows in brackets; a failed guard refuses the event with its
 * own code and message, and changes nothing.
 *
 * @param <C> what the guard looks at (the object moving through the workflow, or a command about it)
 */
public record Guard<C>(String name, Predicate<C> test, ErrorCode code, Function<C, String> message) {
    public Guard {
        requireNonNull(name, "name is null");
        requireNonNull(test, "test is null");
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("guard name is blank");
        }
    }

    public static <C> Guard<C> of(String name, Predicate<C> test, ErrorCode code, Function<C, String> message) {
        return new Guard<>(name, test, code, message);
    }

    /** The refusal this guard gives {@code context}, or empty when it holds. */
    public Optional<SandboxException> refusal(C context) {
        return test.test(context) ? Optional.empty() : Optional.of(new SandboxException(code, message.apply(context)));
    }
}
