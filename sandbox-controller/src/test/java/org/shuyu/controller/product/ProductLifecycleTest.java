package org.shuyu.controller.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/** The airlock's table as the services use it: refusals name the product, the two-person rule is a guard. */
class ProductLifecycleTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static Product product(ProductState state) {
        return new Product("prod-1", "grant-1", "org-1", "p", 1, ProductKind.DATA_PACKAGE, "", "s", "t", Optional.empty(),
                state, Optional.empty(), "engineer", T, T, Optional.empty());
    }

    @Test
    void refusesAnEventTheStateDoesNotAcceptNamingTheProductAndItsState() {
        assertThatThrownBy(() -> ProductLifecycle.require(product(ProductState.LISTED), ProductEvent.SUBMIT, "submit"))
                .isInstanceOfSatisfying(SandboxException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_PRODUCT_TRANSITION);
                    assertThat(e.getMessage()).isEqualTo("cannot submit product prod-1: it is LISTED");
                });
    }

    @Test
    void approvalNeedsTwoIndependentExperts() {
        assertThat(ProductLifecycle.holds(ProductState.IN_REVIEW, ProductEvent.APPROVE, new ProductLifecycle.Facts(1)))
                .isFalse();
        assertThat(ProductLifecycle.holds(ProductState.IN_REVIEW, ProductEvent.APPROVE, new ProductLifecycle.Facts(2)))
                .isTrue();
        assertThat(ProductLifecycle.holds(ProductState.CHECKING, ProductEvent.APPROVE, new ProductLifecycle.Facts(2)))
                .isFalse();
        assertThatThrownBy(() -> ProductLifecycle.TABLE.apply(ProductState.IN_REVIEW, ProductEvent.APPROVE,
                new ProductLifecycle.Facts(1))).isInstanceOfSatisfying(SandboxException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_PRODUCT_TRANSITION));
    }

    @Test
    void withdrawableUntilApprovalAndTheRestartedPipelineStates() {
        EnumSet<ProductState> withdrawable = EnumSet.noneOf(ProductState.class);
        for (ProductState s : ProductState.values()) {
            if (s.withdrawable()) {
                withdrawable.add(s);
            }
        }
        assertThat(withdrawable).containsExactly(ProductState.DRAFT, ProductState.SUBMITTED, ProductState.CHECKING,
                ProductState.IN_REVIEW, ProductState.RETURNED);
        assertThat(ProductLifecycle.pipeline()).containsExactly(ProductState.SUBMITTED, ProductState.CHECKING);
        assertThat(ProductLifecycle.initial()).isEqualTo(ProductState.DRAFT);
        assertThat(EnumSet.allOf(ProductState.class).stream().filter(ProductLifecycle::listed))
                .containsExactly(ProductState.LISTED);
        assertThat(EnumSet.allOf(ProductState.class).stream().filter(ProductState::terminal))
                .containsExactly(ProductState.REJECTED, ProductState.WITHDRAWN, ProductState.DELISTED);
    }
}
