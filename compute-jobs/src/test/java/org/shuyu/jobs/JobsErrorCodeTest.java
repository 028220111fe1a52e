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
            assertThat(code.isRefusal()).isEqualTo(code.number() < 4100);
        }
        assertThat(Set.of(JobsErrorCode.ACCESS_DENIED, JobsErrorCode.SETTING_LOCKED,
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE, JobsErrorCode.COMMAND_NOT_ALLOWED,
                JobsErrorCode.POLICY_UNAVAILABLE, JobsErrorCode.AUTHORIZATION_ERROR))
                .allMatch(JobsErrorCode::isRefusal);
    }
}
