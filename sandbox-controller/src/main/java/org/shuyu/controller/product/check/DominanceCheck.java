package org.shuyu.controller.product.check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.controller.product.DisclosureRule;

/**
 * {@code DOMINANCE} and {@code P_PERCENT} (docs/disclosure.md): in an aggregated candidate, no amount cell is
 * dominated by its n largest contributors (more than k% of the total), and in none does the total minus the two
 * largest contributions come to less than p% of the largest. Thresholds are those the authority set for the grade of
 * the candidate's sources; contributions are the verified declarations of {@link ContributionCells}.
 */
final class DominanceCheck implements ProductCheck {
    private final CheckResult.Check kind;

    private DominanceCheck(CheckResult.Check kind) {
        this.kind = kind;
    }

    static DominanceCheck dominance() {
        return new DominanceCheck(CheckResult.Check.DOMINANCE);
    }

    static DominanceCheck pPercent() {
        return new DominanceCheck(CheckResult.Check.P_PERCENT);
    }

    @Override
    public CheckResult.Check kind() {
        return kind;
    }

    @Override
    public CheckResult check(CheckContext context) {
        if (context.upstream().isEmpty()) {
            return notCheckedWithoutLineage();
        }
        if (!context.aggregated()) {
            return CheckResult.pass(kind, "record-level table: no aggregated cells (MIN_GROUP_SIZE covers it)", List.of());
        }
        ContributionCells cells = context.contributions();
        DisclosureRule rule = cells.rule();
        if (cells.refusal().isPresent()) {
            return CheckResult.fail(kind, cells.refusal().get(), cells.details());
        }
        if (cells.columns().isEmpty()) {
            return CheckResult.pass(kind, "no column aggregates an amount of grade " + ContributionCells.DECLARATION_GRADE
                    + " or 4 and no contributions are declared", List.of());
        }
        String threshold = kind == CheckResult.Check.DOMINANCE
                ? "(n=" + rule.dominanceN() + ", k=" + rule.dominanceK() + "% for grade " + rule.grade() + " source data)"
                : "(p=" + rule.pPercent() + "% for grade " + rule.grade() + " source data)";
        List<String> examples = new ArrayList<>();
        long failing = 0;
        long total = 0;
        for (Map.Entry<String, Map<String, List<BigDecimal>>> column : cells.columns().entrySet()) {
            for (Map.Entry<String, List<BigDecimal>> cell : column.getValue().entrySet()) {
                total++;
                boolean bad = kind == CheckResult.Check.DOMINANCE
                        ? CellDisclosure.dominated(cell.getValue(), rule.dominanceN(), rule.dominanceK())
                        : CellDisclosure.pPercentDisclosive(cell.getValue(), rule.pPercent());
                if (bad) {
                    failing++;
                    if (examples.size() < GroupKeys.MAX_EXAMPLES) {
                        examples.add("column " + column.getKey() + ", cell " + GroupKeys.printable(cell.getKey()) + " ("
                                + cell.getValue().size() + " contributor(s))");
                    }
                }
            }
        }
        String rules = kind == CheckResult.Check.DOMINANCE
                ? "the largest " + rule.dominanceN() + " contributor(s) make up more than " + rule.dominanceK() + "%"
                        + " of the total"
                : "the total minus the two largest contributions is less than " + rule.pPercent() + "% of the largest";
        if (failing > 0) {
            return CheckResult.fail(kind, failing + " of " + total + " cell(s) of " + cells.columns().keySet() + ": " + rules
                    + " " + threshold + "; suppress or merge them", examples);
        }
        return CheckResult.pass(kind, "no cell of " + cells.columns().keySet() + " (" + total + " cell(s)) where " + rules
                + " " + threshold, List.of());
    }
}
