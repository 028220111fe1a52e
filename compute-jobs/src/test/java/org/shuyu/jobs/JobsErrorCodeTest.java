package org.shuyu.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobsErrorCodeTest {
    @Test
    void everyCodeHasAUniqueNumberInTheJobsRangeAndAnExplicitCategory() {
        Set<Integer> numbers = new HashSet<>();
        for (JobsErrorCode code : JobsErrorCode.values()) {
            assertThat(numbers.add(code.number())).as("unique number of " + code).isTrue();
            assertThat(code.number()).isBetween(4000, 4999);
            // 40xx are refusals, 41xx failures; the two refusals added with issue 14 had to take 41xx numbers.
            boolean laterRefusal = code == JobsErrorCode.READ_OPTIONS_NOT_ALLOWED
                    || code == JobsErrorCode.ACCESS_REVOKED;
            assertThat(code.isRefusal()).as(code.name()).isEqualTo(code.number() < 4100 || laterRefusal);
        }
        assertThat(Set.of(JobsErrorCode.ACCESS_DENIED, JobsErrorCode.SETTING_LOCKED,
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE, JobsErrorCode.COMMAND_NOT_ALLOWED,
                JobsErrorCode.POLICY_UNAVAILABLE, JobsErrorCode.AUTHORIZATION_ERROR))
                .allMatch(JobsErrorCode::isRefusal);
    }
}
