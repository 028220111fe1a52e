package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What the operator declares for one aggregated amount column of a candidate (docs/disclosure.md): the workspace
 * table {@code table} holding one row per cell and contributor, with the cell key columns {@code cellColumns} (named
 * as in the candidate), the contributor column and the contributor's amount. The airlock freezes the table with the
 * candidate, recomputes every cell's total from it and refuses the declaration if a total differs from the cell.
 */
public record ContributionDeclaration(String productId, String amountColumn, String table, List<String> cellColumns,
        String contributorColumn, String contributorAmountColumn, String declaredBy, Instant declaredAt) {
    public ContributionDeclaration {
        requireNonNull(productId, "productId is null");
        requireNonNull(amountColumn, "amountColumn is null");
        requireNonNull(table, "table is null");
        cellColumns = List.copyOf(cellColumns);
        requireNonNull(contributorColumn, "contributorColumn is null");
        requireNonNull(contributorAmountColumn, "contributorAmountColumn is null");
        requireNonNull(declaredBy, "declaredBy is null");
        requireNonNull(declaredAt, "declaredAt is null");
    }
}
