package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

/** One column of a dataset, with the catalog's classification and sensitivity grade (1..4). */
public record ColumnSpec(String name, Classification classification, int grade) {
    public ColumnSpec {
        Names.identifier(name, "column name");
        requireNonNull(classification, "classification is null");
        MaskRules.checkGrade(grade);
    }
}
