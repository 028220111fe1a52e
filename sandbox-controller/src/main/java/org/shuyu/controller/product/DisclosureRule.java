package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The thresholds of the airlock's cell disclosure rules for one dataset grade (docs/disclosure.md), set by the data
 * authority. Dominance (n, k): no cell where the {@code dominanceN} largest contributors make up more than
 * {@code dominanceK} percent of the cell's total. p%: no cell where the total minus the two largest contributions is
 * less than {@code pPercent} percent of the largest (the second largest contributor would estimate the largest to
 * within p%). {@code dominanceK} 100 and {@code pPercent} 0 switch a rule off for the grade.
 */
public record DisclosureRule(int grade, int dominanceN, int dominanceK, int pPercent, Optional<String> updatedBy,
        Optional<Instant> updatedAt) {
    public static final int MIN_GRADE = 1;
    public static final int MAX_GRADE = 4;
    public static final int MAX_N = 10;
    public static final int MIN_K = 50;

    public DisclosureRule {
        requireNonNull(updatedBy, "updatedBy is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** The defaults of a grade (also the rows the migration seeds): stricter as the grade rises. */
    public static DisclosureRule defaultFor(int grade) {
        return switch (grade) {
            case 1 -> new DisclosureRule(1, 1, 100, 0, Optional.empty(), Optional.empty());
            case 2 -> new DisclosureRule(2, 2, 90, 5, Optional.empty(), Optional.empty());
            case 3 -> new DisclosureRule(3, 2, 85, 10, Optional.empty(), Optional.empty());
            default -> new DisclosureRule(4, 3, 75, 20, Optional.empty(), Optional.empty());
        };
    }

    /** What is wrong with these thresholds, if anything (the ranges the authority may choose from). */
    public Optional<String> invalidity() {
        if (grade < MIN_GRADE || grade > MAX_GRADE) {
            return Optional.of("grade must be " + MIN_GRADE + " to " + MAX_GRADE + ", got " + grade);
        }
        if (dominanceN < 1 || dominanceN > MAX_N) {
            return Optional.of("dominanceN must be 1 to " + MAX_N + ", got " + dominanceN);
        }
        if (dominanceK < MIN_K || dominanceK > 100) {
            return Optional.of("dominanceK must be " + MIN_K + " to 100 (percent; 100 switches the rule off), got "
                    + dominanceK);
        }
        if (pPercent < 0 || pPercent > 100) {
            return Optional.of("pPercent must be 0 to 100 (0 switches the rule off), got " + pPercent);
        }
        return Optional.empty();
    }

    /** The thresholds as a person reads them (no data in it). */
    public String describe() {
        return "dominance n=" + dominanceN + ", k=" + dominanceK + "%; p=" + pPercent + "%";
    }
}
