package org.shuyu.controller.adapter.openlineage;

import org.shuyu.lineage.TransformationKind;

/**
 * THE table from the platform's transformation kinds to OpenLineage's column-lineage transformations
 * (ColumnLineageDatasetFacet 1-2-0: {@code type} DIRECT or INDIRECT, {@code subtype}, {@code masking}). The switch has
 * no default: a new kind does not compile until it has its one line here (docs/openlineage.md, "Mapping").
 */
final class OpenLineageKinds {
    /** One transformation of an input field. */
    record Transformation(String type, String subtype, boolean masking) {}

    private OpenLineageKinds() {}

    static Transformation of(TransformationKind kind) {
        return switch (kind) {
            case IDENTITY -> new Transformation("DIRECT", "IDENTITY", false);
            case TRANSFORMATION -> new Transformation("DIRECT", "TRANSFORMATION", false);
            case AGGREGATION -> new Transformation("DIRECT", "AGGREGATION", false);
            // A mask is a transformation of the value that hides it: OpenLineage's masking flag says so.
            case MASKED -> new Transformation("DIRECT", "TRANSFORMATION", true);
            case FILTER -> new Transformation("INDIRECT", "FILTER", false);
            case JOIN -> new Transformation("INDIRECT", "JOIN", false);
            case GROUP_BY -> new Transformation("INDIRECT", "GROUP_BY", false);
            case WINDOW -> new Transformation("INDIRECT", "WINDOW", false);
            case SORT -> new Transformation("INDIRECT", "SORT", false);
            case CONDITIONAL -> new Transformation("INDIRECT", "CONDITIONAL", false);
        };
    }
}
