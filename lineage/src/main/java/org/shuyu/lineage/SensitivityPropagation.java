package org.shuyu.lineage;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one rule of how classification and grade travel along lineage (docs/lineage.md): a column inherits the
 * most sensitive classification and the highest grade of every input column it derives from by
 * {@link TransformationKind#IDENTITY identity} or {@link TransformationKind#TRANSFORMATION transformation}, so a
 * copy of a grade-4 column is grade 4 and so is {@code upper()} of it. Aggregation and masking stop propagation
 * (the values are no longer the input's), as do the indirect kinds (filters, join and grouping keys), with one
 * exception: {@link TransformationKind#CONDITIONAL}, the condition of a {@code CASE}/{@code IF}/{@code COALESCE},
 * propagates, because each output value discloses the outcome of the condition on that row's input (a
 * {@code CASE WHEN salary > 1e5 THEN 'high' ELSE 'low' END} is a coarsened copy of {@code salary}). A column with no
 * propagating edge inherits nothing.
 */
public final class SensitivityPropagation {
    private SensitivityPropagation() {}

    public static boolean propagates(TransformationKind kind) {
        return kind == TransformationKind.IDENTITY || kind == TransformationKind.TRANSFORMATION
                || kind == TransformationKind.CONDITIONAL;
    }

    /**
     * What {@code target} inherits from its incoming edges (all with that target), given the sensitivity of each
     * source column ({@code lookup} answers empty for a column that has none).
     */
    public static Optional<Sensitivity> derive(Collection<ColumnEdge> incoming,
            Function<ColumnRef, Optional<Sensitivity>> lookup) {
        Sensitivity result = null;
        for (ColumnEdge edge : incoming) {
            if (!propagates(edge.kind())) {
                continue;
            }
            Optional<Sensitivity> source = lookup.apply(edge.source());
            if (source.isPresent()) {
                result = result == null ? source.get() : result.max(source.get());
            }
        }
        return Optional.ofNullable(result);
    }
}
