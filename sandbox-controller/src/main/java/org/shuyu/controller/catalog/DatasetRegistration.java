package org.shuyu.controller.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A request to register a dataset; validated when it becomes a {@link Dataset}. */
public record DatasetRegistration(
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
        List<Column> columns) {

    public DatasetRegistration {
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
    }
}
