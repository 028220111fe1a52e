package org.shuyu.jobs.lineage;

import static org.shuyu.jobs.lineage.PlanLineage.compose;
import static org.shuyu.jobs.lineage.PlanLineage.list;
import static org.shuyu.jobs.lineage.PlanLineage.optional;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.OuterReference;
import org.apache.spark.sql.catalyst.expressions.RankLike;
import org.apache.spark.sql.catalyst.expressions.RowNumberLike;
import org.apache.spark.sql.catalyst.expressions.ScalarSubquery;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.WindowExpression;
import org.apache.spark.sql.catalyst.expressions.WindowSpecDefinition;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateFunction;
import org.apache.spark.sql.catalyst.expressions.aggregate.MaxMinBy;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.shuyu.lineage.TransformationKind;

/**
 * Where the value of an expression comes from: the input columns it derives from, each with the kind of the path
 * (masked anywhere makes it MASKED, else an aggregation AGGREGATION, else any function TRANSFORMATION, else
 * IDENTITY), and the columns its conditions depend on (aggregate filters, window keys). Subqueries are walked by
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

    ExpressionOrigins(WalkState state, OperatorWalk operators) {
        this.state = state;
        this.operators = operators;
    }

    Origins value(Expression expression, Map<ExprId, Origins> input) {
        Origins out = new Origins();
        collect(expression, input, TransformationKind.IDENTITY, out);
        return out;
    }

    /** Every input column {@code expression} depends on influences all written columns by {@code kind}. */
    void influence(Expression expression, Map<ExprId, Origins> input, TransformationKind kind) {
        value(expression, input).columns.keySet().forEach(column -> state.indirect(column, kind));
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
            if (filter.isPresent()) {
                influence(filter.get(), input, TransformationKind.FILTER);
            }
        } else if (e instanceof WindowExpression window) {
            WindowSpecDefinition spec = window.windowSpec();
            for (Expression key : list(spec.partitionSpec())) {
                influence(key, input, TransformationKind.WINDOW);
            }
            for (SortOrder key : list(spec.orderSpec())) {
                influence(key, input, TransformationKind.WINDOW);
            }
            Expression function = window.windowFunction();
            if (function instanceof RankLike || function instanceof RowNumberLike
                    || function.getClass().getSimpleName().equals("NTile")
                    || function.getClass().getSimpleName().equals("CumeDist")) {
                requireKnown(function);
                return; // a position within the window: only its keys influence it (WINDOW)
            }
            collect(function, input, path, out);
        } else if (e instanceof ScalarSubquery subquery) {
            requireKnown(e);
            Map<ExprId, Origins> lineage = subquery(subquery.plan(), input);
            for (Attribute attribute : list(subquery.plan().output())) {
                out.addAll(state.origins(lineage, attribute), path);
            }
            for (Expression child : list(e.children())) {
                collect(child, input, compose(path, TransformationKind.TRANSFORMATION), out);
            }
        } else if (e instanceof SubqueryExpression subquery) {
            requireKnown(e);
            Map<ExprId, Origins> lineage = subquery(subquery.plan(), input);
            TransformationKind kind = compose(path, TransformationKind.TRANSFORMATION);
            for (Attribute attribute : list(subquery.plan().output())) {
                out.addAll(state.origins(lineage, attribute), kind);
            }
            for (Expression child : list(e.children())) {
                collect(child, input, kind, out);
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
