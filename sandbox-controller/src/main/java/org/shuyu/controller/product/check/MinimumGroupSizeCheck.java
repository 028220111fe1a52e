package org.shuyu.controller.product.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.lineage.store.ColumnSensitivity;
import org.shuyu.policy.Classification;

/**
 * {@code MIN_GROUP_SIZE}: an aggregated table's groups each have at least k subjects (k for the highest source grade
 * upstream), read from the named group size column, which must be computed by aggregation; a record-level table's
 * quasi-identifier combinations each occur at least k times.
 */
final class MinimumGroupSizeCheck implements ProductCheck {
    @Override
    public CheckResult.Check kind() {
        return CheckResult.Check.MIN_GROUP_SIZE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        if (context.upstream().isEmpty()) {
            return notCheckedWithoutLineage();
        }
        return context.aggregated() ? context.groupSizes().result() : quasiIdentifierClasses(context);
    }

    /** A record-level table: every combination of its quasi-identifier columns occurs at least k times. */
    private static CheckResult quasiIdentifierClasses(CheckContext context) {
        int k = context.k();
        int grade = context.grade();
        CheckResult.Check check = CheckResult.Check.MIN_GROUP_SIZE;
        List<String> quasi = new ArrayList<>();
        for (ColumnSensitivity column : context.columns()) {
            if (column.sensitivity().map(s -> s.classification() == Classification.QUASI_IDENTIFIER).orElse(false)) {
                context.columnNamed(column.column().column()).ifPresent(quasi::add);
            }
        }
        if (quasi.isEmpty()) {
            return CheckResult.pass(check, "record-level table without quasi-identifier columns: no group to measure",
                    List.of());
        }
        Map<String, Long> classes = new HashMap<>();
        context.snapshots().scan(context.subject().file(), quasi, values -> classes.merge(GroupKeys.key(values), 1L, Long::sum));
        List<String> small = new ArrayList<>();
        long below = 0;
        for (Map.Entry<String, Long> e : classes.entrySet()) {
            if (e.getValue() < k) {
                below++;
                if (small.size() < GroupKeys.MAX_EXAMPLES) {
                    small.add("class " + GroupKeys.printable(e.getKey()) + " has " + e.getValue() + " row(s)");
                }
            }
        }
        if (below > 0) {
            return CheckResult.fail(check, below + " combination(s) of the quasi-identifiers " + quasi + " occur fewer than"
                    + " k=" + k + " times (k for grade " + grade + " source data)", small);
        }
        return CheckResult.pass(check, "every combination of the quasi-identifiers " + quasi + " occurs at least k=" + k
                + " times", List.of());
    }
}
