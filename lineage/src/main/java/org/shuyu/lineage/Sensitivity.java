package org.shuyu.lineage;

import java.util.Objects;
import org.shuyu.policy.Classification;

/** The catalog's classification and grade (1 public .. 4 highly sensitive) of a column, or what it inherited. */
public record Sensitivity(Classification classification, int grade) {
    public Sensitivity {
        Objects.requireNonNull(classification, "classification is null");
        if (grade < 1 || grade > 4) {
            throw new IllegalArgumentException("grade must be 1 to 4, got " + grade);
        }
    }

    /** The more sensitive of two: the higher grade, and the classification listed first in {@link Classification}. */
    public Sensitivity max(Sensitivity other) {
        Classification c = classification.ordinal() <= other.classification.ordinal() ? classification
                : other.classification;
        return new Sensitivity(c, Math.max(grade, other.grade));
    }
}
