package org.shuyu.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.authz.EnforcementException;

/** Asserts a refusal: the right code and a message that names what was refused. */
public final class Refusals {
    /** Something that must be refused. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws Exception;
    }

    private Refusals() {
    }

    public static EnforcementException assertRefused(Attempt attempt, JobsErrorCode code, String... fragments) {
        try {
            attempt.run();
        } catch (Throwable t) {
            EnforcementException refusal = EnforcementException.find(t).orElse(null);
            if (refusal == null) {
                throw new AssertionError("expected a refusal " + code + " but got " + t, t);
            }
            assertThat(refusal.code()).as("code of: " + refusal.getMessage()).isEqualTo(code);
            for (String fragment : fragments) {
                assertThat(refusal.getMessage()).containsIgnoringCase(fragment);
            }
            assertThat(refusal.getMessage()).doesNotContain("\n");
            return refusal;
        }
        return fail("expected a refusal " + code + " but it was allowed");
    }
}
