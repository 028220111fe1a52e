package org.shuyu.controller.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.product.check.DifferencingCheck;
import org.shuyu.controller.product.check.ProductChecks;

/** The release ledger's differencing rule on its own (the end-to-end case is in ProductFlowTest). */
@Tag("R-19b")
class DifferencingTest {
    private static final Instant T = Instant.parse("2026-11-27T00:00:00Z");
    private static final List<String> BY_INDUSTRY = List.of("registry.enterprises.industry");

    private static Product product(String id) {
        return new Product(id, "grant-1", "org-1", "p", 1, ProductKind.DATA_PACKAGE, "", "s", "t", Optional.of("n"),
                ProductState.CHECKING, Optional.empty(), "engineer", T, T, Optional.empty());
    }

    private static ProductStore.Release release(String id, List<String> signature, Map<String, Long> groups, int k) {
        return new ProductStore.Release(id, "grant-1", signature, groups, k, T);
    }

    private static Optional<ProductChecks.Aggregation> aggregation(Map<String, Long> groups) {
        return Optional.of(new ProductChecks.Aggregation(List.of("industry"), BY_INDUSTRY, groups, 5));
    }

    @Test
    void aGroupThatDiffersByFewerThanKFromAListedReleaseFails() {
        CheckResult r = DifferencingCheck.compare(product("new").id(), aggregation(Map.of("C13", 24L, "C26", 25L)),
                List.of(release("old", BY_INDUSTRY, Map.of("C13", 25L, "C26", 25L), 5)), 5);
        assertThat(r.passed()).isFalse();
        assertThat(r.details()).singleElement().asString().contains("group (C13): 24 here, 25 in listed product old",
                "difference 1 < k=5");
    }

    @Test
    void theLargerKOfTheTwoReleasesApplies() {
        CheckResult r = DifferencingCheck.compare(product("new").id(), aggregation(Map.of("C13", 19L)),
                List.of(release("old", BY_INDUSTRY, Map.of("C13", 25L), 10)), 5);
        assertThat(r.passed()).isFalse();
        assertThat(r.details().get(0)).contains("difference 6 < k=10");
    }

    @Test
    void equalGroupsLargeDifferencesOtherDimensionsAndItselfPass() {
        assertThat(DifferencingCheck.compare(product("new").id(), aggregation(Map.of("C13", 25L, "C26", 10L)),
                List.of(release("old", BY_INDUSTRY, Map.of("C13", 25L, "C26", 25L), 5)), 5).passed()).isTrue();
        assertThat(DifferencingCheck.compare(product("new").id(), aggregation(Map.of("C13", 24L)),
                List.of(release("old", List.of("registry.enterprises.district"), Map.of("C13", 25L), 5)), 5).passed())
                .isTrue();
        assertThat(DifferencingCheck.compare(product("new").id(), aggregation(Map.of("C13", 24L)),
                List.of(release("new", BY_INDUSTRY, Map.of("C13", 25L), 5)), 5).passed()).isTrue();
        CheckResult nothing = DifferencingCheck.compare(product("new").id(), aggregation(Map.of("C13", 24L)), List.of(), 5);
        assertThat(nothing.passed()).isTrue();
        assertThat(nothing.reason()).contains("no earlier release");
    }

    @Test
    void grandTotalsAreComparedWithGrandTotalsAndMissingGroupSizesFailClosed() {
        Optional<ProductChecks.Aggregation> total = Optional.of(new ProductChecks.Aggregation(List.of(), List.of(),
                Map.of("", 199L), 3));
        CheckResult r = DifferencingCheck.compare(product("new").id(), total,
                List.of(release("old", List.of(), Map.of("", 200L), 3), release("other", BY_INDUSTRY, Map.of("", 198L), 3)),
                3);
        assertThat(r.passed()).isFalse();
        assertThat(r.details()).singleElement().asString().contains("in listed product old");
        assertThat(DifferencingCheck.compare(product("new").id(), Optional.empty(), List.of(), 5).passed()).isFalse();
    }
}
