package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.ResolvedTable;
import org.apache.spark.sql.catalyst.analysis.ViewType;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.CreateViewCommand;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.policy.AccessType;

/**
 * Derives the accesses a fully analysed plan needs, fail closed: the statement is one of the allowlist in
 * {@link StatementTable} (any other command is {@code COMMAND_NOT_ALLOWED}), paths are checked against the workspace
 * before Ranger is asked, and the reads of its queries are derived by {@link QueryReads}. The helpers here are the
 * ones the table's extractors share.
 */
final class PrivilegeExtractor {
    /** Table formats a job may create or write; each is a file format under the workspace's paths. */
    static final Set<String> FILE_FORMATS = Set.of("parquet", "csv", "json", "orc", "text");

    private final Enforcement enforcement;
    private final SparkSession session;
    private final Set<AccessRequest> requests = new LinkedHashSet<>();
    private final QueryReads reads = new QueryReads(this);

    PrivilegeExtractor(Enforcement enforcement, SparkSession session) {
        this.enforcement = requireNonNull(enforcement, "enforcement is null");
        this.session = requireNonNull(session, "session is null");
    }

    /** The accesses {@code plan} needs; throws a refusal for what is never allowed. */
    List<AccessRequest> extract(LogicalPlan plan) {
        StatementTable.ruleFor(plan).apply(this, plan);
        List<AccessRequest> all = new ArrayList<>(requests);
        all.addAll(reads.tableAccesses());
        return all;
    }

    // ---------------------------------------------------------------------------------------------- for the table

    Enforcement enforcement() {
        return enforcement;
    }

    SparkSession session() {
        return session;
    }

    void add(AccessRequest request) {
        requests.add(request);
    }

    /** Derives the reads of a query (a statement's, or the query of a command that writes or creates). */
    void query(LogicalPlan plan) {
        reads.query(plan);
    }

    void createTable(CatalogTable table) {
        String provider = Scala.optional(table.provider()).orElse("").toLowerCase(Locale.ROOT);
        requireFormat(provider, "table " + table.identifier().unquotedString());
        Optional<String> location = Scala.optional(table.storage().locationUri()).map(Object::toString);
        if (location.isPresent()) {
            add(AccessRequest.url(AccessType.WRITE,
                    enforcement.paths().requireInside(location.get(), "table location")));
        }
        add(tableAccess(AccessType.CREATE, table.identifier()));
    }

    void createView(CreateViewCommand view) {
        ViewType type = view.viewType();
        String kind = type.toString();
        if (kind.equals("PersistedView")) {
            AccessRequest access = tableAccess(AccessType.CREATE, view.name());
            requireWorkspaceDatabase(access.database().orElseThrow(), "a permanent view");
            add(access);
        } else if (!kind.equals("LocalTempView")) {
            throw notAllowed("CREATE GLOBAL TEMPORARY VIEW");
        }
        query(view.plan());
    }

    void requireWorkspaceDatabase(String database, String what) {
        if (!database.equalsIgnoreCase(enforcement.workspaceDatabase())) {
            throw notAllowed(what + " outside the workspace database " + enforcement.workspaceDatabase()
                    + " (in " + database + ")");
        }
    }

    void readTableMetadata(TableIdentifier identifier) {
        if (!isTempView(identifier)) {
            add(tableAccess(AccessType.SELECT, identifier));
        }
    }

    static void requireFormat(String format, String what) {
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

    // ---------------------------------------------------------------------------------------------- helpers

    /** A table a v2 command resolved: only tables of the session catalog, one-part namespace. */
    static AccessRequest resolvedTable(AccessType access, LogicalPlan child) {
        if (!(child instanceof ResolvedTable table) || !isSessionCatalog(table.catalog().name())
                || table.identifier().namespace().length != 1) {
            throw notAllowed("a statement on " + child.getClass().getSimpleName());
        }
        return AccessRequest.table(access, table.identifier().namespace()[0], table.identifier().name());
    }

    AccessRequest tableAccess(AccessType access, TableIdentifier identifier) {
        scala.Option<String> catalog = identifier.catalog();
        if (catalog.isDefined() && !isSessionCatalog(catalog.get())) {
            throw notAllowed("tables of catalog " + catalog.get());
        }
        String database = Scala.optional(identifier.database())
                .orElseGet(() -> session.sessionState().catalog().getCurrentDatabase());
        return AccessRequest.table(access, database, identifier.table());
    }

    boolean isTempView(TableIdentifier identifier) {
        return identifier.database().isEmpty() && session.sessionState().catalog().isTempView(identifier);
    }

    static boolean isSessionCatalog(String name) {
        return "spark_catalog".equalsIgnoreCase(name);
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

    static String commandName(LogicalPlan plan) {
        String simple = plan.getClass().getSimpleName();
        return STATEMENT_NAMES.getOrDefault(simple, "statement " + simple);
    }

    static EnforcementException notAllowed(String what) {
        return new EnforcementException(JobsErrorCode.COMMAND_NOT_ALLOWED, what + " is not allowed in a job");
    }
}
