package org.shuyu.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineageErrorCodeTest {
    @Test
    void everyCodeHasAUniqueNumberInTheLineageRangeAndACategory() {
        Set<Integer> numbers = new HashSet<>();
        for (LineageErrorCode code : LineageErrorCode.values()) {
            assertThat(code.number()).as(code.name()).isBetween(3000, 3999);
            assertThat(numbers.add(code.number())).as("number of " + code + " is unique").isTrue();
            assertThat(code.category()).as(code.name()).isNotNull();
        }
    }

    @Test
    void theMessageStartsWithTheCode() {
        LineageException e = new LineageException(LineageErrorCode.UNKNOWN_PROCESS, "no START for j#1");
        assertThat(e.code()).isEqualTo(LineageErrorCode.UNKNOWN_PROCESS);
        assertThat(e).hasMessage("UNKNOWN_PROCESS: no START for j#1");
    }
}
