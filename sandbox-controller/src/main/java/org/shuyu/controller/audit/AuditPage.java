package org.shuyu.controller.audit;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** One page of search results, and the cursor for the next page if there is one. */
public record AuditPage(List<AuditRecord> records, Optional<Long> nextAfter) {
    public AuditPage {
        records = List.copyOf(requireNonNull(records, "records is null"));
        requireNonNull(nextAfter, "nextAfter is null");
    }
}
