package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A catalog dataset as the compiler sees it.
 *
 * @param id            {@code namespace.table}, lowercase; the Ranger database is the namespace, the table the rest
 * @param prohibited    a prohibited dataset never gets a policy, even when a workspace lists it
 * @param subjectColumn present iff the dataset is person-level: the column holding the data subject's id, which the
 *                      consent row filter (R-21b) tests; it must be one of the columns
 * @param columns       the columns with their classification and grade (names unique, ignoring case)
 */
public record DatasetSpec(String id, boolean prohibited, Optional<String> subjectColumn, List<ColumnSpec> columns) {
    public DatasetSpec {
        Names.datasetId(id);
        requireNonNull(subjectColumn, "subjectColumn is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        Set<String> seen = new HashSet<>();
        for (ColumnSpec column : columns) {
            if (!seen.add(column.name().toLowerCase(Locale.ROOT))) {
                throw new PolicyException(PolicyErrorCode.DUPLICATE_COLUMN,
                        "dataset " + id + " has column " + column.name() + " twice");
            }
        }
        subjectColumn.ifPresent(subject -> {
            if (!seen.contains(Names.identifier(subject, "subjectColumn").toLowerCase(Locale.ROOT))) {
                throw new PolicyException(PolicyErrorCode.SUBJECT_COLUMN_MISSING,
                        "subject column " + subject + " is not a column of " + id);
            }
        });
    }

    /** The Ranger {@code database} value: the part before the dot. */
    public String namespace() {
        return id.substring(0, id.indexOf('.'));
    }

    /** The Ranger {@code table} value: the part after the dot. */
    public String table() {
        return id.substring(id.indexOf('.') + 1);
    }
}
