package org.shuyu.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.jobs.JobsErrorCode;

@Tag("R-19a")
class SafeMessagesTest {
    private static final String SENTINEL = "SENTINELZ33020Z19900Z10112Z34";
    private final SafeMessages messages = SafeMessages.of(Optional.empty(),
            List.of("SELECT CAST(nme AS INT), name FROM registry.enterprises"));

    private static AnalysisException condition(String condition, Map<String, String> parameters) {
        return new AnalysisException(condition,
                scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(parameters)));
    }

    @Test
    void dataValuesInConditionParametersAreRedactedAndIdentifiersTypesAndConfigKeysKept() {
        SafeMessages.Failure failure = messages.failure(condition("CAST_INVALID_INPUT", Map.of(
                "expression", "'" + SENTINEL + "'", "sourceType", "\"STRING\"", "targetType", "\"INT\"",
                "ansiConfig", "\"spark.sql.ansi.enabled\"")), JobsErrorCode.STEP_FAILED);
        assertThat(failure.code()).isEqualTo(JobsErrorCode.STEP_FAILED);
        assertThat(failure.message()).startsWith("[CAST_INVALID_INPUT]").contains("<redacted>", "\"STRING\"",
                "\"INT\"").doesNotContain("SENTINEL", "Z33020");
        assertThat(messages.failure(condition("DIVIDE_BY_ZERO", Map.of("config", "\"spark.sql.ansi.enabled\"")),
                JobsErrorCode.STEP_FAILED).message()).contains("spark.sql.ansi.enabled");
        SafeMessages.Failure unresolved = messages.failure(condition("UNRESOLVED_COLUMN.WITH_SUGGESTION", Map.of(
                "objectName", "`nme`", "proposal", "`name`, `registry`.`enterprises`")), JobsErrorCode.STEP_FAILED);
        assertThat(unresolved.message()).contains("`name`", "`registry`.`enterprises`")
                .doesNotContain("<redacted>");
    }

    @Test
    void theRealCauseIsReportedThroughWrappersAndFreeTextIsDropped() {
        SparkException wrapper = new SparkException("Exception thrown in awaitResult: " + SENTINEL,
                condition("DIVIDE_BY_ZERO", Map.of("config", "\"spark.sql.ansi.enabled\"")));
        SafeMessages.Failure failure = messages.failure(new RuntimeException(SENTINEL, wrapper),
                JobsErrorCode.STEP_FAILED);
        assertThat(failure.message()).startsWith("[DIVIDE_BY_ZERO]").doesNotContain(SENTINEL, "awaitResult");
        SafeMessages.Failure plain = messages.failure(new IllegalStateException("row " + SENTINEL),
                JobsErrorCode.STEP_FAILED);
        assertThat(plain.message()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void crashesGetStableCodes() {
        assertThat(messages.failure(new RuntimeException(new StackOverflowError()), JobsErrorCode.STEP_FAILED).code())
                .isEqualTo(JobsErrorCode.STATEMENT_TOO_COMPLEX);
        assertThat(messages.failure(new OutOfMemoryError("Java heap space"), JobsErrorCode.STEP_FAILED).code())
                .isEqualTo(JobsErrorCode.OUT_OF_MEMORY);
        assertThat(messages.failure(new NoClassDefFoundError("x/" + SENTINEL), JobsErrorCode.STEP_FAILED))
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo(JobsErrorCode.RUNTIME_ERROR);
                    assertThat(f.message()).doesNotContain(SENTINEL);
                });
    }
}
