package org.shuyu.controller.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, R-19b: the product table's return loop. Only a candidate in review can be returned; only a returned one
 * resubmitted (back to SUBMITTED: frozen and checked again) or withdrawn; RETURNED is not final; approval keeps the
 * two-person rule.
 */
@Tag("R-19b")
class ProductReturnTableTest {
    private static Set<ProductState> accepting(ProductEvent event) {
        return EnumSet.allOf(ProductState.class).stream().filter(s -> ProductLifecycle.accepts(s, event))
                .collect(Collectors.toSet());
    }

    @Test
    void onlyACandidateInReviewIsReturnedAndOnlyAReturnedOneResubmitted() {
        assertThat(accepting(ProductEvent.RETURN)).containsExactly(ProductState.IN_REVIEW);
        assertThat(accepting(ProductEvent.RESUBMIT)).containsExactly(ProductState.RETURNED);
        assertThat(ProductLifecycle.TABLE.require(ProductState.IN_REVIEW, ProductEvent.RETURN).to())
                .isEqualTo(ProductState.RETURNED);
        assertThat(ProductLifecycle.TABLE.require(ProductState.RETURNED, ProductEvent.RESUBMIT).to())
                .isEqualTo(ProductState.SUBMITTED);
        assertThat(ProductLifecycle.TABLE.require(ProductState.RETURNED, ProductEvent.WITHDRAW).to())
                .isEqualTo(ProductState.WITHDRAWN);
    }

    @Test
    void aReturnedCandidateCannotBeReviewedListedOrLeftInThePipeline() {
        for (ProductEvent e : EnumSet.of(ProductEvent.REVIEW, ProductEvent.APPROVE, ProductEvent.REJECT,
                ProductEvent.LIST, ProductEvent.SNAPSHOT_TAKEN, ProductEvent.CHECKS_PASSED, ProductEvent.FAIL)) {
            assertThat(ProductLifecycle.accepts(ProductState.RETURNED, e)).as(e.name()).isFalse();
        }
        assertThat(ProductState.RETURNED.terminal()).isFalse();
        assertThat(ProductState.RETURNED.withdrawable()).isTrue();
        assertThat(ProductLifecycle.pipeline()).doesNotContain(ProductState.RETURNED);
        assertThat(ProductLifecycle.holds(ProductState.IN_REVIEW, ProductEvent.APPROVE, new ProductLifecycle.Facts(1)))
                .isFalse();
    }
}
