package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.shuyu.policy.MaskType;

/**
 * What {@link SecureRelationsRule} applied to one read of a table: the masks (lower-case column name to mask) and
 * the row filter. Kept as a tag on the masking projection, so the rewritten subtree is never rewritten again and
 * {@link AuthorizationCheck} can verify it against the policies in force.
 */
record SecuredScan(String database, String table, Map<String, MaskType> masks, Optional<String> rowFilter) {
    SecuredScan {
        requireNonNull(database, "database is null");
        requireNonNull(table, "table is null");
        masks = Map.copyOf(requireNonNull(masks, "masks is null"));
        requireNonNull(rowFilter, "rowFilter is null");
    }

    String qualifiedName() {
        return database + "." + table;
    }
}
