package org.shuyu.controller.product.check;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.shuyu.controller.config.ProductProperties;
import org.shuyu.controller.product.CheckResult;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.store.ColumnSensitivity;
import org.shuyu.policy.Classification;

/**
 * {@code NO_IDENTIFYING_COLUMNS}: no column is a copy or transformation of a direct identifier or of a column above
 * the allowed grade (by the grades the lineage passed down), nor a masked copy of a direct identifier (a pseudonym).
 */
final class NoIdentifyingColumnsCheck implements ProductCheck {
    private final ProductProperties settings;

    NoIdentifyingColumnsCheck(ProductProperties settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public CheckResult.Check kind() {
        return CheckResult.Check.NO_IDENTIFYING_COLUMNS;
    }

    @Override
    public CheckResult check(CheckContext context) {
        CheckResult.Check check = kind();
        String dataset = context.subject().dataset();
        List<ColumnSensitivity> columns = context.columns();
        ColumnGraph graph = context.graph();
        List<String> offending = new ArrayList<>();
        for (ColumnSensitivity column : columns) {
            String name = column.column().column();
            if (column.sensitivity().isPresent()) {
                Sensitivity s = column.sensitivity().get();
                if (s.classification() == Classification.DIRECT_IDENTIFIER || s.grade() > settings.maxInheritedGrade()) {
                    List<String> from = graph.sourcesCopiedBy(dataset + "." + name);
                    List<String> via = column.sources().stream().map(src -> src.column() + " (" + src.processId() + ")")
                            .toList();
                    offending.add(name + ": " + s.classification() + ", grade " + s.grade() + ", "
                            + column.origin().name().toLowerCase(Locale.ROOT) + " from "
                            + (from.isEmpty() ? String.join(", ", via) : String.join(", ", from) + " (through "
                                    + String.join(", ", via) + ")"));
                    continue;
                }
            }
            // A masked (hashed) direct identifier is still one value per person: a pseudonym that singles people out
            // and links records outside the platform. Copies, transformations and masks of one do not leave.
            Optional<String> pseudonym = graph.maskedDirectIdentifier(dataset + "." + name);
            pseudonym.ifPresent(source -> offending.add(name + ": a masked copy of the direct identifier " + source
                    + " (a pseudonym still singles out a person)"));
        }
        if (!offending.isEmpty()) {
            return CheckResult.fail(check, offending.size() + " column(s) are copies, transformations or masks of a direct"
                    + " identifier, or carry a grade above " + settings.maxInheritedGrade()
                    + "; aggregate or drop them", offending);
        }
        return CheckResult.pass(check, "no column carries a direct identifier (in clear or masked) or a grade above "
                + settings.maxInheritedGrade() + " (" + columns.size() + " column(s) checked)", List.of());
    }
}
