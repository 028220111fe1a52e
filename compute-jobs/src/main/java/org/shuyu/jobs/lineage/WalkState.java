package org.shuyu.jobs.lineage;

import static org.shuyu.jobs.lineage.PlanLineage.lower;
import static org.shuyu.jobs.lineage.PlanLineage.optional;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationDef;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.TransformationKind;

/**
 * The state of one statement's walk, shared by {@link StatementWalk}, {@link OperatorWalk} and
 * {@link ExpressionOrigins}: the inputs seen, the indirect influences, the CTE definitions and their lineage, and the
 * outer scopes of subqueries.
 */
final class WalkState {
    final Set<String> sources;
    final PlanLineage.Names names;
    /** Datasets read, by name, with their kind. */
    final Map<String, DatasetKind> inputs = new TreeMap<>();
    /**
     * Input columns that influence every row of the plan being walked (WHERE, JOIN, GROUP BY, ORDER BY, ...), with
     * the kinds of influence: for the statement's query, every written column. A subquery is walked with a scope
     * of its own ({@link #scoped}), whose influences shape only the value computed from it.
     */
    Map<ColumnRef, EnumSet<TransformationKind>> indirect = new LinkedHashMap<>();
    final Map<Long, CTERelationDef> cteDefinitions = new HashMap<>();
    final Map<Long, Map<ExprId, Origins>> cteLineage = new HashMap<>();
    /** The row influences of each common table expression, applied again wherever it is referenced. */
    final Map<Long, Map<ColumnRef, EnumSet<TransformationKind>>> cteIndirect = new HashMap<>();
    /** The input of the operators enclosing a subquery, innermost first. */
    final Deque<Map<ExprId, Origins>> outerScopes = new ArrayDeque<>();

    WalkState(Set<String> sources, PlanLineage.Names names) {
        this.sources = sources;
        this.names = names;
    }

    void indirect(ColumnRef column, TransformationKind kind) {
        indirect.computeIfAbsent(column, k -> EnumSet.noneOf(TransformationKind.class)).add(kind);
    }

    /** Adds influences that apply to every row of the current scope. */
    void indirectAll(Map<ColumnRef, EnumSet<TransformationKind>> influences) {
        influences.forEach((column, kinds) -> kinds.forEach(kind -> indirect(column, kind)));
    }

    /** Runs {@code walk} with a fresh row-influence scope and answers that scope's influences. */
    Map<ColumnRef, EnumSet<TransformationKind>> scoped(Runnable walk) {
        Map<ColumnRef, EnumSet<TransformationKind>> enclosing = indirect;
        indirect = new LinkedHashMap<>();
        try {
            walk.run();
            return indirect;
        } finally {
            indirect = enclosing;
        }
    }

    Origins origins(Map<ExprId, Origins> lineage, Attribute attribute) {
        Origins origins = lineage.get(attribute.exprId());
        if (origins == null) {
            throw LineageUnsupported.because("output column " + attribute.name() + " cannot be traced");
        }
        return origins;
    }

    String table(TableIdentifier identifier) {
        String database = optional(identifier.database()).orElseGet(names::currentDatabase);
        return lower(database) + "." + lower(identifier.table());
    }
}
