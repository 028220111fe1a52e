package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.ResolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.ResolvedNamespace;
import org.apache.spark.sql.catalyst.analysis.ResolvedTable;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.SetTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowColumns;
import org.apache.spark.sql.catalyst.plans.logical.ShowCreateTable;
import org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.UnsetTableProperties;
import org.apache.spark.sql.execution.command.SaveAsV1TableCommand;
import org.apache.spark.sql.catalyst.analysis.ViewType;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.InputFileBlockLength;
import org.apache.spark.sql.catalyst.expressions.InputFileBlockStart;
import org.apache.spark.sql.catalyst.expressions.InputFileName;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationDef;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.CommandResult;
import org.apache.spark.sql.catalyst.plans.logical.DropTable;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.catalyst.plans.logical.SetCatalogAndNamespace;
import org.apache.spark.sql.catalyst.plans.logical.SetOperation;
import org.apache.spark.sql.catalyst.plans.logical.ShowTables;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.View;
import org.apache.spark.sql.catalyst.plans.logical.WithCTE;
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
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.execution.command.SetNamespaceCommand;
import org.apache.spark.sql.execution.command.ShowColumnsCommand;
import org.apache.spark.sql.execution.command.ShowCreateTableCommand;
import org.apache.spark.sql.execution.command.ShowFunctionsCommand;
import org.apache.spark.sql.execution.command.ShowNamespacesCommand;
import org.apache.spark.sql.execution.command.ShowTablePropertiesCommand;
import org.apache.spark.sql.execution.command.ShowTablesCommand;
import org.apache.spark.sql.execution.datasources.CreateTempViewUsing;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.InsertIntoHadoopFsRelationCommand;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.policy.AccessType;
import org.shuyu.policy.MaskType;
import scala.Tuple2;
import scala.runtime.BoxedUnit;

/**
 * Derives the accesses a fully analysed plan needs, fail closed: the statement is one of an allowlist of commands
 * (anything else is {@code COMMAND_NOT_ALLOWED}), paths are checked against the workspace before Ranger is asked,
 * and every read of a catalog table must sit under the masking projection of {@link SecureRelationsRule}.
 *
 * <p>Columns read are derived from the plan's references, top-down: a column is needed if a parent operator's
 * expressions reference it (projections, filters, join conditions, grouping, ordering, windows, subqueries) or if
 * it flows into the statement's result. Set operations and CTE references are followed by position.
 */
final class PrivilegeExtractor {
    /** Table formats a job may create or write; each is a file format under the workspace's paths. */
    static final Set<String> FILE_FORMATS = Set.of("parquet", "csv", "json", "orc", "text");

    /** Leaf operators that read no table or file (or that were checked when they were created). */
    private static final Set<String> SAFE_LEAVES = Set.of("LocalRelation", "OneRowRelation", "Range", "LogicalRDD",
            "ExternalRDD", "EmptyRelation");

    /** Functions that call arbitrary Java methods, by name (also covers wrappers that replace themselves later). */
    private static final Set<String> REFLECTION_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");
    /**
     * Functions whose only purpose is to fail on a chosen condition: evaluated on a row a policy filters out (Spark
     * does not promise the row filter is evaluated first), the error would tell something about that row.
     */
    private static final Set<String> ERROR_FUNCTIONS = Set.of("raise_error", "assert_true");

    private final Enforcement enforcement;
    private final SparkSession session;
    private final Set<AccessRequest> requests = new LinkedHashSet<>();
    /** Table read ("db.table") to the lower-case columns needed (empty = only the table). */
    private final Map<String, Set<String>> tableReads = new LinkedHashMap<>();
    private final Map<Long, BitSet> cteColumnsNeeded = new HashMap<>();

    PrivilegeExtractor(Enforcement enforcement, SparkSession session) {
        this.enforcement = requireNonNull(enforcement, "enforcement is null");
        this.session = requireNonNull(session, "session is null");
    }

    /** The accesses {@code plan} needs; throws a refusal for what is never allowed. */
    List<AccessRequest> extract(LogicalPlan plan) {
        statement(plan);
        List<AccessRequest> all = new ArrayList<>(requests);
        for (Map.Entry<String, Set<String>> read : tableReads.entrySet()) {
            String[] name = read.getKey().split("\\.", 2);
            all.add(AccessRequest.table(AccessType.SELECT, name[0], name[1]));
            for (String column : read.getValue()) {
                all.add(AccessRequest.column(AccessType.SELECT, name[0], name[1], column));
            }
        }
        return all;
    }

    private void statement(LogicalPlan plan) {
        if (plan instanceof SetCommand set) {
            Optional<Tuple2<String, scala.Option<String>>> kv = Scala.optional(set.kv());
            enforcement.lock().checkSet(kv.map(Tuple2::_1), kv.flatMap(t -> Scala.optional(t._2())));
        } else if (plan instanceof ResetCommand reset) {
            enforcement.lock().checkReset(Scala.optional(reset.config()));
        } else if (plan instanceof ExplainCommand explain) {
            // Analysing the explained statement runs this check on it: a refusal propagates from here.
            session.sessionState().executePlan(explain.logicalPlan(), CommandExecutionMode$.MODULE$.SKIP())
                    .assertAnalyzed();
        } else if (plan instanceof CreateDataSourceTableAsSelectCommand ctas) {
            createTable(ctas.table());
            query(ctas.query());
        } else if (plan instanceof SaveAsV1TableCommand save) {
            // DataFrameWriter.saveAsTable: creates the table, or writes into (and for overwrite replaces) it.
            createTable(save.tableDesc());
            if (session.sessionState().catalog().tableExists(save.tableDesc().identifier())) {
                requests.add(tableAccess(AccessType.UPDATE, save.tableDesc().identifier()));
                if (save.mode() == org.apache.spark.sql.SaveMode.Overwrite) {
                    requests.add(tableAccess(AccessType.DROP, save.tableDesc().identifier()));
                }
            }
            query(save.query());
        } else if (plan instanceof SetTableProperties alter) {
            requests.add(resolvedTable(AccessType.ALTER, alter.table()));
        } else if (plan instanceof UnsetTableProperties alter) {
            requests.add(resolvedTable(AccessType.ALTER, alter.table()));
        } else if (plan instanceof ShowCreateTable show) {
            requests.add(resolvedTable(AccessType.SELECT, show.child()));
        } else if (plan instanceof ShowTableProperties show) {
            requests.add(resolvedTable(AccessType.SELECT, show.table()));
        } else if (plan instanceof ShowColumns show) {
            requests.add(resolvedTable(AccessType.SELECT, show.child()));
        } else if (plan instanceof DescribeRelation describe) {
            requests.add(resolvedTable(AccessType.SELECT, describe.relation()));
        } else if (plan instanceof CreateDataSourceTableCommand create) {
            createTable(create.table());
        } else if (plan instanceof InsertIntoHadoopFsRelationCommand insert) {
            Optional<CatalogTable> table = Scala.optional(insert.catalogTable());
            if (table.isPresent()) {
                requests.add(tableAccess(AccessType.UPDATE, table.get().identifier()));
            } else {
                requireFormat(insert.fileFormat().toString(), "write");
                requests.add(AccessRequest.url(AccessType.WRITE,
                        enforcement.paths().requireInside(insert.outputPath().toString(), "write")));
            }
            query(insert.query());
        } else if (plan instanceof InsertIntoDataSourceDirCommand dir) {
            String location = Scala.optional(dir.storage().locationUri()).map(Object::toString)
                    .orElseThrow(() -> notAllowed("INSERT OVERWRITE DIRECTORY without a path"));
            String path = enforcement.paths().requireInside(location, "INSERT OVERWRITE DIRECTORY");
            requireFormat(dir.provider(), "INSERT OVERWRITE DIRECTORY");
            requests.add(AccessRequest.url(AccessType.WRITE, path));
            query(dir.query());
        } else if (plan instanceof DropTableCommand drop) {
            if (!isTempView(drop.tableName())) {
                requests.add(tableAccess(AccessType.DROP, drop.tableName()));
            }
        } else if (plan instanceof DropTable drop) {
            if (!(drop.child() instanceof ResolvedIdentifier id) || !isSessionCatalog(id.catalog().name())
                    || id.identifier().namespace().length != 1) {
                throw notAllowed("DROP TABLE outside the session catalog");
            }
            requests.add(AccessRequest.table(AccessType.DROP, id.identifier().namespace()[0], id.identifier().name()));
        } else if (plan instanceof DropTempViewCommand) {
            return; // session-local: nothing of the workspace changes
        } else if (plan instanceof AlterTableAddColumnsCommand alter) {
            requests.add(tableAccess(AccessType.ALTER, alter.table()));
        } else if (plan instanceof AlterTableChangeColumnCommand alter) {
            requests.add(tableAccess(AccessType.ALTER, alter.tableName()));
        } else if (plan instanceof AlterTableSetPropertiesCommand alter) {
            requests.add(tableAccess(AccessType.ALTER, alter.tableName()));
        } else if (plan instanceof AlterTableUnsetPropertiesCommand alter) {
            requests.add(tableAccess(AccessType.ALTER, alter.tableName()));
        } else if (plan instanceof AlterTableRenameCommand rename) {
            if (isTempView(rename.oldName())) {
                return;
            }
            AccessRequest from = tableAccess(AccessType.ALTER, rename.oldName());
            requests.add(from);
            String database = Scala.optional(rename.newName().database()).orElse(from.database().orElseThrow());
            requests.add(AccessRequest.table(AccessType.CREATE, database, rename.newName().table()));
        } else if (plan instanceof CreateViewCommand view) {
            createView(view);
        } else if (plan instanceof AlterViewAsCommand alter) {
            if (!isTempView(alter.name())) {
                AccessRequest access = tableAccess(AccessType.ALTER, alter.name());
                requireWorkspaceDatabase(access.database().orElseThrow(), "a permanent view");
                requests.add(access);
            }
            query(alter.query());
        } else if (plan instanceof DescribeTableCommand describe) {
            readTableMetadata(describe.table());
        } else if (plan instanceof DescribeColumnCommand describe) {
            readTableMetadata(describe.table());
            if (!isTempView(describe.table())) {
                AccessRequest table = tableAccess(AccessType.SELECT, describe.table());
                requests.add(AccessRequest.column(AccessType.SELECT, table.database().orElseThrow(),
                        table.table().orElseThrow(), String.join(".", Scala.list(describe.colNameParts()))));
            }
        } else if (plan instanceof ShowColumnsCommand show) {
            readTableMetadata(show.tableName().copy(show.tableName().table(),
                    show.databaseName().isDefined() ? show.databaseName() : show.tableName().database(),
                    show.tableName().catalog()));
        } else if (plan instanceof ShowCreateTableCommand show) {
            readTableMetadata(show.table());
        } else if (plan instanceof ShowTablePropertiesCommand show) {
            readTableMetadata(show.table());
        } else if (plan instanceof ShowTablesCommand || plan instanceof ShowTables
                || plan instanceof ShowNamespacesCommand || plan instanceof ShowFunctionsCommand
                || plan instanceof DescribeFunctionCommand || plan instanceof SetNamespaceCommand) {
            // Catalog listings: a job's catalog holds only its own sources and workspace tables.
            return;
        } else if (plan instanceof SetCatalogAndNamespace use) {
            if (!(use.child() instanceof ResolvedNamespace ns) || !isSessionCatalog(ns.catalog().name())) {
                throw notAllowed("switching to another catalog");
            }
        } else if (plan instanceof CreateTempViewUsing using) {
            Optional<String> path = Scala.optional(using.options().get("path"));
            if (path.isPresent()) {
                enforcement.paths().requireInside(path.get(), "temporary view over files");
            }
            throw notAllowed("CREATE TEMPORARY VIEW ... USING (a view over files); read files through a table");
        } else if (plan instanceof ResolvedTable) {
            // A catalog lookup (the Catalog API resolves names this way): metadata of a table.
            requests.add(resolvedTable(AccessType.SELECT, plan));
        } else if (plan.children().isEmpty() && plan.getClass().getSimpleName().startsWith("Resolved")
                && plan.getClass().getName().startsWith("org.apache.spark.sql.catalyst.analysis.")) {
            return; // other catalog lookups (namespaces, views, functions): names only, no data
        } else if (plan instanceof Command) {
            throw notAllowed(commandName(plan));
        } else {
            query(plan);
        }
    }

    private void createTable(CatalogTable table) {
        String provider = Scala.optional(table.provider()).orElse("").toLowerCase(Locale.ROOT);
        requireFormat(provider, "table " + table.identifier().unquotedString());
        Optional<String> location = Scala.optional(table.storage().locationUri()).map(Object::toString);
        if (location.isPresent()) {
            requests.add(AccessRequest.url(AccessType.WRITE,
                    enforcement.paths().requireInside(location.get(), "table location")));
        }
        requests.add(tableAccess(AccessType.CREATE, table.identifier()));
    }

    private void createView(CreateViewCommand view) {
        ViewType type = view.viewType();
        String kind = type.toString();
        if (kind.equals("PersistedView")) {
            AccessRequest access = tableAccess(AccessType.CREATE, view.name());
            requireWorkspaceDatabase(access.database().orElseThrow(), "a permanent view");
            requests.add(access);
        } else if (!kind.equals("LocalTempView")) {
            throw notAllowed("CREATE GLOBAL TEMPORARY VIEW");
        }
        query(view.plan());
    }

    private void requireWorkspaceDatabase(String database, String what) {
        if (!database.equalsIgnoreCase(enforcement.workspaceDatabase())) {
            throw notAllowed(what + " outside the workspace database " + enforcement.workspaceDatabase()
                    + " (in " + database + ")");
        }
    }

    private void readTableMetadata(TableIdentifier identifier) {
        if (!isTempView(identifier)) {
            requests.add(tableAccess(AccessType.SELECT, identifier));
        }
    }

    private static void requireFormat(String format, String what) {
        String name = format.toLowerCase(Locale.ROOT);
        for (String allowed : FILE_FORMATS) {
            if (name.equals(allowed) || name.startsWith(allowed + "fileformat")
                    || name.equals("org.apache.spark.sql.execution.datasources." + allowed)) {
                return;
            }
        }
        if (name.startsWith("org.apache.spark.sql.execution.datasources.parquet.parquetfileformat")
                || name.startsWith("org.apache.spark.sql.execution.datasources.csv.csvfileformat")
                || name.startsWith("org.apache.spark.sql.execution.datasources.json.jsonfileformat")
                || name.startsWith("org.apache.spark.sql.execution.datasources.orc.orcfileformat")
                || name.startsWith("org.apache.spark.sql.execution.datasources.text.textfileformat")) {
            return;
        }
        throw notAllowed("data source format '" + format + "' for " + what + " (allowed: " + FILE_FORMATS + ")");
    }

    // ---------------------------------------------------------------------------------------------- reads

    private void query(LogicalPlan plan) {
        read(plan, ids(plan.output()));
    }

    /** Walks {@code plan}; {@code needed} = ids of its output attributes the operators above use. */
    private void read(LogicalPlan plan, Set<ExprId> needed) {
        scala.Option<SecuredScan> secured = plan.getTagValue(SecureRelationsRule.SECURED);
        if (secured.isDefined()) {
            securedRead((Project) plan, secured.get(), needed);
            return;
        }
        if (plan instanceof LogicalRelation relation) {
            fileRead(relation);
            return;
        }
        if (plan instanceof DataSourceV2Relation || plan instanceof HiveTableRelation
                || plan.getClass().getSimpleName().startsWith("Streaming")) {
            throw notAllowed("reading data source " + plan.getClass().getSimpleName());
        }
        if (plan instanceof ScriptTransformation) {
            throw notAllowed("TRANSFORM ... USING (it runs an external script)");
        }
        if (plan instanceof Command && !(plan instanceof CommandResult)) {
            throw notAllowed(commandName(plan) + " inside a query");
        }
        if (plan instanceof View view && !view.isTempView()) {
            requests.add(tableAccess(AccessType.SELECT, view.desc().identifier()));
        }
        for (Expression expression : Scala.list(plan.expressions())) {
            expression(expression);
        }
        if (plan instanceof CTERelationRef ref) {
            BitSet columns = cteColumnsNeeded.computeIfAbsent(ref.cteId(), id -> new BitSet());
            List<Attribute> output = Scala.list(ref.output());
            for (int i = 0; i < output.size(); i++) {
                if (needed.contains(output.get(i).exprId())) {
                    columns.set(i);
                }
            }
            return;
        }
        if (plan instanceof WithCTE with) {
            read(with.plan(), needed);
            List<CTERelationDef> definitions = new ArrayList<>(Scala.list(with.cteDefs()));
            for (int i = definitions.size() - 1; i >= 0; i--) {
                CTERelationDef definition = definitions.get(i);
                BitSet columns = cteColumnsNeeded.getOrDefault(definition.id(), new BitSet());
                read(definition, byPosition(definition.output(), columns));
            }
            return;
        }
        List<LogicalPlan> children = Scala.list(plan.children());
        if (children.isEmpty()) {
            if (!(plan instanceof CommandResult) && !SAFE_LEAVES.contains(plan.getClass().getSimpleName())) {
                throw notAllowed("reading from " + plan.getClass().getSimpleName());
            }
            return;
        }
        if (plan instanceof Union || plan instanceof SetOperation) {
            List<Attribute> output = Scala.list(plan.output());
            BitSet positions = new BitSet();
            for (int i = 0; i < output.size(); i++) {
                if (needed.contains(output.get(i).exprId())) {
                    positions.set(i);
                }
            }
            for (LogicalPlan child : children) {
                Set<ExprId> childNeeded = byPosition(child.output(), positions);
                childNeeded.addAll(ids(plan.references()));
                read(child, childNeeded);
            }
            return;
        }
        Set<ExprId> references;
        if (plan instanceof Project project) {
            // A projection cannot drop rows: only the expressions whose result is needed read their inputs.
            references = new HashSet<>();
            for (NamedExpression item : Scala.list(project.projectList())) {
                if (needed.contains(item.exprId())) {
                    references.addAll(ids(((Expression) item).references()));
                }
            }
        } else {
            references = ids(plan.references());
        }
        for (LogicalPlan child : children) {
            Set<ExprId> childNeeded = new HashSet<>(references);
            for (Attribute attribute : Scala.list(child.output())) {
                if (needed.contains(attribute.exprId())) {
                    childNeeded.add(attribute.exprId());
                }
            }
            read(child, childNeeded);
        }
    }

    private void expression(Expression root) {
        root.foreach(e -> {
            if (e instanceof CallMethodViaReflection || REFLECTION_FUNCTIONS.contains(e.prettyName())) {
                throw notAllowed("reflect/java_method (they call arbitrary Java methods)");
            }
            if (ERROR_FUNCTIONS.contains(e.prettyName()) || e.getClass().getSimpleName().equals("RaiseError")) {
                throw notAllowed("raise_error/assert_true (an error on a filtered-out row would reveal it)");
            }
            if (e instanceof InputFileName || e instanceof InputFileBlockStart
                    || e instanceof InputFileBlockLength) {
                throw notAllowed("input_file_name/input_file_block_* (they expose storage paths)");
            }
            String name = e.getClass().getSimpleName();
            if (name.startsWith("Hive") || name.equals("PythonUDF") || name.equals("ScalaUDAF")) {
                throw notAllowed("function " + e.prettyName());
            }
            if (e instanceof SubqueryExpression subquery) {
                LogicalPlan plan = subquery.plan();
                read(plan, ids(plan.output()));
            }
            return BoxedUnit.UNIT;
        });
    }

    private void securedRead(Project project, SecuredScan scan, Set<ExprId> needed) {
        LogicalPlan below = project.child();
        Optional<Expression> filter = Optional.empty();
        if (below instanceof Filter f) {
            filter = Optional.of(f.condition());
            below = f.child();
        }
        if (!(below instanceof LogicalRelation relation) || relation.catalogTable().isEmpty()) {
            throw unenforced(scan.qualifiedName());
        }
        TableIdentifier identifier = relation.catalogTable().get().identifier();
        if (!scan.table().equalsIgnoreCase(identifier.table())
                || !scan.database().equalsIgnoreCase(Scala.optional(identifier.database()).orElse(""))
                || filter.isPresent() != scan.rowFilter().isPresent()) {
            throw unenforced(scan.qualifiedName());
        }
        // The guarantee: a source dataset is read exactly as the platform declared it, whatever the syntax.
        enforcement.declaredSource(scan.database(), scan.table())
                .ifPresent(source -> source.requireSameRead(relation));
        List<AttributeReference> columns = Scala.list(relation.output());
        List<NamedExpression> projection = Scala.list(project.projectList());
        if (projection.size() != columns.size()) {
            throw unenforced(scan.qualifiedName());
        }
        Set<String> used = tableReads.computeIfAbsent(scan.qualifiedName(), k -> new LinkedHashSet<>());
        Authorizer authorizer = enforcement.authorizer();
        for (int i = 0; i < columns.size(); i++) {
            AttributeReference column = columns.get(i);
            String name = column.name().toLowerCase(Locale.ROOT);
            if (column.metadata().contains("__metadata_col") || name.equals("_metadata")) {
                throw notAllowed("the _metadata column (it exposes storage paths)");
            }
            NamedExpression out = projection.get(i);
            MaskType applied = scan.masks().get(name);
            boolean ok;
            if (applied == null) {
                ok = out instanceof AttributeReference a && a.exprId().equals(column.exprId());
            } else {
                ok = out instanceof Alias alias && alias.name().equalsIgnoreCase(column.name())
                        && !alias.exprId().equals(column.exprId())
                        && ids(alias.child().references()).stream().allMatch(id -> id.equals(column.exprId()));
            }
            if (!ok || !Optional.ofNullable(applied).equals(authorizer.mask(scan.database(), scan.table(), name))) {
                throw changed(scan.qualifiedName());
            }
            if (needed.contains(out.exprId())) {
                used.add(name);
            }
        }
        if (!scan.rowFilter().equals(authorizer.rowFilter(scan.database(), scan.table()))) {
            throw changed(scan.qualifiedName());
        }
    }

    private void fileRead(LogicalRelation relation) {
        if (relation.catalogTable().isDefined()) {
            throw unenforced(relation.catalogTable().get().identifier().unquotedString());
        }
        if (!(relation.relation() instanceof HadoopFsRelation files)) {
            throw notAllowed("reading data source " + relation.relation().getClass().getSimpleName());
        }
        for (Object path : Scala.list(files.location().rootPaths())) {
            requests.add(AccessRequest.url(AccessType.READ, enforcement.paths().requireInside(path.toString(), "read")));
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** A table a v2 command resolved: only tables of the session catalog, one-part namespace. */
    private static AccessRequest resolvedTable(AccessType access, LogicalPlan child) {
        if (!(child instanceof ResolvedTable table) || !isSessionCatalog(table.catalog().name())
                || table.identifier().namespace().length != 1) {
            throw notAllowed("a statement on " + child.getClass().getSimpleName());
        }
        return AccessRequest.table(access, table.identifier().namespace()[0], table.identifier().name());
    }

    private AccessRequest tableAccess(AccessType access, TableIdentifier identifier) {
        scala.Option<String> catalog = identifier.catalog();
        if (catalog.isDefined() && !isSessionCatalog(catalog.get())) {
            throw notAllowed("tables of catalog " + catalog.get());
        }
        String database = Scala.optional(identifier.database())
                .orElseGet(() -> session.sessionState().catalog().getCurrentDatabase());
        return AccessRequest.table(access, database, identifier.table());
    }

    private boolean isTempView(TableIdentifier identifier) {
        return identifier.database().isEmpty() && session.sessionState().catalog().isTempView(identifier);
    }

    private static boolean isSessionCatalog(String name) {
        return "spark_catalog".equalsIgnoreCase(name);
    }

    private static Set<ExprId> ids(scala.collection.Iterable<? extends Attribute> attributes) {
        Set<ExprId> out = new HashSet<>();
        for (Attribute attribute : Scala.list(attributes)) {
            out.add(attribute.exprId());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Set<ExprId> ids(org.apache.spark.sql.catalyst.expressions.AttributeSet attributes) {
        Set<ExprId> out = new HashSet<>();
        for (Attribute attribute : Scala.list((scala.collection.Iterable<Attribute>) (Object) attributes.toSeq())) {
            out.add(attribute.exprId());
        }
        return out;
    }

    private static Set<ExprId> byPosition(scala.collection.Seq<Attribute> output, BitSet positions) {
        List<Attribute> attributes = Scala.list(output);
        Set<ExprId> out = new HashSet<>();
        for (int i = positions.nextSetBit(0); i >= 0 && i < attributes.size(); i = positions.nextSetBit(i + 1)) {
            out.add(attributes.get(i).exprId());
        }
        return out;
    }

    private static final Map<String, String> STATEMENT_NAMES = Map.ofEntries(
            Map.entry("AddJarsCommand", "ADD JAR"), Map.entry("AddFilesCommand", "ADD FILE"),
            Map.entry("AddArchivesCommand", "ADD ARCHIVE"), Map.entry("LoadDataCommand", "LOAD DATA"),
            Map.entry("CreateFunctionCommand", "CREATE FUNCTION"), Map.entry("CreateFunction", "CREATE FUNCTION"),
            Map.entry("CreateUserDefinedFunctionCommand", "CREATE FUNCTION"),
            Map.entry("AnalyzeTableCommand", "ANALYZE TABLE"), Map.entry("AnalyzeColumnCommand", "ANALYZE TABLE"),
            Map.entry("CacheTable", "CACHE TABLE"), Map.entry("CacheTableAsSelect", "CACHE TABLE"),
            Map.entry("UncacheTable", "UNCACHE TABLE"), Map.entry("TruncateTableCommand", "TRUNCATE TABLE"),
            Map.entry("CreateDatabaseCommand", "CREATE DATABASE"), Map.entry("CreateNamespace", "CREATE DATABASE"),
            Map.entry("DropNamespace", "DROP DATABASE"), Map.entry("CreateTableCommand", "a Hive-format table"),
            Map.entry("AlterTableSetLocationCommand", "ALTER TABLE ... SET LOCATION"),
            Map.entry("RefreshTableCommand", "REFRESH TABLE"), Map.entry("ListJarsCommand", "LIST JAR"),
            Map.entry("ListFilesCommand", "LIST FILE"), Map.entry("SaveIntoDataSourceCommand", "writing this data source"),
            Map.entry("InsertIntoDataSourceCommand", "writing this data source"));

    private static String commandName(LogicalPlan plan) {
        String simple = plan.getClass().getSimpleName();
        return STATEMENT_NAMES.getOrDefault(simple, "statement " + simple);
    }

    static EnforcementException notAllowed(String what) {
        return new EnforcementException(JobsErrorCode.COMMAND_NOT_ALLOWED, what + " is not allowed in a job");
    }

    private static EnforcementException unenforced(String table) {
        return new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                "table " + table + " would be read without its masks and row filter");
    }

    private static EnforcementException changed(String table) {
        return EnforcementException.policyChanged(
                "the masks or row filter applied to " + table + " no longer match the policies in force;"
                        + " run the statement again");
    }
}
