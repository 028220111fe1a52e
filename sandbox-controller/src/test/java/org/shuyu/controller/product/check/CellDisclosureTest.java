package org.shuyu.controller.product.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The dominance (n, k) and p% cell rules at their edges (docs/disclosure.md), exact in decimal arithmetic. */
@Tag("R-19b")
class CellDisclosureTest {
    @Test
    void dominanceFiresJustAboveKAndNotAtK() {
        // n=2, k=85: the two largest make up exactly 85% -> allowed; 85.01% -> dominated.
        assertThat(CellDisclosure.dominated(cell("50", "35", "15"), 2, 85)).isFalse();
        assertThat(CellDisclosure.dominated(cell("50", "35.01", "14.99"), 2, 85)).isTrue();
        assertThat(CellDisclosure.dominated(cell("15", "50", "34.99", "0.01"), 2, 85)).isFalse();
        // n=1, k=50: one contributor with half the total is allowed, with a cent more not.
        assertThat(CellDisclosure.dominated(cell("50", "25", "25"), 1, 50)).isFalse();
        assertThat(CellDisclosure.dominated(cell("50.01", "25", "24.99"), 1, 50)).isTrue();
    }

    @Test
    void pPercentFiresJustBelowPAndNotAtP() {
        // p=10: the rest (total minus the two largest) is exactly 10% of the largest -> allowed; below -> disclosive.
        assertThat(CellDisclosure.pPercentDisclosive(cell("100", "50", "6", "4"), 10)).isFalse();
        assertThat(CellDisclosure.pPercentDisclosive(cell("100", "50", "5.99", "4"), 10)).isTrue();
        assertThat(CellDisclosure.pPercentDisclosive(cell("4", "100", "50", "6"), 10)).isFalse();
    }

    @Test
    void aCellOfOneOrTwoContributorsDisclosesUnderEveryActiveRule() {
        assertThat(CellDisclosure.dominated(cell("7"), 1, 99)).isTrue();
        assertThat(CellDisclosure.pPercentDisclosive(cell("7"), 1)).isTrue();
        assertThat(CellDisclosure.pPercentDisclosive(cell("7", "3"), 1)).isTrue();
        assertThat(CellDisclosure.dominated(cell("7", "3"), 2, 99)).isTrue();
    }

    @Test
    void switchedOffRulesAndEmptyCellsNeverFire() {
        assertThat(CellDisclosure.dominated(cell("7"), 1, 100)).isFalse();
        assertThat(CellDisclosure.pPercentDisclosive(cell("7"), 0)).isFalse();
        assertThat(CellDisclosure.dominated(cell("0", "0"), 1, 50)).isFalse();
        assertThat(CellDisclosure.pPercentDisclosive(cell("0", "0"), 50)).isFalse();
        assertThat(CellDisclosure.dominated(List.of(), 1, 50)).isFalse();
        assertThat(CellDisclosure.pPercentDisclosive(List.of(), 50)).isFalse();
    }

    @Test
    void negativeContributionsAreNotRanked() {
        assertThatThrownBy(() -> CellDisclosure.dominated(cell("5", "-1"), 1, 90))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<BigDecimal> cell(String... amounts) {
        return Arrays.stream(amounts).map(BigDecimal::new).toList();
    }
}
