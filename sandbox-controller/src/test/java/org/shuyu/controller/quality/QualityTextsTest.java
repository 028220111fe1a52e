package org.shuyu.controller.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/** The no-values heuristic of quality request texts and the evaluation score (R-20, docs/quality-requests.md). */
@Tag("R-20")
class QualityTextsTest {
    @ParameterizedTest
    @ValueSource(strings = {"ID 330203199001011234 is wrong", "ID 33020319900101123X", "phone 13800138000",
            "phone 138 0013 8000", "phone 138-0013-8000", "landline 0574-87654321", "mail zhang.san@example.com",
            "code 91330200MA2H0WXY1C", "card 6222 0202 0000 1234 567"})
    void valuesAreRefused(String text) {
        assertThat(QualityTexts.carriesValues(text)).as(text).isTrue();
        assertThatThrownBy(() -> QualityTexts.required("description", text, QualityTexts.TEXT_MAX))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUALITY_VALUES_IN_TEXT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"about 3% of codes fail the check character of GB 32100", "rows registered since 2024-01-01",
            "between 2015-10-01 and 2016-12-31 about 120 rows per 10000", "district 330212 has duplicates",
            "amount above 100000 is implausible", "column uscc"})
    void descriptionsWithoutValuesPass(String text) {
        assertThat(QualityTexts.carriesValues(text)).as(text).isFalse();
    }

    @Test
    void theScoreFollowsItsFormula() {
        assertThat(ProviderEvaluation.score(0, 0, 0)).isEmpty();
        assertThat(ProviderEvaluation.score(1, 1, 1).getAsDouble()).isEqualTo(50.0);
        assertThat(ProviderEvaluation.score(2, 0, 0).getAsDouble()).isEqualTo(100.0);
        assertThat(ProviderEvaluation.score(0, 1, 0).getAsDouble()).isEqualTo(50.0);
        assertThat(ProviderEvaluation.score(1, 0, 2).getAsDouble()).isEqualTo(33.3);
    }

    @Test
    void shaAndKindAreChecked() {
        assertThat(QualityTexts.sha256("x", "AB".repeat(32))).contains("ab".repeat(32));
        assertThat(QualityTexts.sha256("x", " ")).isEmpty();
        assertThatThrownBy(() -> QualityTexts.sha256("x", "abc")).isInstanceOf(SandboxException.class);
        assertThat(QualityTexts.kind("rows")).isEqualTo(TargetKind.ROWS);
        assertThatThrownBy(() -> QualityTexts.kind("TABLE"))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUALITY_TARGET_INVALID));
    }
}
