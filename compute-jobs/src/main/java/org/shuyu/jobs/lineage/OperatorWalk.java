package org.shuyu.jobs.lineage;

import static org.shuyu.jobs.lineage.PlanLineage.list;
import static org.shuyu.jobs.lineage.PlanLineage.lower;
import static org.shuyu.jobs.lineage.PlanLineage.optional;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Generator;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationDef;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.Except;
import org.apache.spark.sql.catalyst.plans.logical.Expand;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.Intersect;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.View;
import org.apache.spark.sql.catalyst.plans.logical.Window;
import org.apache.spark.sql.catalyst.plans.logical.WithCTE;
import org.shuyu.jobs.authz.SecuredReads;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.TransformationKind;

/**
 * The lineage of a query plan, bottom-up by plan node kind: each operator maps each of its output attributes (by
 * expression id) to the input columns the value derives from; conditions that decide which rows exist (filters,
 * join conditions, grouping and sort keys) are collected as indirect influences on every row of the current scope,
 * conditions that shape one value only (window keys, CASE conditions, subqueries) on that value's origins. Leaves are the masking projections of the secured
 * table reads, persistent views (a dataset of their own) and constant relations; temporary views and CTEs are looked
 * through. A plan node kind it does not know is refused.
 */
final class OperatorWalk {
    /** Operators whose output attributes are their child's, unchanged, and that add no condition on the values. */
    private static final Set<String> PASS_THROUGH = Set.of("SubqueryAlias", "Distinct", "Deduplicate",
            "GlobalLimit", "LocalLimit", "Offset", "Tail", "Sample", "Repartition", "RepartitionByExpression",
            "RebalancePartitions", "ResolvedHint");
    /** Leaves that read nothing: constants. */
    private static final Set<String> CONSTANT_LEAVES = Set.of("LocalRelation", "OneRowRelation", "Range",
            "EmptyRelation");
    private final WalkState state;
    private final ExpressionOrigins expressions;

    OperatorWalk(WalkState state) {
        this.state = state;
        this.expressions = new ExpressionOrigins(state, this);
    }

    /** Each output attribute of {@code plan} (and possibly more) to its origins. */
    Map<ExprId, Origins> walk(LogicalPlan plan) {
        Optional<SecuredReads.Read> secured = SecuredReads.of(plan);
        if (secured.isPresent()) {
            return tableRead(secured.get());
        }
        if (plan instanceof View view) {
            return view.isTempView() ? walk(view.child()) : viewRead(view);
        }
        if (plan instanceof Project project) {
            Map<ExprId, Origins> child = walk(project.child());
            Map<ExprId, Origins> out = new HashMap<>();
            for (NamedExpression item : list(project.projectList())) {
                out.put(item.exprId(), expressions.value((Expression) item, child));
            }
            return out;
        }
        if (plan instanceof Filter filter) {
            Map<ExprId, Origins> child = walk(filter.child());
            expressions.condition(filter.condition(), child, TransformationKind.FILTER);
            return child;
        }
        if (plan instanceof Join join) {
            Map<ExprId, Origins> out = new HashMap<>(walk(join.left()));
            out.putAll(walk(join.right()));
            Optional<Expression> condition = optional(join.condition());
            if (condition.isPresent()) {
                expressions.influence(condition.get(), out, TransformationKind.JOIN);
            }
            return out;
        }
        if (plan instanceof Aggregate aggregate) {
            Map<ExprId, Origins> child = walk(aggregate.child());
            for (Expression key : list(aggregate.groupingExpressions())) {
                expressions.influence(key, child, TransformationKind.GROUP_BY);
            }
            Map<ExprId, Origins> out = new HashMap<>();
            for (NamedExpression item : list(aggregate.aggregateExpressions())) {
                out.put(item.exprId(), expressions.value((Expression) item, child));
            }
            return out;
        }
        if (plan instanceof Window window) {
            // the window's keys shape its window expressions only (ExpressionOrigins), not the columns passed through
            Map<ExprId, Origins> out = new HashMap<>(walk(window.child()));
            Map<ExprId, Origins> child = new HashMap<>(out);
            for (NamedExpression item : list(window.windowExpressions())) {
                out.put(item.exprId(), expressions.value((Expression) item, child));
            }
            return out;
        }
        if (plan instanceof Sort sort) {
            Map<ExprId, Origins> child = walk(sort.child());
            for (SortOrder key : list(sort.order())) {
                expressions.influence(key, child, TransformationKind.SORT);
            }
            return child;
        }
        if (plan instanceof Generate generate) {
            Map<ExprId, Origins> out = new HashMap<>(walk(generate.child()));
            Generator generator = generate.generator();
            expressions.requireKnown((Expression) generator);
            Origins generated = new Origins();
            for (Expression argument : list(((Expression) generator).children())) {
                expressions.collect(argument, out, TransformationKind.TRANSFORMATION, generated);
            }
            for (Attribute attribute : list(generate.generatorOutput())) {
                out.put(attribute.exprId(), generated);
            }
            return out;
        }
        if (plan instanceof Expand expand) {
            Map<ExprId, Origins> child = walk(expand.child());
            List<Attribute> output = list(expand.output());
            Map<ExprId, Origins> out = new HashMap<>();
            for (int i = 0; i < output.size(); i++) {
                out.put(output.get(i).exprId(), new Origins());
            }
            for (scala.collection.immutable.Seq<Expression> projection : list(expand.projections())) {
                List<Expression> items = list(projection);
                for (int i = 0; i < output.size(); i++) {
                    out.get(output.get(i).exprId()).addAll(expressions.value(items.get(i), child),
                            TransformationKind.IDENTITY);
                }
            }
            return out;
        }
        if (plan instanceof Union union) {
            List<LogicalPlan> children = list(union.children());
            List<Attribute> output = list(union.output());
            Map<ExprId, Origins> out = new HashMap<>();
            List<Origins> merged = new ArrayList<>();
            for (int i = 0; i < output.size(); i++) {
                merged.add(new Origins());
            }
            for (LogicalPlan child : children) {
                Map<ExprId, Origins> lineage = walk(child);
                List<Attribute> childOutput = list(child.output());
                for (int i = 0; i < output.size(); i++) {
                    merged.get(i).addAll(state.origins(lineage, childOutput.get(i)), TransformationKind.IDENTITY);
                }
            }
            for (int i = 0; i < output.size(); i++) {
                out.put(output.get(i).exprId(), merged.get(i));
            }
            return out;
        }
        if (plan instanceof Intersect || plan instanceof Except) {
            LogicalPlan left = plan.children().apply(0);
            LogicalPlan right = plan.children().apply(1);
            Map<ExprId, Origins> out = walk(left);
            Map<ExprId, Origins> rightLineage = walk(right);
            for (Attribute attribute : list(right.output())) {
                Origins origins = state.origins(rightLineage, attribute);
                origins.columns.keySet().forEach(column -> state.indirect(column, TransformationKind.FILTER));
                state.indirectAll(origins.indirect);
            }
            return out;
        }
        if (plan instanceof WithCTE with) {
            for (CTERelationDef definition : list(with.cteDefs())) {
                state.cteDefinitions.put(definition.id(), definition);
            }
            return walk(with.plan());
        }
        if (plan instanceof CTERelationRef ref) {
            CTERelationDef definition = state.cteDefinitions.get(ref.cteId());
            if (definition == null) {
                throw LineageUnsupported.because("a reference to an unknown common table expression");
            }
            Map<ExprId, Origins> lineage = state.cteLineage.get(ref.cteId());
            if (lineage == null) {
                Map<ExprId, Origins> walked = new HashMap<>();
                state.cteIndirect.put(ref.cteId(), state.scoped(() -> walked.putAll(walk(definition.child()))));
                lineage = walked;
                state.cteLineage.put(ref.cteId(), lineage);
            }
            state.indirectAll(state.cteIndirect.get(ref.cteId())); // its rows are shaped the same at every use
            List<Attribute> defined = list(definition.output());
            List<Attribute> output = list(ref.output());
            if (defined.size() != output.size()) {
                throw LineageUnsupported.because("a common table expression with a different shape");
            }
            Map<ExprId, Origins> out = new HashMap<>();
            for (int i = 0; i < output.size(); i++) {
                out.put(output.get(i).exprId(), state.origins(lineage, defined.get(i)));
            }
            return out;
        }
        String name = plan.getClass().getSimpleName();
        if (PASS_THROUGH.contains(name) && plan.children().size() == 1
                && plan.getClass().getName().startsWith("org.apache.spark.sql.catalyst.plans.logical.")) {
            return walk(plan.children().apply(0));
        }
        if (CONSTANT_LEAVES.contains(name) && plan.children().isEmpty()) {
            Map<ExprId, Origins> out = new HashMap<>();
            for (Attribute attribute : list(plan.output())) {
                out.put(attribute.exprId(), Origins.NONE);
            }
            return out;
        }
        throw LineageUnsupported.because("plan node " + name);
    }

    private Map<ExprId, Origins> tableRead(SecuredReads.Read read) {
        String dataset = read.qualifiedName();
        state.inputs.put(dataset, state.sources.contains(dataset) ? DatasetKind.SOURCE : DatasetKind.TABLE);
        Map<ExprId, Origins> out = new HashMap<>();
        for (NamedExpression column : read.columns()) {
            String name = lower(column.name());
            Origins origins = new Origins();
            origins.add(new ColumnRef(dataset, name), read.maskedColumns().contains(name)
                    ? TransformationKind.MASKED : TransformationKind.IDENTITY);
            out.put(column.exprId(), origins);
        }
        return out;
    }

    private Map<ExprId, Origins> viewRead(View view) {
        String dataset = state.table(view.desc().identifier());
        state.inputs.put(dataset, DatasetKind.VIEW);
        Map<ExprId, Origins> out = new HashMap<>();
        for (Attribute attribute : list(view.output())) {
            Origins origins = new Origins();
            origins.add(new ColumnRef(dataset, lower(attribute.name())), TransformationKind.IDENTITY);
            out.put(attribute.exprId(), origins);
        }
        return out;
    }
}
