package org.shuyu.jobs.lineage;

import static org.shuyu.jobs.lineage.PlanLineage.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.TransformationKind;

/** Origins of one value: input column to the kind of the path. */
final class Origins {
    final Map<ColumnRef, TransformationKind> columns = new LinkedHashMap<>();

    static final Origins NONE = new Origins();

    void add(ColumnRef column, TransformationKind kind) {
        columns.merge(column, kind, TransformationKind::strongest);
    }

    void addAll(Origins other, TransformationKind path) {
        other.columns.forEach((column, kind) -> add(column, compose(path, kind)));
    }
}
