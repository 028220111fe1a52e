package org.shuyu.controller.owndata;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.shuyu.controller.catalog.Column;
import org.shuyu.controller.catalog.ColumnClassification;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.policy.Classification;
import org.shuyu.policy.MaskRules;
import org.shuyu.policy.MaskType;

/**
 * One declared column of an own-data import: its catalog column (name, type, classification, grade, validated like
 * a dataset's) and whether the operator declares it identifying. A column of an identifying classification
 * ({@link ColumnClassification#identifying()}) is always identifying; any other may be declared so (an enterprise's
 * USCC is PUBLIC but still names an organization). The mask is not declared freely: it is what the platform's one mask
 * table ({@link MaskRules}) gives the classification and grade, the same rule as for every catalog column.
 */
public record OwnColumn(Column column, boolean identifying) {
    public OwnColumn {
        requireNonNull(column, "column is null");
        if (column.classification().identifying() && !identifying) {
            throw new SandboxException(ErrorCode.OWN_DATA_INVALID_DECLARATION, "column '" + column.name() + "' is "
                    + column.classification() + ", which is identifying; it cannot be declared not identifying");
        }
    }

    public static OwnColumn of(String name, String type, ColumnClassification classification, int grade, Optional<Boolean> identifying) {
        Column column;
        try {
            column = new Column(name, type, "", classification, grade);
        } catch (SandboxException e) {
            throw new SandboxException(ErrorCode.OWN_DATA_INVALID_DECLARATION, e.getMessage());
        }
        return new OwnColumn(column, identifying.orElse(classification.identifying()));
    }

    public String name() {
        return column.name();
    }

    /** The mask jobs see this column under (none for a column the mask table leaves clear). */
    public Optional<MaskType> mask() {
        return MaskRules.maskFor(Classification.valueOf(column.classification().name()), column.grade());
    }
}
