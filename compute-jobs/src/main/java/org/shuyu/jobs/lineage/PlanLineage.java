package org.shuyu.jobs.lineage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.ResolvedIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Generator;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
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
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationDef;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.DropTable;
import org.apache.spark.sql.catalyst.plans.logical.Except;
import org.apache.spark.sql.catalyst.plans.logical.Expand;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.Intersect;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.SetCatalogAndNamespace;
import org.apache.spark.sql.catalyst.plans.logical.SetTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowColumns;
import org.apache.spark.sql.catalyst.plans.logical.ShowCreateTable;
import org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowTables;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.UnsetTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.View;
import org.apache.spark.sql.catalyst.plans.logical.Window;
import org.apache.spark.sql.catalyst.plans.logical.WithCTE;
import org.apache.spark.sql.execution.command.AlterTableAddColumnsCommand;
import org.apache.spark.sql.execution.command.AlterTableChangeColumnCommand;
import org.apache.spark.sql.execution.command.AlterTableRenameCommand;
import org.apache.spark.sql.execution.command.AlterTableSetPropertiesCommand;
import org.apache.spark.sql.execution.command.AlterTableUnsetPropertiesCommand;
import org.apache.spark.sql.execution.command.AlterViewAsCommand;
import org.apache.spark.sql.execution.command.CreateDataSourceTableAsSelectCommand;
import org.apache.spark.sql.execution.command.CreateDataSourceTableCommand;
import org.apache.spark.sql.execution.command.CreateViewCommand;
import org.apache.spark.sql.execution.command.DescribeColumnCommand;
import org.apache.spark.sql.execution.command.DescribeFunctionCommand;
import org.apache.spark.sql.execution.command.DescribeTableCommand;
import org.apache.spark.sql.execution.command.DropTableCommand;
import org.apache.spark.sql.execution.command.DropTempViewCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.apache.spark.sql.execution.command.InsertIntoDataSourceDirCommand;
import org.apache.spark.sql.execution.command.ResetCommand;
import org.apache.spark.sql.execution.command.SaveAsV1TableCommand;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.execution.command.SetNamespaceCommand;
import org.apache.spark.sql.execution.command.ShowColumnsCommand;
import org.apache.spark.sql.execution.command.ShowCreateTableCommand;
import org.apache.spark.sql.execution.command.ShowFunctionsCommand;
import org.apache.spark.sql.execution.command.ShowNamespacesCommand;
import org.apache.spark.sql.execution.command.ShowTablePropertiesCommand;
import org.apache.spark.sql.execution.command.ShowTablesCommand;
import org.apache.spark.sql.execution.datasources.InsertIntoHadoopFsRelationCommand;
import org.apache.spark.sql.types.StructField;
import org.shuyu.jobs.authz.SecuredReads;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Derives a statement's lineage from its analysed plan (docs/lineage-capture.md), fail closed: a command, plan node
 * or expression it does not know is refused ({@code LINEAGE_UNSUPPORTED}) rather than guessed. Pure: it only reads
 * the plan (and, for names, the session's current database and temporary views through {@link Names}).
 *
 * <p>Bottom-up, every operator maps each of its output attributes (by expression id) to the input columns the value
 * derives from, each with the kind of the path: masked anywhere on the path makes it MASKED, else an aggregation
 * AGGREGATION, else any function TRANSFORMATION, else IDENTITY. When one output reaches one input column along
 * several paths, {@link TransformationKind#strongest} picks the kind. Conditions (filters, join conditions, grouping,
 * window and sort keys) are collected as indirect kinds and apply to every written column.
 *
 * <p>Leaves are the masking projections of {@link org.shuyu.jobs.authz.SecureRelationsRule} (a table read; the
 * policy's row filter below is not the statement's and is not recorded), persistent views (a dataset of their own;
 * not looked into), and constant relations. Temporary views, CTEs and subqueries are looked through.
 */
public final class PlanLineage {
    /** The catalog facts names depend on. */
    public interface Names {
        String currentDatabase();

        boolean isTempView(TableIdentifier identifier);

        /** The columns of a table or view of the catalog, in order. */
        List<String> columns(TableIdentifier identifier);
    }

    /** Aggregates that return (a collection of) input values rather than computing a new one. */
    private static final Set<String> SELECTING_AGGREGATES = Set.of("Min", "Max", "First", "Last", "AnyValue",
            "CollectList", "CollectSet", "Mode", "PercentileDisc", "ApproximatePercentile", "PivotFirst",
            "CollectTopK", "ListAgg", "MaxMinByK", "ApproxTopK", "HistogramNumeric");
    /** Operators whose output attributes are their child's, unchanged, and that add no condition on the values. */
    private static final Set<String> PASS_THROUGH = Set.of("SubqueryAlias", "Distinct", "Deduplicate",
            "GlobalLimit", "LocalLimit", "Offset", "Tail", "Sample", "Repartition", "RepartitionByExpression",
            "RebalancePartitions", "ResolvedHint");
    /** Leaves that read nothing: constants. */
    private static final Set<String> CONSTANT_LEAVES = Set.of("LocalRelation", "OneRowRelation", "Range",
            "EmptyRelation");
    /** Functions whose result cannot be placed: code we do not know. */
    private static final Set<String> UNPLACEABLE = Set.of("ScalaUDF", "ScalaUDAF", "ScalaAggregator",
            "UserDefinedGenerator", "PythonUDF", "PythonUDAF", "PythonUDTF", "UnresolvedPolymorphicPythonUDTF");
    private static final String CATALYST_EXPRESSIONS = "org.apache.spark.sql.catalyst.expressions.";

    private final Set<String> sources;
    private final Names names;

    /** {@code sources}: the job's source datasets as {@code namespace.table}, any case. */
    public PlanLineage(Set<String> sources, Names names) {
        Set<String> lower = new java.util.HashSet<>();
        for (String source : requireNonNull(sources, "sources is null")) {
            lower.add(source.toLowerCase(Locale.ROOT));
        }
        this.sources = Set.copyOf(lower);
        this.names = requireNonNull(names, "names is null");
    }

    /** The lineage of an analysed statement; {@code preview} marks the result preview. */
    public StatementLineage derive(LogicalPlan analyzed, boolean preview) {
        try {
            return new Walk().statement(requireNonNull(analyzed, "analyzed is null"), preview);
        } catch (IllegalArgumentException e) {
            // A name the lineage model does not accept (e.g. not database.table): not recordable.
            throw LineageUnsupported.because("a name the lineage model does not accept: " + e.getMessage());
        } catch (org.shuyu.jobs.authz.EnforcementException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Anything unexpected while walking: the lineage is not established, so the statement does not run.
            throw LineageUnsupported.because("the plan could not be walked (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Origins of one value: input column to the kind of the path. */
    private static final class Origins {
        final Map<ColumnRef, TransformationKind> columns = new LinkedHashMap<>();

        static final Origins NONE = new Origins();

        void add(ColumnRef column, TransformationKind kind) {
            columns.merge(column, kind, TransformationKind::strongest);
        }

        void addAll(Origins other, TransformationKind path) {
            other.columns.forEach((column, kind) -> add(column, compose(path, kind)));
        }
    }

    /** Kinds along one path: the most transforming wins (IDENTITY < TRANSFORMATION < AGGREGATION < MASKED). */
    static TransformationKind compose(TransformationKind a, TransformationKind b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** One statement's walk (state: inputs seen, indirect influences, CTE definitions, outer scopes). */
    private final class Walk {
        private final Map<String, DatasetKind> inputs = new TreeMap<>();
        private final Map<ColumnRef, EnumSet<TransformationKind>> indirect = new LinkedHashMap<>();
        private final Map<Long, CTERelationDef> cteDefinitions = new HashMap<>();
        private final Map<Long, Map<ExprId, Origins>> cteLineage = new HashMap<>();
        private final Deque<Map<ExprId, Origins>> outerScopes = new ArrayDeque<>();

        StatementLineage statement(LogicalPlan plan, boolean preview) {
            if (preview) {
                return query(plan, StatementKind.PREVIEW);
            }
            if (plan instanceof CreateDataSourceTableAsSelectCommand ctas) {
                WriteMode mode = ctas.mode() == SaveMode.Overwrite ? WriteMode.OVERWRITE : WriteMode.CREATE;
                return write(StatementKind.CREATE_TABLE_AS_SELECT, table(ctas.table().identifier()),
                        DatasetKind.TABLE, mode, ctas.query(), list(ctas.outputColumnNames()));
            }
            if (plan instanceof SaveAsV1TableCommand save) {
                WriteMode mode = switch (save.mode()) {
                    case Overwrite -> WriteMode.OVERWRITE;
                    case Append -> WriteMode.APPEND;
                    default -> WriteMode.CREATE;
                };
                StatementKind kind = mode == WriteMode.APPEND ? StatementKind.INSERT
                        : StatementKind.CREATE_TABLE_AS_SELECT;
                List<String> columns = new ArrayList<>();
                for (Attribute attribute : list(save.query().output())) {
                    columns.add(attribute.name());
                }
                return write(kind, table(save.tableDesc().identifier()), DatasetKind.TABLE, mode, save.query(),
                        columns);
            }
            if (plan instanceof InsertIntoHadoopFsRelationCommand insert) {
                CatalogTable target = optional(insert.catalogTable())
                        .orElseThrow(() -> LineageUnsupported.because("a write to files that are not a table"));
                WriteMode mode = insert.mode() == SaveMode.Overwrite ? WriteMode.OVERWRITE : WriteMode.APPEND;
                StatementLineage lineage = write(StatementKind.INSERT, table(target.identifier()), DatasetKind.TABLE,
                        mode, insert.query(), list(insert.outputColumnNames()));
                // The table keeps all its columns (also those the insert did not name).
                List<String> all = new ArrayList<>();
                for (StructField field : target.schema().fields()) {
                    all.add(lower(field.name()));
                }
                OutputDataset written = lineage.outputs().get(0);
                return new StatementLineage(lineage.statement(), lineage.inputs(),
                        List.of(new OutputDataset(written.name(), written.kind(), written.mode(), all)),
                        lineage.edges());
            }
            if (plan instanceof InsertIntoDataSourceDirCommand) {
                throw LineageUnsupported.because("INSERT OVERWRITE DIRECTORY writes files that are not a table; "
                        + "write a workspace table instead");
            }
            if (plan instanceof CreateDataSourceTableCommand create) {
                List<String> columns = new ArrayList<>();
                for (StructField field : create.table().schema().fields()) {
                    columns.add(lower(field.name()));
                }
                return new StatementLineage(StatementKind.CREATE_TABLE, List.of(), List.of(new OutputDataset(
                        table(create.table().identifier()), DatasetKind.TABLE, WriteMode.CREATE, columns)),
                        List.of());
            }
            if (plan instanceof CreateViewCommand view) {
                String type = view.viewType().toString();
                if (!type.equals("PersistedView")) {
                    return StatementLineage.other(); // a temporary view: looked through where it is used
                }
                List<String> columns = new ArrayList<>();
                for (scala.Tuple2<String, scala.Option<String>> column : list(view.userSpecifiedColumns())) {
                    columns.add(column._1());
                }
                if (columns.isEmpty()) {
                    for (Attribute attribute : list(view.plan().output())) {
                        columns.add(attribute.name());
                    }
                }
                return write(StatementKind.CREATE_VIEW, table(view.name()), DatasetKind.VIEW,
                        view.replace() ? WriteMode.OVERWRITE : WriteMode.CREATE, view.plan(), columns);
            }
            if (plan instanceof AlterViewAsCommand alter) {
                if (names.isTempView(alter.name())) {
                    return StatementLineage.other();
                }
                List<String> columns = new ArrayList<>();
                for (Attribute attribute : list(alter.query().output())) {
                    columns.add(attribute.name());
                }
                return write(StatementKind.CREATE_VIEW, table(alter.name()), DatasetKind.VIEW, WriteMode.OVERWRITE,
                        alter.query(), columns);
            }
            if (plan instanceof DropTableCommand drop) {
                if (names.isTempView(drop.tableName())) {
                    return StatementLineage.other();
                }
                return drop(table(drop.tableName()), drop.isView());
            }
            if (plan instanceof DropTable drop) {
                if (!(drop.child() instanceof ResolvedIdentifier id) || id.identifier().namespace().length != 1) {
                    throw LineageUnsupported.because("DROP TABLE of " + drop.child().getClass().getSimpleName());
                }
                return drop(lower(id.identifier().namespace()[0]) + "." + lower(id.identifier().name()), false);
            }
            if (plan instanceof AlterTableRenameCommand rename) {
                return rename(rename);
            }
            if (isCatalogOnly(plan)) {
                return StatementLineage.other();
            }
            if (plan instanceof Command) {
                throw LineageUnsupported.because("statement " + plan.getClass().getSimpleName());
            }
            return query(plan, StatementKind.QUERY);
        }

        /** Statements that read or change only metadata or session state: no data moves. */
        private boolean isCatalogOnly(LogicalPlan plan) {
            return plan instanceof SetCommand || plan instanceof ResetCommand || plan instanceof ExplainCommand
                    || plan instanceof SetTableProperties || plan instanceof UnsetTableProperties
                    || plan instanceof ShowCreateTable || plan instanceof ShowTableProperties
                    || plan instanceof ShowColumns || plan instanceof DescribeRelation
                    || plan instanceof DropTempViewCommand || plan instanceof AlterTableAddColumnsCommand
                    || plan instanceof AlterTableChangeColumnCommand || plan instanceof AlterTableSetPropertiesCommand
                    || plan instanceof AlterTableUnsetPropertiesCommand || plan instanceof DescribeTableCommand
                    || plan instanceof DescribeColumnCommand || plan instanceof ShowColumnsCommand
                    || plan instanceof ShowCreateTableCommand || plan instanceof ShowTablePropertiesCommand
                    || plan instanceof ShowTablesCommand || plan instanceof ShowTables
                    || plan instanceof ShowNamespacesCommand || plan instanceof ShowFunctionsCommand
                    || plan instanceof DescribeFunctionCommand || plan instanceof SetNamespaceCommand
                    || plan instanceof SetCatalogAndNamespace
                    || (plan.children().isEmpty() && plan.getClass().getSimpleName().startsWith("Resolved")
                            && plan.getClass().getName().startsWith("org.apache.spark.sql.catalyst.analysis."));
        }

        private StatementLineage drop(String name, boolean view) {
            return new StatementLineage(view ? StatementKind.DROP_VIEW : StatementKind.DROP_TABLE, List.of(),
                    List.of(new OutputDataset(name, view ? DatasetKind.VIEW : DatasetKind.TABLE, WriteMode.DROP,
                            List.of())), List.of());
        }

        /**
         * A rename moves every column unchanged to the new name (a new dataset, IDENTITY edges) and the old name
         * goes away (DROP); recorded as the statement that creates such a dataset.
         */
        private StatementLineage rename(AlterTableRenameCommand rename) {
            if (names.isTempView(rename.oldName())) {
                return StatementLineage.other();
            }
            String from = table(rename.oldName());
            TableIdentifier to = rename.newName();
            String target = optional(to.database()).isPresent() ? table(to)
                    : from.substring(0, from.indexOf('.')) + "." + lower(to.table());
            DatasetKind kind = rename.isView() ? DatasetKind.VIEW : DatasetKind.TABLE;
            List<String> columns = new ArrayList<>();
            List<ColumnEdge> edges = new ArrayList<>();
            for (String column : names.columns(rename.oldName())) {
                String name = lower(column);
                columns.add(name);
                edges.add(new ColumnEdge(new ColumnRef(from, name), new ColumnRef(target, name),
                        TransformationKind.IDENTITY));
            }
            edges.sort(EDGE_ORDER);
            return new StatementLineage(rename.isView() ? StatementKind.CREATE_VIEW
                    : StatementKind.CREATE_TABLE_AS_SELECT, List.of(new InputDataset(from, kind, columns.stream()
                            .sorted().toList())),
                    List.of(new OutputDataset(target, kind, WriteMode.CREATE, columns),
                            new OutputDataset(from, kind, WriteMode.DROP, List.of())), edges);
        }

        private StatementLineage query(LogicalPlan plan, StatementKind kind) {
            Map<ExprId, Origins> lineage = walk(plan);
            Map<String, Set<String>> used = usedColumns();
            for (Attribute attribute : list(plan.output())) {
                for (ColumnRef column : origins(lineage, attribute).columns.keySet()) {
                    used.computeIfAbsent(column.dataset(), k -> new TreeSet<>()).add(column.column());
                }
            }
            return new StatementLineage(kind, inputDatasets(used), List.of(), List.of());
        }

        private StatementLineage write(StatementKind kind, String target, DatasetKind targetKind, WriteMode mode,
                LogicalPlan query, List<String> columnNames) {
            Map<ExprId, Origins> lineage = walk(query);
            List<Attribute> output = list(query.output());
            if (output.size() != columnNames.size()) {
                throw LineageUnsupported.because("the written columns do not match the query's");
            }
            List<String> columns = new ArrayList<>();
            Set<ColumnEdge> edges = new java.util.HashSet<>();
            for (int i = 0; i < output.size(); i++) {
                String column = lower(columnNames.get(i));
                columns.add(column);
                ColumnRef targetColumn = new ColumnRef(target, column);
                origins(lineage, output.get(i)).columns.forEach((source, sourceKind) ->
                        edges.add(new ColumnEdge(source, targetColumn, sourceKind)));
                indirect.forEach((source, kinds) -> kinds.forEach(indirectKind ->
                        edges.add(new ColumnEdge(source, targetColumn, indirectKind))));
            }
            Map<String, Set<String>> used = usedColumns();
            for (ColumnEdge edge : edges) {
                used.computeIfAbsent(edge.source().dataset(), k -> new TreeSet<>()).add(edge.source().column());
            }
            List<ColumnEdge> sorted = new ArrayList<>(edges);
            sorted.sort(EDGE_ORDER);
            if (sorted.size() > LineageEvent.MAX_EDGES) {
                throw LineageUnsupported.because("more than " + LineageEvent.MAX_EDGES + " column edges");
            }
            return new StatementLineage(kind, inputDatasets(used),
                    List.of(new OutputDataset(target, targetKind, mode, columns)), sorted);
        }

        private Map<String, Set<String>> usedColumns() {
            Map<String, Set<String>> used = new TreeMap<>();
            for (String name : inputs.keySet()) {
                used.put(name, new TreeSet<>());
            }
            for (ColumnRef column : indirect.keySet()) {
                used.computeIfAbsent(column.dataset(), k -> new TreeSet<>()).add(column.column());
            }
            return used;
        }

        private List<InputDataset> inputDatasets(Map<String, Set<String>> used) {
            List<InputDataset> out = new ArrayList<>();
            for (Map.Entry<String, Set<String>> entry : used.entrySet()) {
                out.add(new InputDataset(entry.getKey(), inputs.get(entry.getKey()), List.copyOf(entry.getValue())));
            }
            if (out.size() + 1 > LineageEvent.MAX_DATASETS) {
                throw LineageUnsupported.because("more than " + LineageEvent.MAX_DATASETS + " datasets");
            }
            return out;
        }

        // ------------------------------------------------------------------------------------------ operators

        /** Each output attribute of {@code plan} (and possibly more) to its origins. */
        private Map<ExprId, Origins> walk(LogicalPlan plan) {
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
                    out.put(item.exprId(), value((Expression) item, child));
                }
                return out;
            }
            if (plan instanceof Filter filter) {
                Map<ExprId, Origins> child = walk(filter.child());
                influence(filter.condition(), child, TransformationKind.FILTER);
                return child;
            }
            if (plan instanceof Join join) {
                Map<ExprId, Origins> out = new HashMap<>(walk(join.left()));
                out.putAll(walk(join.right()));
                Optional<Expression> condition = optional(join.condition());
                if (condition.isPresent()) {
                    influence(condition.get(), out, TransformationKind.JOIN);
                }
                return out;
            }
            if (plan instanceof Aggregate aggregate) {
                Map<ExprId, Origins> child = walk(aggregate.child());
                for (Expression key : list(aggregate.groupingExpressions())) {
                    influence(key, child, TransformationKind.GROUP_BY);
                }
                Map<ExprId, Origins> out = new HashMap<>();
                for (NamedExpression item : list(aggregate.aggregateExpressions())) {
                    out.put(item.exprId(), value((Expression) item, child));
                }
                return out;
            }
            if (plan instanceof Window window) {
                Map<ExprId, Origins> out = new HashMap<>(walk(window.child()));
                for (Expression key : list(window.partitionSpec())) {
                    influence(key, out, TransformationKind.WINDOW);
                }
                for (SortOrder key : list(window.orderSpec())) {
                    influence(key, out, TransformationKind.WINDOW);
                }
                Map<ExprId, Origins> child = new HashMap<>(out);
                for (NamedExpression item : list(window.windowExpressions())) {
                    out.put(item.exprId(), value((Expression) item, child));
                }
                return out;
            }
            if (plan instanceof Sort sort) {
                Map<ExprId, Origins> child = walk(sort.child());
                for (SortOrder key : list(sort.order())) {
                    influence(key, child, TransformationKind.SORT);
                }
                return child;
            }
            if (plan instanceof Generate generate) {
                Map<ExprId, Origins> out = new HashMap<>(walk(generate.child()));
                Generator generator = generate.generator();
                requireKnown((Expression) generator);
                Origins generated = new Origins();
                for (Expression argument : list(((Expression) generator).children())) {
                    collect(argument, out, TransformationKind.TRANSFORMATION, generated);
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
                        out.get(output.get(i).exprId()).addAll(value(items.get(i), child),
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
                        merged.get(i).addAll(origins(lineage, childOutput.get(i)), TransformationKind.IDENTITY);
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
                    origins(rightLineage, attribute).columns.keySet()
                            .forEach(column -> indirect(column, TransformationKind.FILTER));
                }
                return out;
            }
            if (plan instanceof WithCTE with) {
                for (CTERelationDef definition : list(with.cteDefs())) {
                    cteDefinitions.put(definition.id(), definition);
                }
                return walk(with.plan());
            }
            if (plan instanceof CTERelationRef ref) {
                CTERelationDef definition = cteDefinitions.get(ref.cteId());
                if (definition == null) {
                    throw LineageUnsupported.because("a reference to an unknown common table expression");
                }
                Map<ExprId, Origins> lineage = cteLineage.get(ref.cteId());
                if (lineage == null) {
                    lineage = walk(definition.child());
                    cteLineage.put(ref.cteId(), lineage);
                }
                List<Attribute> defined = list(definition.output());
                List<Attribute> output = list(ref.output());
                if (defined.size() != output.size()) {
                    throw LineageUnsupported.because("a common table expression with a different shape");
                }
                Map<ExprId, Origins> out = new HashMap<>();
                for (int i = 0; i < output.size(); i++) {
                    out.put(output.get(i).exprId(), origins(lineage, defined.get(i)));
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
            inputs.put(dataset, sources.contains(dataset) ? DatasetKind.SOURCE : DatasetKind.TABLE);
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
            String dataset = table(view.desc().identifier());
            inputs.put(dataset, DatasetKind.VIEW);
            Map<ExprId, Origins> out = new HashMap<>();
            for (Attribute attribute : list(view.output())) {
                Origins origins = new Origins();
                origins.add(new ColumnRef(dataset, lower(attribute.name())), TransformationKind.IDENTITY);
                out.put(attribute.exprId(), origins);
            }
            return out;
        }

        // ---------------------------------------------------------------------------------------- expressions

        private Origins value(Expression expression, Map<ExprId, Origins> input) {
            Origins out = new Origins();
            collect(expression, input, TransformationKind.IDENTITY, out);
            return out;
        }

        /** Every input column {@code expression} depends on influences all written columns by {@code kind}. */
        private void influence(Expression expression, Map<ExprId, Origins> input, TransformationKind kind) {
            value(expression, input).columns.keySet().forEach(column -> indirect(column, kind));
        }

        private void indirect(ColumnRef column, TransformationKind kind) {
            indirect.computeIfAbsent(column, k -> EnumSet.noneOf(TransformationKind.class)).add(kind);
        }

        private void collect(Expression e, Map<ExprId, Origins> input, TransformationKind path, Origins out) {
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
                    out.addAll(origins(lineage, attribute), path);
                }
                for (Expression child : list(e.children())) {
                    collect(child, input, compose(path, TransformationKind.TRANSFORMATION), out);
                }
            } else if (e instanceof SubqueryExpression subquery) {
                requireKnown(e);
                Map<ExprId, Origins> lineage = subquery(subquery.plan(), input);
                TransformationKind kind = compose(path, TransformationKind.TRANSFORMATION);
                for (Attribute attribute : list(subquery.plan().output())) {
                    out.addAll(origins(lineage, attribute), kind);
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
            outerScopes.push(outer);
            try {
                return walk(plan);
            } finally {
                outerScopes.pop();
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
            for (Map<ExprId, Origins> scope : outerScopes) {
                Origins origins = scope.get(attribute.exprId());
                if (origins != null) {
                    return origins;
                }
            }
            throw LineageUnsupported.because("column " + attribute.name() + " cannot be traced to its input");
        }

        private Origins origins(Map<ExprId, Origins> lineage, Attribute attribute) {
            Origins origins = lineage.get(attribute.exprId());
            if (origins == null) {
                throw LineageUnsupported.because("output column " + attribute.name() + " cannot be traced");
            }
            return origins;
        }

        private void requireKnown(Expression e) {
            String name = e.getClass().getName();
            if (!name.startsWith(CATALYST_EXPRESSIONS) || UNPLACEABLE.contains(e.getClass().getSimpleName())) {
                throw LineageUnsupported.because("function " + e.prettyName());
            }
        }

        private String table(TableIdentifier identifier) {
            String database = optional(identifier.database()).orElseGet(names::currentDatabase);
            return lower(database) + "." + lower(identifier.table());
        }
    }

    static final Comparator<ColumnEdge> EDGE_ORDER = Comparator
            .comparing((ColumnEdge e) -> e.target().dataset()).thenComparing(e -> e.target().column())
            .thenComparing(e -> e.source().dataset()).thenComparing(e -> e.source().column())
            .thenComparing(ColumnEdge::kind);

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static <T> List<T> list(scala.collection.Iterable<T> seq) {
        return List.copyOf(CollectionConverters.asJavaCollection(seq));
    }

    private static <T> Optional<T> optional(scala.Option<T> option) {
        return option.isDefined() ? Optional.ofNullable(option.get()) : Optional.empty();
    }
}
