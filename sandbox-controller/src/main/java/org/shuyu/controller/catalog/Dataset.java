package org.shuyu.controller.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * A catalog entry: owner provider, schema with per-column classification and grade, openness,
 * category and quality status. The dataset's grade is derived: the highest grade of its columns.
 *
 * @param id {@code namespace.table}, lowercase, e.g. {@code registry.enterprises}
 * @param subjectColumn the column naming the person or organization a row is about; required when
 *     {@code personLevel}, used by consent filters (R-21b)
 */
public record Dataset(
        String id,
        String providerId,
        String title,
        String description,
        Openness openness,
        String category,
        QualityStatus qualityStatus,
        boolean personLevel,
        Optional<String> subjectColumn,
        Optional<Long> rowCount,
        List<Column> columns,
        Instant createdAt,
        String createdBy) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,48}\\.[a-z][a-z0-9_]{0,48}");

    public Dataset {
        requireNonNull(id, "id is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(title, "title is null");
        requireNonNull(description, "description is null");
        requireNonNull(openness, "openness is null");
        requireNonNull(category, "category is null");
        requireNonNull(qualityStatus, "qualityStatus is null");
        requireNonNull(subjectColumn, "subjectColumn is null");
        requireNonNull(rowCount, "rowCount is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(createdBy, "createdBy is null");
        if (!isValidId(id)) {
            throw new SandboxException(ErrorCode.INVALID_DATASET_ID, "dataset id must be namespace.table in lowercase"
                    + " (a-z, 0-9, '_', each part starting with a letter, at most 49 characters), got '" + id + "'");
        }
        if (title.isBlank() || title.length() > 200) {
            throw SandboxException.invalid("dataset title must be 1-200 characters");
        }
        if (description.length() > 4000) {
            throw SandboxException.invalid("dataset description must be at most 4000 characters");
        }
        if (category.isBlank() || category.length() > 100) {
            throw SandboxException.invalid("dataset category must be 1-100 characters");
        }
        if (rowCount.isPresent() && rowCount.get() < 0) {
            throw SandboxException.invalid("dataset row count must not be negative, got " + rowCount.get());
        }
        if (columns.isEmpty()) {
            throw new SandboxException(ErrorCode.INVALID_SCHEMA, "dataset " + id + " must have at least one column");
        }
        Set<String> names = new HashSet<>();
        for (Column column : columns) {
            if (!names.add(column.name())) {
                throw new SandboxException(ErrorCode.DUPLICATE_COLUMN,
                        "dataset " + id + " names column '" + column.name() + "' more than once");
            }
        }
        if (personLevel && subjectColumn.isEmpty()) {
            throw new SandboxException(ErrorCode.SUBJECT_COLUMN_MISSING,
                    "dataset " + id + " is person-level and must name its subject column");
        }
        if (subjectColumn.isPresent() && !names.contains(subjectColumn.get())) {
            throw new SandboxException(ErrorCode.SUBJECT_COLUMN_MISSING,
                    "dataset " + id + " names subject column '" + subjectColumn.get() + "', which is not one of its columns");
        }
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The dataset's grade: the highest grade of its columns (R-07, R-24b). */
    public int grade() {
        return columns.stream().mapToInt(Column::grade).max().orElseThrow();
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The namespace part of the id, e.g. {@code registry}. */
    public String namespace() {
        return id.substring(0, id.indexOf('.'));
    }

    /** The table part of the id, e.g. {@code enterprises}. */
    public String table() {
        return id.substring(id.indexOf('.') + 1);
    }
}
