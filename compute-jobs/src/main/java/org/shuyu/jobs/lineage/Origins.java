package org.shuyu.jobs.lineage;

import static org.shuyu.jobs.lineage.PlanLineage.compose;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.TransformationKind;

/**
 * Origins of one value: input column to the kind of the path ({@link #columns}, direct), and the input columns that
 * shape only this value, with their indirect kinds ({@link #indirect}): the condition of a {@code CASE}, the keys of
 * its window, the filter and correlation of its scalar subquery. Influences on every row of a statement are kept in
 * {@link WalkState#indirect} instead.
 */
final class Origins {
    final Map<ColumnRef, TransformationKind> columns = new LinkedHashMap<>();
    final Map<ColumnRef, EnumSet<TransformationKind>> indirect = new LinkedHashMap<>();

    static final Origins NONE = new Origins();

    void add(ColumnRef column, TransformationKind kind) {
        columns.merge(column, kind, TransformationKind::strongest);
    }

    void indirect(ColumnRef column, TransformationKind kind) {
        indirect.computeIfAbsent(column, k -> EnumSet.noneOf(TransformationKind.class)).add(kind);
    }

    /** The value derives from {@code other} along {@code path}: its direct origins compose, its influences carry. */
    void addAll(Origins other, TransformationKind path) {
        other.columns.forEach((column, kind) -> add(column, compose(path, kind)));
        other.indirect.forEach((column, kinds) -> kinds.forEach(kind -> indirect(column, kind)));
    }
}
