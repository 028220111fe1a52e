package org.shuyu.jobs.lineage;

import static org.shuyu.jobs.lineage.PlanLineage.list;
import static org.shuyu.jobs.lineage.PlanLineage.lower;
import static org.shuyu.jobs.lineage.PlanLineage.optional;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.ResolvedIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.DropTable;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SetCatalogAndNamespace;
import org.apache.spark.sql.catalyst.plans.logical.SetTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowColumns;
import org.apache.spark.sql.catalyst.plans.logical.ShowCreateTable;
import org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowTables;
import org.apache.spark.sql.catalyst.plans.logical.UnsetTableProperties;
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
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import scala.Tuple2;

/**
 * Why this class is long: it is the one table of statement kinds (every command enforcement allows is recorded
 * here or refused), kept together so that a missing kind is visible in one place.
 *
 * <p>One statement's lineage by the kind of statement: writes (CTAS, saveAsTable, INSERT, views), CREATE TABLE, DROP,
 * rename, the statements that touch only metadata or session state, and queries. Any other command is refused. The
 * plan below a statement is walked by {@link OperatorWalk}.
 */
final class StatementWalk {
    private final WalkState state;
    private final PlanLineage.Names names;
    private final OperatorWalk operators;

    StatementWalk(Set<String> sources, PlanLineage.Names names) {
        this.state = new WalkState(sources, names);
        this.names = names;
        this.operators = new OperatorWalk(state);
    }

    StatementLineage statement(LogicalPlan plan, boolean preview) {
        if (preview) {
            return query(plan, StatementKind.PREVIEW);
        }
        if (plan instanceof CreateDataSourceTableAsSelectCommand ctas) {
            WriteMode mode = ctas.mode() == SaveMode.Overwrite ? WriteMode.OVERWRITE : WriteMode.CREATE;
            return write(StatementKind.CREATE_TABLE_AS_SELECT, state.table(ctas.table().identifier()),
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
            return write(kind, state.table(save.tableDesc().identifier()), DatasetKind.TABLE, mode, save.query(),
                    columns);
        }
        if (plan instanceof InsertIntoHadoopFsRelationCommand insert) {
            CatalogTable target = optional(insert.catalogTable())
                    .orElseThrow(() -> LineageUnsupported.because("a write to files that are not a table"));
            WriteMode mode = insert.mode() == SaveMode.Overwrite ? WriteMode.OVERWRITE : WriteMode.APPEND;
            StatementLineage lineage = write(StatementKind.INSERT, state.table(target.identifier()), DatasetKind.TABLE,
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
                    state.table(create.table().identifier()), DatasetKind.TABLE, WriteMode.CREATE, columns)),
                    List.of());
        }
        if (plan instanceof CreateViewCommand view) {
            String type = view.viewType().toString();
            if (!type.equals("PersistedView")) {
                return StatementLineage.other(); // a temporary view: looked through where it is used
            }
            List<String> columns = new ArrayList<>();
            for (Tuple2<String, scala.Option<String>> column : list(view.userSpecifiedColumns())) {
                columns.add(column._1());
            }
            if (columns.isEmpty()) {
                for (Attribute attribute : list(view.plan().output())) {
                    columns.add(attribute.name());
                }
            }
            return write(StatementKind.CREATE_VIEW, state.table(view.name()), DatasetKind.VIEW,
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
            return write(StatementKind.CREATE_VIEW, state.table(alter.name()), DatasetKind.VIEW, WriteMode.OVERWRITE,
                    alter.query(), columns);
        }
        if (plan instanceof DropTableCommand drop) {
            if (names.isTempView(drop.tableName())) {
                return StatementLineage.other();
            }
            return drop(state.table(drop.tableName()), drop.isView());
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
        String from = state.table(rename.oldName());
        TableIdentifier to = rename.newName();
        String target = optional(to.database()).isPresent() ? state.table(to)
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
        edges.sort(PlanLineage.EDGE_ORDER);
        return new StatementLineage(rename.isView() ? StatementKind.CREATE_VIEW
                : StatementKind.CREATE_TABLE_AS_SELECT, List.of(new InputDataset(from, kind, columns.stream()
                        .sorted().toList())),
                List.of(new OutputDataset(target, kind, WriteMode.CREATE, columns),
                        new OutputDataset(from, kind, WriteMode.DROP, List.of())), edges);
    }

    private StatementLineage query(LogicalPlan plan, StatementKind kind) {
        Map<ExprId, Origins> lineage = operators.walk(plan);
        Map<String, Set<String>> used = usedColumns();
        for (Attribute attribute : list(plan.output())) {
            Origins origins = state.origins(lineage, attribute);
            for (ColumnRef column : origins.columns.keySet()) {
                used.computeIfAbsent(column.dataset(), k -> new TreeSet<>()).add(column.column());
            }
            for (ColumnRef column : origins.indirect.keySet()) {
                used.computeIfAbsent(column.dataset(), k -> new TreeSet<>()).add(column.column());
            }
        }
        return new StatementLineage(kind, inputDatasets(used), List.of(), List.of());
    }

    private StatementLineage write(StatementKind kind, String target, DatasetKind targetKind, WriteMode mode,
            LogicalPlan query, List<String> columnNames) {
        Map<ExprId, Origins> lineage = operators.walk(query);
        List<Attribute> output = list(query.output());
        if (output.size() != columnNames.size()) {
            throw LineageUnsupported.because("the written columns do not match the query's");
        }
        List<String> columns = new ArrayList<>();
        Set<ColumnEdge> edges = new HashSet<>();
        for (int i = 0; i < output.size(); i++) {
            String column = lower(columnNames.get(i));
            columns.add(column);
            ColumnRef targetColumn = new ColumnRef(target, column);
            Origins origins = state.origins(lineage, output.get(i));
            origins.columns.forEach((source, sourceKind) ->
                    edges.add(new ColumnEdge(source, targetColumn, sourceKind)));
            origins.indirect.forEach((source, kinds) -> kinds.forEach(indirectKind ->
                    edges.add(new ColumnEdge(source, targetColumn, indirectKind))));
            state.indirect.forEach((source, kinds) -> kinds.forEach(indirectKind ->
                    edges.add(new ColumnEdge(source, targetColumn, indirectKind))));
        }
        Map<String, Set<String>> used = usedColumns();
        for (ColumnEdge edge : edges) {
            used.computeIfAbsent(edge.source().dataset(), k -> new TreeSet<>()).add(edge.source().column());
        }
        List<ColumnEdge> sorted = new ArrayList<>(edges);
        sorted.sort(PlanLineage.EDGE_ORDER);
        if (sorted.size() > LineageEvent.MAX_EDGES) {
            throw LineageUnsupported.because("more than " + LineageEvent.MAX_EDGES + " column edges");
        }
        return new StatementLineage(kind, inputDatasets(used),
                List.of(new OutputDataset(target, targetKind, mode, columns)), sorted);
    }

    private Map<String, Set<String>> usedColumns() {
        Map<String, Set<String>> used = new TreeMap<>();
        for (String name : state.inputs.keySet()) {
            used.put(name, new TreeSet<>());
        }
        for (ColumnRef column : state.indirect.keySet()) {
            used.computeIfAbsent(column.dataset(), k -> new TreeSet<>()).add(column.column());
        }
        return used;
    }

    private List<InputDataset> inputDatasets(Map<String, Set<String>> used) {
        List<InputDataset> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> entry : used.entrySet()) {
            out.add(new InputDataset(entry.getKey(), state.inputs.get(entry.getKey()), List.copyOf(entry.getValue())));
        }
        if (out.size() + 1 > LineageEvent.MAX_DATASETS) {
            throw LineageUnsupported.because("more than " + LineageEvent.MAX_DATASETS + " datasets");
        }
        return out;
    }
}
