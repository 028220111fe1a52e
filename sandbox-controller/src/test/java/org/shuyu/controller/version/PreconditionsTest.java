package org.shuyu.controller.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-request If-Match scope: checked once under the lock, re-checked at a bump no lock point checked. */
class PreconditionsTest {
    private final Preconditions preconditions = new Preconditions();

    @Test
    void aMismatchUnderTheLockIsRefusedWithTheCurrentRevision() {
        try (Preconditions.Scope scope = preconditions.open(Versioned.GRANT, "g-1", Optional.of(new IfMatch(false, Set.of(3L))))) {
            assertThatThrownBy(() -> preconditions.verify(Versioned.GRANT, "g-1", () -> OptionalLong.of(4)))
                    .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.current()).isEqualTo(4));
            // another object, or no scope, is never conditioned
            preconditions.verify(Versioned.GRANT, "g-2", () -> OptionalLong.of(4));
            preconditions.verify(Versioned.LAB, "g-1", () -> OptionalLong.of(4));
        }
        preconditions.verify(Versioned.GRANT, "g-1", () -> OptionalLong.of(4));
        assertThat(preconditions.current()).isEmpty();
    }

    @Test
    void aMatchHoldsForTheRestOfTheRequestAndTheBumpIsRemembered() {
        try (Preconditions.Scope scope = preconditions.open(Versioned.PRODUCT, "p-1", Optional.of(new IfMatch(false, Set.of(3L))))) {
            preconditions.verify(Versioned.PRODUCT, "p-1", () -> OptionalLong.of(3));
            preconditions.bumped(Versioned.PRODUCT, "p-1", 3, 4);
            // the same request locking again sees its own change
            preconditions.verify(Versioned.PRODUCT, "p-1", () -> OptionalLong.of(4));
            preconditions.bumped(Versioned.PRODUCT, "p-1", 4, 5);
            assertThat(scope.changed()).hasValue(5);
        }
    }

    @Test
    void aBumpWithoutALockPointStillChecksTheCondition() {
        try (Preconditions.Scope scope = preconditions.open(Versioned.LAB, "l-1", Optional.of(new IfMatch(false, Set.of(1L))))) {
            assertThatThrownBy(() -> preconditions.bumped(Versioned.LAB, "l-1", 2, 3)).isInstanceOf(PreconditionFailedException.class);
            assertThat(scope.changed()).isEmpty();
        }
        try (Preconditions.Scope scope = preconditions.open(Versioned.LAB, "l-1", Optional.of(new IfMatch(true, Set.of())))) {
            preconditions.bumped(Versioned.LAB, "l-1", 2, 3);
            assertThat(scope.changed()).hasValue(3);
        }
    }
}
