package org.shuyu.jobs.lineage;

import static org.shuyu.jobs.lineage.PlanLineage.compose;
import static org.shuyu.jobs.lineage.PlanLineage.list;
import static org.shuyu.jobs.lineage.PlanLineage.optional;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Coalesce;
import org.apache.spark.sql.catalyst.expressions.CommonExpressionDef;
import org.apache.spark.sql.catalyst.expressions.CommonExpressionId;
import org.apache.spark.sql.catalyst.expressions.CommonExpressionRef;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.If;
import org.apache.spark.sql.catalyst.expressions.OuterReference;
import org.apache.spark.sql.catalyst.expressions.RankLike;
import org.apache.spark.sql.catalyst.expressions.RowNumberLike;
import org.apache.spark.sql.catalyst.expressions.ScalarSubquery;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.WindowExpression;
import org.apache.spark.sql.catalyst.expressions.WindowSpecDefinition;
import org.apache.spark.sql.catalyst.expressions.With;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateFunction;
import org.apache.spark.sql.catalyst.expressions.aggregate.MaxMinBy;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.TransformationKind;
import scala.Tuple2;

/**
 * Where the value of an expression comes from: the input columns it derives from, each with the kind of the path
 * (masked anywhere makes it MASKED, else an aggregation AGGREGATION, else any function TRANSFORMATION, else
 * IDENTITY), and the columns that shape only this value (the condition of a CASE/IF/COALESCE as CONDITIONAL, an
 * aggregate's FILTER, its window's keys, a subquery's conditions and correlation). Subqueries are walked by
 * {@link OperatorWalk} with the enclosing input as an outer scope. An expression that is not one of Spark's own, or
 * code it cannot place (UDFs), is refused.
 */
final class ExpressionOrigins {
    /** Aggregates that return (a collection of) input values rather than computing a new one. */
    private static final Set<String> SELECTING_AGGREGATES = Set.of("Min", "Max", "First", "Last", "AnyValue",
            "CollectList", "CollectSet", "Mode", "PercentileDisc", "ApproximatePercentile", "PivotFirst",
            "CollectTopK", "ListAgg", "MaxMinByK", "ApproxTopK", "HistogramNumeric");
    /** Functions whose result cannot be placed: code we do not know. */
    private static final Set<String> UNPLACEABLE = Set.of("ScalaUDF", "ScalaUDAF", "ScalaAggregator",
            "UserDefinedGenerator", "PythonUDF", "PythonUDAF", "PythonUDTF", "UnresolvedPolymorphicPythonUDTF");
    private static final String CATALYST_EXPRESSIONS = "org.apache.spark.sql.catalyst.expressions.";

    private final WalkState state;
    private final OperatorWalk operators;
    /** The origins of the common subexpressions defined by the {@code With} expressions seen so far. */
    private final Map<CommonExpressionId, Origins> commonExpressions = new HashMap<>();

    ExpressionOrigins(WalkState state, OperatorWalk operators) {
        this.state = state;
        this.operators = operators;
    }

    Origins value(Expression expression, Map<ExprId, Origins> input) {
        Origins out = new Origins();
        collect(expression, input, TransformationKind.IDENTITY, out);
        return out;
    }

    /**
     * Every input column {@code expression} depends on influences every row of the current scope by {@code kind};
     * what shapes only a part of the expression keeps its own kind (the correlation of a subquery stays JOIN, its
     * filter FILTER), except a condition inside the expression, which is part of this condition ({@code kind}).
     */
    void influence(Expression expression, Map<ExprId, Origins> input, TransformationKind kind) {
        Origins value = value(expression, input);
        value.columns.keySet().forEach(column -> state.indirect(column, kind));
        value.indirect.forEach((column, kinds) -> kinds.forEach(k ->
                state.indirect(column, k == TransformationKind.CONDITIONAL ? kind : k)));
    }

    /**
     * A filter condition: conjuncts that refer to an enclosing query (the correlation of a subquery) are JOIN, as
     * the equivalent join would record them; the others are {@code kind}.
     */
    void condition(Expression condition, Map<ExprId, Origins> input, TransformationKind kind) {
        if (condition instanceof And and) {
            condition(and.left(), input, kind);
            condition(and.right(), input, kind);
        } else {
            influence(condition, input, correlated(condition) ? TransformationKind.JOIN : kind);
        }
    }

    private static boolean correlated(Expression e) {
        if (e instanceof OuterReference) {
            return true;
        }
        for (Expression child : list(e.children())) {
            if (correlated(child)) {
                return true;
            }
        }
        return false;
    }

    /** The columns {@code e} depends on choose which value {@code out} has: CONDITIONAL, scoped to {@code out}. */
    private void chooses(Expression e, Map<ExprId, Origins> input, Origins out) {
        Origins condition = value(e, input);
        condition.columns.keySet().forEach(column -> out.indirect(column, TransformationKind.CONDITIONAL));
        condition.indirect.forEach((column, kinds) -> kinds.forEach(kind -> out.indirect(column, kind)));
    }

    void collect(Expression e, Map<ExprId, Origins> input, TransformationKind path, Origins out) {
        if (e instanceof Alias alias) {
            collect(alias.child(), input, path, out);
        } else if (e instanceof AttributeReference attribute) {
            out.addAll(resolve(attribute, input), path);
        } else if (keepsTheValue(e)) {
            collect(e.children().apply(0), input, path, out);
        } else if (e instanceof OuterReference outer) {
            out.addAll(resolveOuter(outer.e().toAttribute()), path);
        } else if (e instanceof Attribute attribute) {
            throw LineageUnsupported.because("attribute " + attribute.getClass().getSimpleName());
        } else if (e instanceof AggregateExpression aggregate) {
            AggregateFunction function = aggregate.aggregateFunction();
            requireKnown(function);
            List<Expression> arguments = list(function.children());
            if (function instanceof MaxMinBy && arguments.size() == 2) {
                collect(arguments.get(0), input, compose(path, TransformationKind.TRANSFORMATION), out);
                collect(arguments.get(1), input, compose(path, TransformationKind.AGGREGATION), out);
            } else {
                TransformationKind kind = SELECTING_AGGREGATES.contains(function.getClass().getSimpleName())
                        ? TransformationKind.TRANSFORMATION : TransformationKind.AGGREGATION;
                for (Expression argument : arguments) {
                    collect(argument, input, compose(path, kind), out);
                }
            }
            Optional<Expression> filter = optional(aggregate.filter());
            if (filter.isPresent()) { // FILTER (WHERE ...) of this aggregate: shapes this value only
                Origins condition = value(filter.get(), input);
                condition.columns.keySet().forEach(column -> out.indirect(column, TransformationKind.FILTER));
                condition.indirect.forEach((column, kinds) -> kinds.forEach(kind -> out.indirect(column, kind)));
            }
        } else if (e instanceof WindowExpression window) {
            // the keys of this window shape this window's value only (not other windows, not other columns)
            WindowSpecDefinition spec = window.windowSpec();
            for (Expression key : list(spec.partitionSpec())) {
                windowKey(key, input, out);
            }
            for (SortOrder key : list(spec.orderSpec())) {
                windowKey(key, input, out);
            }
            Expression function = window.windowFunction();
            if (function instanceof RankLike || function instanceof RowNumberLike
                    || function.getClass().getSimpleName().equals("NTile")
                    || function.getClass().getSimpleName().equals("CumeDist")) {
                requireKnown(function);
                return; // a position within the window: only its keys influence it (WINDOW)
            }
            collect(function, input, path, out);
        } else if (e instanceof SubqueryExpression subquery) {
            // A scalar subquery's value is its output column's (path kept); an IN/EXISTS subquery's is a boolean
            // computed from its output (TRANSFORMATION). Its own conditions shape only this value; its outer
            // columns (the correlation) are JOIN keys, as in the equivalent join.
            requireKnown(e);
            TransformationKind kind = e instanceof ScalarSubquery ? path
                    : compose(path, TransformationKind.TRANSFORMATION);
            Map<ExprId, Origins> lineage = new HashMap<>();
            Map<ColumnRef, EnumSet<TransformationKind>> inner = state.scoped(() ->
                    lineage.putAll(subquery(subquery.plan(), input)));
            for (Attribute attribute : list(subquery.plan().output())) {
                out.addAll(state.origins(lineage, attribute), kind);
            }
            inner.forEach((column, kinds) -> kinds.forEach(k -> out.indirect(column, k)));
            for (Expression child : list(e.children())) {
                Origins key = value(child, input);
                key.columns.keySet().forEach(column -> out.indirect(column, TransformationKind.JOIN));
                key.indirect.forEach((column, kinds) -> kinds.forEach(k -> out.indirect(column, k)));
            }
        } else if (e instanceof With with) {
            // a common subexpression (NULLIF, ...): each reference is the defined expression's origins
            for (CommonExpressionDef definition : list(with.defs())) {
                commonExpressions.put(definition.id(), value(definition.child(), input));
            }
            collect(with.child(), input, path, out);
        } else if (e instanceof CommonExpressionRef ref) {
            Origins defined = commonExpressions.get(ref.id());
            if (defined == null) {
                throw LineageUnsupported.because("a common subexpression that cannot be traced");
            }
            out.addAll(defined, path);
        } else if (e instanceof CaseWhen caseWhen) {
            requireKnown(e);
            TransformationKind branch = compose(path, TransformationKind.TRANSFORMATION);
            for (Tuple2<Expression, Expression> when : list(caseWhen.branches())) {
                chooses(when._1(), input, out);
                collect(when._2(), input, branch, out);
            }
            Optional<Expression> otherwise = optional(caseWhen.elseValue());
            if (otherwise.isPresent()) {
                collect(otherwise.get(), input, branch, out);
            }
        } else if (e instanceof If conditional) {
            requireKnown(e);
            chooses(conditional.predicate(), input, out);
            collect(conditional.trueValue(), input, compose(path, TransformationKind.TRANSFORMATION), out);
            collect(conditional.falseValue(), input, compose(path, TransformationKind.TRANSFORMATION), out);
        } else if (e instanceof Coalesce coalesce) {
            // every argument but the last is also tested (IS NULL decides whether the next one is used)
            requireKnown(e);
            List<Expression> arguments = list(coalesce.children());
            for (int i = 0; i < arguments.size(); i++) {
                if (i < arguments.size() - 1) {
                    chooses(arguments.get(i), input, out);
                }
                collect(arguments.get(i), input, compose(path, TransformationKind.TRANSFORMATION), out);
            }
        } else {
            requireKnown(e);
            for (Expression child : list(e.children())) {
                collect(child, input, compose(path, TransformationKind.TRANSFORMATION), out);
            }
        }
    }

    /**
     * A cast to the type the value already has (Spark adds them over view columns and written columns) or a
     * nullability marker: the value is the input's, unchanged.
     */
    private boolean keepsTheValue(Expression e) {
        if (e instanceof Cast cast) {
            return cast.child().dataType().equals(cast.dataType());
        }
        String name = e.getClass().getSimpleName();
        return (name.equals("KnownNotNull") || name.equals("KnownNullable"))
                && e.getClass().getName().startsWith(CATALYST_EXPRESSIONS) && e.children().size() == 1;
    }

    private void windowKey(Expression key, Map<ExprId, Origins> input, Origins out) {
        Origins origins = value(key, input);
        origins.columns.keySet().forEach(column -> out.indirect(column, TransformationKind.WINDOW));
        origins.indirect.forEach((column, kinds) -> kinds.forEach(kind -> out.indirect(column, kind)));
    }

    private Map<ExprId, Origins> subquery(LogicalPlan plan, Map<ExprId, Origins> outer) {
        state.outerScopes.push(outer);
        try {
            return operators.walk(plan);
        } finally {
            state.outerScopes.pop();
        }
    }

    private Origins resolve(Attribute attribute, Map<ExprId, Origins> input) {
        Origins origins = input.get(attribute.exprId());
        if (origins != null) {
            return origins;
        }
        return resolveOuter(attribute);
    }

    private Origins resolveOuter(Attribute attribute) {
        for (Map<ExprId, Origins> scope : state.outerScopes) {
            Origins origins = scope.get(attribute.exprId());
            if (origins != null) {
                return origins;
            }
        }
        throw LineageUnsupported.because("column " + attribute.name() + " cannot be traced to its input");
    }

    void requireKnown(Expression e) {
        String name = e.getClass().getName();
        if (!name.startsWith(CATALYST_EXPRESSIONS) || UNPLACEABLE.contains(e.getClass().getSimpleName())) {
            throw LineageUnsupported.because("function " + e.prettyName());
        }
    }
}
