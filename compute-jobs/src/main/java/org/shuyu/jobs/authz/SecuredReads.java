package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;

/**
 * Read-only view of what {@link SecureRelationsRule} put on a table read, for the lineage walker: the table, the
 * masked columns, and the masking projection's output (one item per column of the table, in its order). The row
 * filter below the projection is the platform's, not the statement's, so it is not exposed.
 */
public final class SecuredReads {
    private SecuredReads() {
    }

    /** One secured read: {@code database.table} (lower case), masked column names (lower case), the projection. */
    public record Read(String database, String table, Set<String> maskedColumns, List<NamedExpression> columns) {
        public Read {
            requireNonNull(database, "database is null");
            requireNonNull(table, "table is null");
            maskedColumns = Set.copyOf(maskedColumns);
            columns = List.copyOf(columns);
        }

        public String qualifiedName() {
            return database + "." + table;
        }
    }

    /** The secured read {@code plan} is (the masking projection tagged by the rule), if it is one. */
    public static Optional<Read> of(LogicalPlan plan) {
        scala.Option<SecuredScan> tag = plan.getTagValue(SecureRelationsRule.SECURED);
        if (tag.isEmpty() || !(plan instanceof Project project)) {
            return Optional.empty();
        }
        SecuredScan scan = tag.get();
        return Optional.of(new Read(scan.database(), scan.table(), scan.masks().keySet(),
                Scala.list(project.projectList())));
    }
}
