package org.shuyu.controller.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The product airlock's automatic checks, under {@code sandbox.products.*} (docs/products.md).
 * {@code maxInheritedGrade}: a product column that inherited (by copy or transformation) a grade above this fails
 * NO_IDENTIFYING_COLUMNS, as does any column derived from a direct identifier. {@code minGroupSize}: the smallest
 * number of subjects a released group (or a quasi-identifier class) may have, by the highest grade of the source
 * columns the product was computed from, like the aggregation thresholds of clean rooms. {@code maxRows} and
 * {@code maxBytes}: the size bounds of a product (the snapshot refuses a larger table).
 */
@Validated
@ConfigurationProperties("sandbox.products")
public record ProductProperties(
        @DefaultValue("2") @Min(1) @Max(4) int maxInheritedGrade,
        @Valid @NotNull @DefaultValue MinGroupSize minGroupSize,
        @DefaultValue("1000000") @Min(1) long maxRows,
        @DefaultValue("536870912") @Min(1) long maxBytes) {

    /** k by grade: public data, internal, sensitive, highly sensitive. */
    public record MinGroupSize(
            @DefaultValue("3") @Min(2) int grade1,
            @DefaultValue("5") @Min(2) int grade2,
            @DefaultValue("10") @Min(2) int grade3,
            @DefaultValue("20") @Min(2) int grade4) {

        public int forGrade(int grade) {
            return switch (grade) {
                case 1 -> grade1;
                case 2 -> grade2;
                case 3 -> grade3;
                default -> grade4;
            };
        }
    }
}
