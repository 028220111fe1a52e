package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("R-24b")
class MaskRulesTest {

    /** The rule in words, written independently of the table: every classification x grade is checked against it. */
    private static Optional<MaskType> expected(Classification c, int grade) {
        if (grade == 4) {
            return Optional.of(MaskType.NULLIFY);
        }
        if (grade == 3 && (c == Classification.DIRECT_IDENTIFIER || c == Classification.QUASI_IDENTIFIER)) {
            return Optional.of(MaskType.HASH);
        }
        if (grade == 3 && c == Classification.CONTACT) {
            return Optional.of(MaskType.PARTIAL);
        }
        return Optional.empty();
    }

    @Test
    void everyClassificationAndGradeHasTheMaskOfTheRule() {
        int checked = 0;
        for (Classification c : Classification.values()) {
            for (int grade = MaskRules.MIN_GRADE; grade <= MaskRules.MAX_GRADE; grade++) {
                assertThat(MaskRules.maskFor(c, grade)).as("%s grade %d", c, grade).isEqualTo(expected(c, grade));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(Classification.values().length * 4);
    }

    @Test
    void gradeFourIsAlwaysNullified() {
        for (Classification c : Classification.values()) {
            assertThat(MaskRules.maskFor(c, 4)).contains(MaskType.NULLIFY);
        }
    }

    @Test
    void gradesOneAndTwoAreNeverMasked() {
        for (Classification c : Classification.values()) {
            assertThat(MaskRules.maskFor(c, 1)).isEmpty();
            assertThat(MaskRules.maskFor(c, 2)).isEmpty();
        }
    }

    @Test
    void everyMaskTypeIsUsedAndNamedInTheServiceDefinition() {
        Set<MaskType> used = EnumSet.noneOf(MaskType.class);
        for (Classification c : Classification.values()) {
            for (int grade = 1; grade <= 4; grade++) {
                MaskRules.maskFor(c, grade).ifPresent(used::add);
            }
        }
        assertThat(used).containsExactlyInAnyOrder(MaskType.values());
        for (MaskType type : MaskType.values()) {
            assertThat(ServiceDefinitionTest.maskTypeNames()).contains(type.rangerName());
        }
    }

    @Test
    void gradesOutsideOneToFourAreRejected() {
        assertThatThrownBy(() -> MaskRules.maskFor(Classification.PUBLIC, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grade");
        assertThatThrownBy(() -> MaskRules.maskFor(Classification.PUBLIC, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ColumnSpec("c", Classification.PUBLIC, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MaskRules.maskFor(null, 3)).isInstanceOf(NullPointerException.class);
    }
}
