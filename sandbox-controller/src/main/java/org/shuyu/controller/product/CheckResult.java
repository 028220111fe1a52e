package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The verdict of one automatic check on a product version, with a reason a person can act on and the evidence
 * (for example the columns and the source columns they were copied from, or the groups below k).
 */
public record CheckResult(Check check, Verdict verdict, String reason, List<String> details) {
    public enum Verdict { PASS, FAIL }

    /** The automatic checks, in the order they run and are shown. */
    public enum Check {
        /** The table's lineage is complete, unchanged since the snapshot, and not quarantined. */
        LINEAGE_COMPLETE,
        /** Every dataset upstream is a dataset of this grant or a table of its own workspace. */
        WITHIN_GRANT,
        /** No column is a copy or transformation of a direct identifier or of a column above the allowed grade. */
        NO_IDENTIFYING_COLUMNS,
        /**
         * No cell (nor column name) of the snapshot is, or contains, a raw value of an identifying column of the
         * sources: checked by value, whatever the lineage says.
         */
        NO_RAW_VALUES,
        /** Aggregated output: every group has at least k subjects; record-level: quasi-identifier classes of k. */
        MIN_GROUP_SIZE,
        /** No earlier release of the grant differs from this one by fewer than k subjects in a group. */
        DIFFERENCING,
        /**
         * No amount cell where the n largest contributors make up more than k% of the total (docs/disclosure.md);
         * sums of grade 3-4 amounts need verified contribution declarations.
         */
        DOMINANCE,
        /** No amount cell where the total minus the two largest contributions is less than p% of the largest. */
        P_PERCENT,
        /** Row count and size within the configured bounds. */
        SIZE_BOUNDS
    }

    public CheckResult {
        requireNonNull(check, "check is null");
        requireNonNull(verdict, "verdict is null");
        requireNonNull(reason, "reason is null");
        details = List.copyOf(details);
    }

    public static CheckResult pass(Check check, String reason, List<String> details) {
        return new CheckResult(check, Verdict.PASS, reason, details);
    }

    public static CheckResult fail(Check check, String reason, List<String> details) {
        return new CheckResult(check, Verdict.FAIL, reason, details);
    }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }
}
