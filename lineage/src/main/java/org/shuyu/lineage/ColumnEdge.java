package org.shuyu.lineage;

import java.util.Objects;

/** Output column {@code target} derives from input column {@code source} by {@code kind}. */
public record ColumnEdge(ColumnRef source, ColumnRef target, TransformationKind kind) {
    public ColumnEdge {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(target, "target is null");
        Objects.requireNonNull(kind, "kind is null");
    }
}
