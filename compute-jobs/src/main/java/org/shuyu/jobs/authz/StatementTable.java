package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;
import static org.shuyu.jobs.authz.PrivilegeExtractor.isSessionCatalog;
import static org.shuyu.jobs.authz.PrivilegeExtractor.notAllowed;
import static org.shuyu.jobs.authz.PrivilegeExtractor.requireFormat;
import static org.shuyu.jobs.authz.PrivilegeExtractor.resolvedTable;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.catalyst.analysis.ResolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.ResolvedNamespace;
import org.apache.spark.sql.catalyst.analysis.ResolvedTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
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
import org.apache.spark.sql.execution.CommandExecutionMode$;
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
import org.apache.spark.sql.execution.datasources.CreateTempViewUsing;
import org.apache.spark.sql.execution.datasources.InsertIntoHadoopFsRelationCommand;
import org.shuyu.policy.AccessType;
import scala.Tuple2;

/**
 * THE table of statements a job may run: each Catalyst plan or command class that {@link PrivilegeExtractor} accepts
 * as a statement, with what it does ({@link StatementOperation}) and how its accesses are derived (a
 * {@link StatementExtractor}). A node kind is looked up by its class, then its superclasses (no registered class
 * extends another, so the order of the rows does not matter). A node kind that is not in the table is, in this order:
 * a table resolved by the Catalog API (its metadata), another name-only catalog lookup, a command (refused,
 * {@code COMMAND_NOT_ALLOWED}: the table is an allowlist), or a query (walked, which fails closed on what it does not
 * know).
 */
final class StatementTable {
    /** How one kind of statement adds its accesses (or throws a refusal). */
    @FunctionalInterface
    interface StatementExtractor<P extends LogicalPlan> {
        void extract(PrivilegeExtractor extractor, P plan);
    }

    /** One row: a node kind, what it does and its extractor. */
    record Rule<P extends LogicalPlan>(Class<P> kind, StatementOperation operation, StatementExtractor<P> extractor) {
        Rule {
            requireNonNull(kind, "kind is null");
            requireNonNull(operation, "operation is null");
            requireNonNull(extractor, "extractor is null");
        }

        void apply(PrivilegeExtractor privileges, LogicalPlan plan) {
            extractor.extract(privileges, kind.cast(plan));
        }
    }

    private static final Map<Class<?>, Rule<?>> RULES = new LinkedHashMap<>();

    private static final Rule<LogicalPlan> CATALOG_LOOKUP = new Rule<>(LogicalPlan.class,
            StatementOperation.CATALOG_LOOKUP, (x, plan) -> { }); // names only, no data
    private static final Rule<LogicalPlan> REFUSED = new Rule<>(LogicalPlan.class, StatementOperation.REFUSED,
            (x, plan) -> {
                throw notAllowed(PrivilegeExtractor.commandName(plan));
            });
    private static final Rule<LogicalPlan> QUERY = new Rule<>(LogicalPlan.class, StatementOperation.QUERY,
            PrivilegeExtractor::query);

    static {
        // session configuration: the session lock decides
        register(SetCommand.class, StatementOperation.SESSION_CONFIG, (x, set) -> {
            Optional<Tuple2<String, scala.Option<String>>> kv = Scala.optional(set.kv());
            x.enforcement().lock().checkSet(kv.map(Tuple2::_1), kv.flatMap(t -> Scala.optional(t._2())));
        });
        register(ResetCommand.class, StatementOperation.SESSION_CONFIG,
                (x, reset) -> x.enforcement().lock().checkReset(Scala.optional(reset.config())));
        // Analysing the explained statement runs this check on it: a refusal propagates from here.
        register(ExplainCommand.class, StatementOperation.EXPLAIN, (x, explain) -> x.session().sessionState()
                .executePlan(explain.logicalPlan(), CommandExecutionMode$.MODULE$.SKIP()).assertAnalyzed());

        // tables and writes
        register(CreateDataSourceTableAsSelectCommand.class, StatementOperation.CREATE_TABLE, (x, ctas) -> {
            x.createTable(ctas.table());
            x.query(ctas.query());
        });
        // DataFrameWriter.saveAsTable: creates the table, or writes into (and for overwrite replaces) it.
        register(SaveAsV1TableCommand.class, StatementOperation.CREATE_TABLE, (x, save) -> {
            x.createTable(save.tableDesc());
            if (x.session().sessionState().catalog().tableExists(save.tableDesc().identifier())) {
                x.add(x.tableAccess(AccessType.UPDATE, save.tableDesc().identifier()));
                if (save.mode() == SaveMode.Overwrite) {
                    x.add(x.tableAccess(AccessType.DROP, save.tableDesc().identifier()));
                }
            }
            x.query(save.query());
        });
        register(CreateDataSourceTableCommand.class, StatementOperation.CREATE_TABLE,
                (x, create) -> x.createTable(create.table()));
        register(InsertIntoHadoopFsRelationCommand.class, StatementOperation.WRITE, (x, insert) -> {
            Optional<CatalogTable> table = Scala.optional(insert.catalogTable());
            if (table.isPresent()) {
                x.add(x.tableAccess(AccessType.UPDATE, table.get().identifier()));
            } else {
                requireFormat(insert.fileFormat().toString(), "write");
                x.add(AccessRequest.url(AccessType.WRITE,
                        x.enforcement().paths().requireInside(insert.outputPath().toString(), "write")));
            }
            x.query(insert.query());
        });
        register(InsertIntoDataSourceDirCommand.class, StatementOperation.WRITE, (x, dir) -> {
            String location = Scala.optional(dir.storage().locationUri()).map(Object::toString)
                    .orElseThrow(() -> notAllowed("INSERT OVERWRITE DIRECTORY without a path"));
            String path = x.enforcement().paths().requireInside(location, "INSERT OVERWRITE DIRECTORY");
            requireFormat(dir.provider(), "INSERT OVERWRITE DIRECTORY");
            x.add(AccessRequest.url(AccessType.WRITE, path));
            x.query(dir.query());
        });

        // alter, rename, drop
        register(SetTableProperties.class, StatementOperation.ALTER,
                (x, alter) -> x.add(resolvedTable(AccessType.ALTER, alter.table())));
        register(UnsetTableProperties.class, StatementOperation.ALTER,
                (x, alter) -> x.add(resolvedTable(AccessType.ALTER, alter.table())));
        register(AlterTableAddColumnsCommand.class, StatementOperation.ALTER,
                (x, alter) -> x.add(x.tableAccess(AccessType.ALTER, alter.table())));
        register(AlterTableChangeColumnCommand.class, StatementOperation.ALTER,
                (x, alter) -> x.add(x.tableAccess(AccessType.ALTER, alter.tableName())));
        register(AlterTableSetPropertiesCommand.class, StatementOperation.ALTER,
                (x, alter) -> x.add(x.tableAccess(AccessType.ALTER, alter.tableName())));
        register(AlterTableUnsetPropertiesCommand.class, StatementOperation.ALTER,
                (x, alter) -> x.add(x.tableAccess(AccessType.ALTER, alter.tableName())));
        register(AlterTableRenameCommand.class, StatementOperation.ALTER, (x, rename) -> {
            if (x.isTempView(rename.oldName())) {
                return;
            }
            AccessRequest from = x.tableAccess(AccessType.ALTER, rename.oldName());
            x.add(from);
            String database = Scala.optional(rename.newName().database()).orElse(from.database().orElseThrow());
            x.add(AccessRequest.table(AccessType.CREATE, database, rename.newName().table()));
        });
        register(DropTableCommand.class, StatementOperation.DROP, (x, drop) -> {
            if (!x.isTempView(drop.tableName())) {
                x.add(x.tableAccess(AccessType.DROP, drop.tableName()));
            }
        });
        register(DropTable.class, StatementOperation.DROP, (x, drop) -> {
            if (!(drop.child() instanceof ResolvedIdentifier id) || !isSessionCatalog(id.catalog().name())
                    || id.identifier().namespace().length != 1) {
                throw notAllowed("DROP TABLE outside the session catalog");
            }
            x.add(AccessRequest.table(AccessType.DROP, id.identifier().namespace()[0], id.identifier().name()));
        });
        // session-local: nothing of the workspace changes
        register(DropTempViewCommand.class, StatementOperation.DROP, (x, drop) -> { });

        // views
        register(CreateViewCommand.class, StatementOperation.CREATE_VIEW, PrivilegeExtractor::createView);
        register(AlterViewAsCommand.class, StatementOperation.ALTER, (x, alter) -> {
            if (!x.isTempView(alter.name())) {
                AccessRequest access = x.tableAccess(AccessType.ALTER, alter.name());
                x.requireWorkspaceDatabase(access.database().orElseThrow(), "a permanent view");
                x.add(access);
            }
            x.query(alter.query());
        });
        register(CreateTempViewUsing.class, StatementOperation.REFUSED, (x, using) -> {
            Optional<String> path = Scala.optional(using.options().get("path"));
            if (path.isPresent()) {
                x.enforcement().paths().requireInside(path.get(), "temporary view over files");
            }
            throw notAllowed("CREATE TEMPORARY VIEW ... USING (a view over files); read files through a table");
        });

        // metadata of one table
        register(ShowCreateTable.class, StatementOperation.METADATA,
                (x, show) -> x.add(resolvedTable(AccessType.SELECT, show.child())));
        register(ShowTableProperties.class, StatementOperation.METADATA,
                (x, show) -> x.add(resolvedTable(AccessType.SELECT, show.table())));
        register(ShowColumns.class, StatementOperation.METADATA,
                (x, show) -> x.add(resolvedTable(AccessType.SELECT, show.child())));
        register(DescribeRelation.class, StatementOperation.METADATA,
                (x, describe) -> x.add(resolvedTable(AccessType.SELECT, describe.relation())));
        register(DescribeTableCommand.class, StatementOperation.METADATA,
                (x, describe) -> x.readTableMetadata(describe.table()));
        register(DescribeColumnCommand.class, StatementOperation.METADATA, (x, describe) -> {
            x.readTableMetadata(describe.table());
            if (!x.isTempView(describe.table())) {
                AccessRequest table = x.tableAccess(AccessType.SELECT, describe.table());
                x.add(AccessRequest.column(AccessType.SELECT, table.database().orElseThrow(),
                        table.table().orElseThrow(), String.join(".", Scala.list(describe.colNameParts()))));
            }
        });
        register(ShowColumnsCommand.class, StatementOperation.METADATA,
                (x, show) -> x.readTableMetadata(show.tableName().copy(show.tableName().table(),
                        show.databaseName().isDefined() ? show.databaseName() : show.tableName().database(),
                        show.tableName().catalog())));
        register(ShowCreateTableCommand.class, StatementOperation.METADATA,
                (x, show) -> x.readTableMetadata(show.table()));
        register(ShowTablePropertiesCommand.class, StatementOperation.METADATA,
                (x, show) -> x.readTableMetadata(show.table()));
        // A catalog lookup (the Catalog API resolves names this way): metadata of a table.
        register(ResolvedTable.class, StatementOperation.METADATA,
                (x, table) -> x.add(resolvedTable(AccessType.SELECT, table)));

        // Catalog listings: a job's catalog holds only its own sources and workspace tables.
        for (Class<? extends LogicalPlan> listing : List.of(ShowTablesCommand.class, ShowTables.class,
                ShowNamespacesCommand.class, ShowFunctionsCommand.class, DescribeFunctionCommand.class,
                SetNamespaceCommand.class)) {
            register(listing, StatementOperation.CATALOG_LISTING, (x, plan) -> { });
        }
        register(SetCatalogAndNamespace.class, StatementOperation.CATALOG_LISTING, (x, use) -> {
            if (!(use.child() instanceof ResolvedNamespace ns) || !isSessionCatalog(ns.catalog().name())) {
                throw notAllowed("switching to another catalog");
            }
        });
    }

    private StatementTable() {}

    private static <P extends LogicalPlan> void register(Class<P> kind, StatementOperation operation,
            StatementExtractor<P> extractor) {
        if (RULES.put(kind, new Rule<>(kind, operation, extractor)) != null) {
            throw new IllegalStateException("statement kind registered twice: " + kind.getName());
        }
    }

    /** The registered rows, in registration order. */
    static Collection<Rule<?>> rules() {
        return Collections.unmodifiableCollection(RULES.values());
    }

    /** The rule for a statement's plan: its row in the table, or the fallback for an unregistered node kind. */
    static Rule<?> ruleFor(LogicalPlan plan) {
        for (Class<?> kind = plan.getClass(); kind != null; kind = kind.getSuperclass()) {
            Rule<?> rule = RULES.get(kind);
            if (rule != null) {
                return rule;
            }
        }
        if (plan.children().isEmpty() && plan.getClass().getSimpleName().startsWith("Resolved")
                && plan.getClass().getName().startsWith("org.apache.spark.sql.catalyst.analysis.")) {
            return CATALOG_LOOKUP; // other catalog lookups (namespaces, views, functions): names only, no data
        }
        if (plan instanceof Command) {
            return REFUSED;
        }
        return QUERY;
    }
}
