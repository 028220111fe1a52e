package org.shuyu.jobs.engine.connect;

import static org.shuyu.jobs.engine.connect.ConnectRefusal.denied;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.connect.proto.ApplyInPandasWithState;
import org.apache.spark.connect.proto.Catalog;
import org.apache.spark.connect.proto.CoGroupMap;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.CommonInlineUserDefinedDataSource;
import org.apache.spark.connect.proto.CommonInlineUserDefinedFunction;
import org.apache.spark.connect.proto.CommonInlineUserDefinedTableFunction;
import org.apache.spark.connect.proto.CreateDataFrameViewCommand;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.GroupMap;
import org.apache.spark.connect.proto.HtmlString;
import org.apache.spark.connect.proto.JavaUDF;
import org.apache.spark.connect.proto.MapPartitions;
import org.apache.spark.connect.proto.MergeIntoTableCommand;
import org.apache.spark.connect.proto.Plan;
import org.apache.spark.connect.proto.PythonDataSource;
import org.apache.spark.connect.proto.PythonUDF;
import org.apache.spark.connect.proto.PythonUDTF;
import org.apache.spark.connect.proto.Read;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.connect.proto.ScalarScalaUDF;
import org.apache.spark.connect.proto.ShowString;
import org.apache.spark.connect.proto.StreamingForeachFunction;
import org.apache.spark.connect.proto.TypedAggregateExpression;
import org.apache.spark.connect.proto.UnresolvedTableValuedFunction;
import org.apache.spark.connect.proto.WriteOperation;
import org.apache.spark.connect.proto.WriteOperationV2;
import org.shuyu.jobs.JobsErrorCode;
import org.sparkproject.connect.protobuf.Any;
import org.sparkproject.connect.protobuf.Descriptors.FieldDescriptor;
import org.sparkproject.connect.protobuf.Message;

/**
 * Why this class is long: it is the one place that decides which Spark Connect plan nodes may reach the engine, and
 * the decision is only convincing when the whole list can be read at once.
 *
 * <p>Walks a request's WHOLE message tree with protobuf reflection (every set message field, repeated fields and map
 * values included, iteratively so deep plans cannot overflow the stack) and refuses, wherever they occur:
 * <ul>
 *   <li>every message type that carries code ({@link #CODE_TYPES}) and every {@code google.protobuf.Any}
 *       (the extension points of relations, expressions, commands, user contexts and request options);</li>
 *   <li>every {@link Relation}, {@link Expression}, {@link Command} and {@link Catalog} whose kind is not on the
 *       allow-lists below (a kind added by a newer Spark is refused until someone reviews it);</li>
 *   <li>reads through data sources (paths, formats: {@code spark.read.*}), streaming reads, writes to paths or
 *       outside the workspace database, global temporary views (shared by every member of the engine), and
 *       {@code show}/{@code html} strings of more rows than the result cap.</li>
 * </ul>
 * SQL text is not inspected: it goes through the enforcement extension exactly like a batch statement.
 */
final class PlanInspector {
    /** Message types that carry code (serialized closures, Python or Java functions, data source implementations). */
    static final Set<String> CODE_TYPES = Set.of(
            CommonInlineUserDefinedFunction.getDescriptor().getFullName(),
            CommonInlineUserDefinedTableFunction.getDescriptor().getFullName(),
            CommonInlineUserDefinedDataSource.getDescriptor().getFullName(),
            ScalarScalaUDF.getDescriptor().getFullName(),
            PythonUDF.getDescriptor().getFullName(),
            PythonUDTF.getDescriptor().getFullName(),
            JavaUDF.getDescriptor().getFullName(),
            PythonDataSource.getDescriptor().getFullName(),
            TypedAggregateExpression.getDescriptor().getFullName(),
            MapPartitions.getDescriptor().getFullName(),
            GroupMap.getDescriptor().getFullName(),
            CoGroupMap.getDescriptor().getFullName(),
            ApplyInPandasWithState.getDescriptor().getFullName(),
            StreamingForeachFunction.getDescriptor().getFullName());
    static final String ANY_TYPE = Any.getDescriptor().getFullName();

    /** Relational operators whose meaning is fully visible to the analyser and the enforcement extension. */
    static final Set<Relation.RelTypeCase> ALLOWED_RELATIONS = EnumSet.of(
            Relation.RelTypeCase.READ, Relation.RelTypeCase.PROJECT, Relation.RelTypeCase.FILTER,
            Relation.RelTypeCase.JOIN, Relation.RelTypeCase.SET_OP, Relation.RelTypeCase.SORT,
            Relation.RelTypeCase.LIMIT, Relation.RelTypeCase.AGGREGATE, Relation.RelTypeCase.SQL,
            Relation.RelTypeCase.LOCAL_RELATION, Relation.RelTypeCase.SAMPLE, Relation.RelTypeCase.OFFSET,
            Relation.RelTypeCase.DEDUPLICATE, Relation.RelTypeCase.RANGE, Relation.RelTypeCase.SUBQUERY_ALIAS,
            Relation.RelTypeCase.REPARTITION, Relation.RelTypeCase.TO_DF, Relation.RelTypeCase.WITH_COLUMNS_RENAMED,
            Relation.RelTypeCase.SHOW_STRING, Relation.RelTypeCase.DROP, Relation.RelTypeCase.TAIL,
            Relation.RelTypeCase.WITH_COLUMNS, Relation.RelTypeCase.HINT, Relation.RelTypeCase.UNPIVOT,
            Relation.RelTypeCase.TO_SCHEMA, Relation.RelTypeCase.REPARTITION_BY_EXPRESSION,
            Relation.RelTypeCase.PARSE, Relation.RelTypeCase.HTML_STRING, Relation.RelTypeCase.CACHED_REMOTE_RELATION,
            Relation.RelTypeCase.AS_OF_JOIN, Relation.RelTypeCase.WITH_RELATIONS, Relation.RelTypeCase.TRANSPOSE,
            Relation.RelTypeCase.UNRESOLVED_TABLE_VALUED_FUNCTION, Relation.RelTypeCase.LATERAL_JOIN,
            Relation.RelTypeCase.FILL_NA, Relation.RelTypeCase.DROP_NA, Relation.RelTypeCase.REPLACE,
            Relation.RelTypeCase.SUMMARY, Relation.RelTypeCase.CROSSTAB, Relation.RelTypeCase.DESCRIBE,
            Relation.RelTypeCase.COV, Relation.RelTypeCase.CORR, Relation.RelTypeCase.APPROX_QUANTILE,
            Relation.RelTypeCase.FREQ_ITEMS, Relation.RelTypeCase.SAMPLE_BY, Relation.RelTypeCase.CATALOG);

    /** Expression kinds that are resolved by the analyser from names (no code travels with them). */
    static final Set<Expression.ExprTypeCase> ALLOWED_EXPRESSIONS = EnumSet.of(
            Expression.ExprTypeCase.LITERAL, Expression.ExprTypeCase.UNRESOLVED_ATTRIBUTE,
            Expression.ExprTypeCase.UNRESOLVED_FUNCTION, Expression.ExprTypeCase.EXPRESSION_STRING,
            Expression.ExprTypeCase.UNRESOLVED_STAR, Expression.ExprTypeCase.ALIAS, Expression.ExprTypeCase.CAST,
            Expression.ExprTypeCase.UNRESOLVED_REGEX, Expression.ExprTypeCase.SORT_ORDER,
            Expression.ExprTypeCase.LAMBDA_FUNCTION, Expression.ExprTypeCase.WINDOW,
            Expression.ExprTypeCase.UNRESOLVED_EXTRACT_VALUE, Expression.ExprTypeCase.UPDATE_FIELDS,
            Expression.ExprTypeCase.UNRESOLVED_NAMED_LAMBDA_VARIABLE, Expression.ExprTypeCase.CALL_FUNCTION,
            Expression.ExprTypeCase.NAMED_ARGUMENT_EXPRESSION, Expression.ExprTypeCase.MERGE_ACTION,
            Expression.ExprTypeCase.SUBQUERY_EXPRESSION, Expression.ExprTypeCase.DIRECT_SHUFFLE_PARTITION_ID);

    /** Commands that either are SQL (enforced by the extension) or write a DataFrame into the workspace. */
    static final Set<Command.CommandTypeCase> ALLOWED_COMMANDS = EnumSet.of(
            Command.CommandTypeCase.SQL_COMMAND, Command.CommandTypeCase.WRITE_OPERATION,
            Command.CommandTypeCase.WRITE_OPERATION_V2, Command.CommandTypeCase.CREATE_DATAFRAME_VIEW,
            Command.CommandTypeCase.MERGE_INTO_TABLE_COMMAND,
            Command.CommandTypeCase.REMOVE_CACHED_REMOTE_RELATION_COMMAND);

    /** Read-only catalog questions; everything else changes the catalog, the cache or the current namespace. */
    static final Set<Catalog.CatTypeCase> ALLOWED_CATALOG = EnumSet.of(
            Catalog.CatTypeCase.CURRENT_DATABASE, Catalog.CatTypeCase.LIST_DATABASES, Catalog.CatTypeCase.LIST_TABLES,
            Catalog.CatTypeCase.LIST_FUNCTIONS, Catalog.CatTypeCase.LIST_COLUMNS, Catalog.CatTypeCase.GET_DATABASE,
            Catalog.CatTypeCase.GET_TABLE, Catalog.CatTypeCase.GET_FUNCTION, Catalog.CatTypeCase.DATABASE_EXISTS,
            Catalog.CatTypeCase.TABLE_EXISTS, Catalog.CatTypeCase.FUNCTION_EXISTS, Catalog.CatTypeCase.IS_CACHED,
            Catalog.CatTypeCase.CURRENT_CATALOG, Catalog.CatTypeCase.LIST_CATALOGS,
            Catalog.CatTypeCase.LIST_PARTITIONS, Catalog.CatTypeCase.LIST_VIEWS);

    /** Table-valued functions that generate rows from their arguments (none reads files or other tables). */
    static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of("range", "explode", "explode_outer", "posexplode",
            "posexplode_outer", "inline", "inline_outer", "json_tuple", "stack", "variant_explode",
            "variant_explode_outer", "sql_keywords");

    /** Write options that only tune how the workspace's own files are written. */
    static final Set<String> ALLOWED_WRITE_OPTIONS = Set.of("compression", "maxrecordsperfile");
    /** Storage formats of tables written into the workspace database. */
    static final Set<String> ALLOWED_WRITE_FORMATS = Set.of("parquet", "orc");

    private final String workspaceDatabase;
    private final int maxResultRows;

    PlanInspector(String workspaceDatabase, int maxResultRows) {
        this.workspaceDatabase = workspaceDatabase.toLowerCase(Locale.ROOT);
        this.maxResultRows = maxResultRows;
    }

    /** Refuses (throws {@link ConnectRefusal}) if anything in {@code root}'s message tree is not allowed. */
    void inspect(Message root, String rootName) {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(new Node(root, rootName));
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            check(node.message(), node.path());
            for (Map.Entry<FieldDescriptor, Object> field : node.message().getAllFields().entrySet()) {
                FieldDescriptor descriptor = field.getKey();
                if (descriptor.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                    continue;
                }
                String path = node.path() + "." + descriptor.getName();
                if (descriptor.isRepeated()) {
                    List<?> values = (List<?>) field.getValue();
                    for (int i = values.size() - 1; i >= 0; i--) {
                        pending.push(new Node((Message) values.get(i), path + "[" + i + "]"));
                    }
                } else {
                    pending.push(new Node((Message) field.getValue(), path));
                }
            }
        }
    }

    private void check(Message message, String path) {
        String type = message.getDescriptorForType().getFullName();
        if (type.equals(ANY_TYPE)) {
            throw denied(JobsErrorCode.CONNECT_EXTENSION_REFUSED,
                    "extensions (google.protobuf.Any) are not accepted over Spark Connect (at " + path + ")");
        }
        if (CODE_TYPES.contains(type)) {
            throw denied(JobsErrorCode.CONNECT_CODE_REFUSED, "plans may not carry code: "
                    + simpleName(type) + " at " + path + " (UDFs, UDTFs, UDAFs and map functions are refused)");
        }
        if (message instanceof Plan plan) {
            checkPlan(plan, path);
        } else if (message instanceof Relation relation) {
            checkRelation(relation, path);
        } else if (message instanceof Expression expression) {
            checkExpression(expression, path);
        } else if (message instanceof Command command) {
            checkCommand(command, path);
        } else if (message instanceof Catalog catalog) {
            checkCatalog(catalog, path);
        } else if (message instanceof Read read) {
            checkRead(read, path);
        } else if (message instanceof ShowString show) {
            checkShownRows(show.getNumRows(), path);
        } else if (message instanceof HtmlString html) {
            checkShownRows(html.getNumRows(), path);
        } else if (message instanceof UnresolvedTableValuedFunction function) {
            checkTableFunction(function.getFunctionName(), path);
        } else if (message instanceof WriteOperation write) {
            checkWrite(write, path);
        } else if (message instanceof WriteOperationV2 write) {
            checkWriteV2(write, path);
        } else if (message instanceof CreateDataFrameViewCommand view) {
            if (view.getIsGlobal()) {
                throw denied(JobsErrorCode.CONNECT_CATALOG_REFUSED, "global temporary views are shared by every "
                        + "member of the engine; create a session view instead (at " + path + ")");
            }
        } else if (message instanceof MergeIntoTableCommand merge) {
            requireWorkspaceTable(merge.getTargetTableName(), path);
        }
    }

    private static void checkPlan(Plan plan, String path) {
        switch (plan.getOpTypeCase()) {
            case ROOT, COMMAND -> { }
            case COMPRESSED_OPERATION -> throw denied(JobsErrorCode.CONNECT_COMMAND_REFUSED,
                    "compressed plans are not accepted (at " + path + "); send the plan uncompressed");
            default -> throw denied(JobsErrorCode.CONNECT_COMMAND_REFUSED, "a plan without an operation (at "
                    + path + ")");
        }
    }

    private static void checkRelation(Relation relation, String path) {
        Relation.RelTypeCase kind = relation.getRelTypeCase();
        if (ALLOWED_RELATIONS.contains(kind)) {
            return;
        }
        String name = kind.name().toLowerCase(Locale.ROOT);
        throw switch (kind) {
            case MAP_PARTITIONS, GROUP_MAP, CO_GROUP_MAP, APPLY_IN_PANDAS_WITH_STATE,
                    COMMON_INLINE_USER_DEFINED_TABLE_FUNCTION, COMMON_INLINE_USER_DEFINED_DATA_SOURCE ->
                    denied(JobsErrorCode.CONNECT_CODE_REFUSED, "plans may not carry code: " + name + " at " + path);
            case CACHED_LOCAL_RELATION, CHUNKED_CACHED_LOCAL_RELATION -> denied(JobsErrorCode.CONNECT_ARTIFACTS_REFUSED,
                    "relations uploaded as artifacts are not accepted: " + name + " at " + path);
            case EXTENSION -> denied(JobsErrorCode.CONNECT_EXTENSION_REFUSED,
                    "relation extensions are not accepted (at " + path + ")");
            case WITH_WATERMARK -> denied(JobsErrorCode.CONNECT_STREAMING_REFUSED,
                    "streaming is not available over Spark Connect: " + name + " at " + path);
            case COLLECT_METRICS -> denied(JobsErrorCode.CONNECT_COMMAND_REFUSED, "observed metrics return values "
                    + "outside the result and its cap: " + name + " at " + path);
            default -> denied(JobsErrorCode.CONNECT_COMMAND_REFUSED,
                    "relation kind '" + name + "' is not allowed over Spark Connect (at " + path + ")");
        };
    }

    private static void checkExpression(Expression expression, String path) {
        Expression.ExprTypeCase kind = expression.getExprTypeCase();
        if (ALLOWED_EXPRESSIONS.contains(kind)) {
            return;
        }
        String name = kind.name().toLowerCase(Locale.ROOT);
        throw switch (kind) {
            case COMMON_INLINE_USER_DEFINED_FUNCTION, TYPED_AGGREGATE_EXPRESSION ->
                    denied(JobsErrorCode.CONNECT_CODE_REFUSED, "plans may not carry code: " + name + " at " + path);
            case EXTENSION -> denied(JobsErrorCode.CONNECT_EXTENSION_REFUSED,
                    "expression extensions are not accepted (at " + path + ")");
            default -> denied(JobsErrorCode.CONNECT_COMMAND_REFUSED,
                    "expression kind '" + name + "' is not allowed over Spark Connect (at " + path + ")");
        };
    }

    private static void checkCommand(Command command, String path) {
        Command.CommandTypeCase kind = command.getCommandTypeCase();
        if (ALLOWED_COMMANDS.contains(kind)) {
            return;
        }
        String name = kind.name().toLowerCase(Locale.ROOT);
        throw switch (kind) {
            case REGISTER_FUNCTION, REGISTER_TABLE_FUNCTION, REGISTER_DATA_SOURCE ->
                    denied(JobsErrorCode.CONNECT_CODE_REFUSED, "registering functions or data sources brings code: "
                            + name + " at " + path);
            case WRITE_STREAM_OPERATION_START, STREAMING_QUERY_COMMAND, STREAMING_QUERY_MANAGER_COMMAND,
                    STREAMING_QUERY_LISTENER_BUS_COMMAND -> denied(JobsErrorCode.CONNECT_STREAMING_REFUSED,
                    "streaming is not available over Spark Connect: " + name + " at " + path);
            case CHECKPOINT_COMMAND -> denied(JobsErrorCode.CONNECT_COMMAND_REFUSED, "checkpoints write files "
                    + "outside the workspace tables (at " + path + "); write a workspace table instead");
            case EXTENSION -> denied(JobsErrorCode.CONNECT_EXTENSION_REFUSED,
                    "command extensions are not accepted (at " + path + ")");
            default -> denied(JobsErrorCode.CONNECT_COMMAND_REFUSED,
                    "command '" + name + "' is not allowed over Spark Connect (at " + path + ")");
        };
    }

    private static void checkCatalog(Catalog catalog, String path) {
        Catalog.CatTypeCase kind = catalog.getCatTypeCase();
        if (!ALLOWED_CATALOG.contains(kind)) {
            throw denied(JobsErrorCode.CONNECT_CATALOG_REFUSED, "catalog operation '"
                    + kind.name().toLowerCase(Locale.ROOT) + "' is not allowed; only read-only listings are (at "
                    + path + ")");
        }
    }

    private static void checkRead(Read read, String path) {
        if (read.getIsStreaming()) {
            throw denied(JobsErrorCode.CONNECT_STREAMING_REFUSED,
                    "streaming reads are not available over Spark Connect (at " + path + ")");
        }
        if (read.getReadTypeCase() != Read.ReadTypeCase.NAMED_TABLE) {
            throw denied(JobsErrorCode.CONNECT_PATH_REFUSED, "reading through a data source (paths, formats, "
                    + "spark.read.<format>) is not allowed; read a registered table with spark.table (at " + path + ")");
        }
    }

    private void checkShownRows(int rows, String path) {
        if (rows > maxResultRows) {
            throw denied(JobsErrorCode.CONNECT_RESULT_TOO_LARGE, "show of " + rows + " rows is over the result cap of "
                    + maxResultRows + " (at " + path + "); write the result to a workspace table instead");
        }
    }

    private static void checkTableFunction(String name, String path) {
        String normalised = name.toLowerCase(Locale.ROOT).trim();
        if (ALLOWED_TABLE_FUNCTIONS.contains(normalised)) {
            return;
        }
        if (normalised.contains("read_files") || normalised.contains("file")) {
            throw denied(JobsErrorCode.CONNECT_PATH_REFUSED, "table function '" + normalised
                    + "' reads files (at " + path + ")");
        }
        throw denied(JobsErrorCode.CONNECT_COMMAND_REFUSED, "table function '" + normalised
                + "' is not allowed over Spark Connect (at " + path + "); allowed: "
                + String.join(", ", ALLOWED_TABLE_FUNCTIONS.stream().sorted().toList()));
    }

    private void checkWrite(WriteOperation write, String path) {
        switch (write.getSaveTypeCase()) {
            case TABLE -> requireWorkspaceTable(write.getTable().getTableName(), path);
            case PATH -> throw denied(JobsErrorCode.CONNECT_WRITE_REFUSED,
                    "writing to a path is not allowed; save a table in the workspace database (at " + path + ")");
            default -> throw denied(JobsErrorCode.CONNECT_WRITE_REFUSED,
                    "a write without a table name is not allowed (at " + path + ")");
        }
        if (write.hasSource()) {
            requireFormat(write.getSource(), path);
        }
        requireOptions(write.getOptionsMap(), path);
    }

    private void checkWriteV2(WriteOperationV2 write, String path) {
        requireWorkspaceTable(write.getTableName(), path);
        if (write.hasProvider()) {
            requireFormat(write.getProvider(), path);
        }
        requireOptions(write.getOptionsMap(), path);
        if (!write.getTablePropertiesMap().isEmpty()) {
            throw denied(JobsErrorCode.CONNECT_WRITE_REFUSED, "table properties are not accepted on writes (at "
                    + path + ")");
        }
    }

    private static void requireFormat(String format, String path) {
        if (!ALLOWED_WRITE_FORMATS.contains(format.toLowerCase(Locale.ROOT).trim())) {
            throw denied(JobsErrorCode.CONNECT_WRITE_REFUSED, "workspace tables are written as "
                    + String.join(" or ", ALLOWED_WRITE_FORMATS.stream().sorted().toList()) + " (at " + path + ")");
        }
    }

    private static void requireOptions(Map<String, String> options, String path) {
        for (String key : options.keySet()) {
            if (!ALLOWED_WRITE_OPTIONS.contains(key.toLowerCase(Locale.ROOT))) {
                throw denied(JobsErrorCode.CONNECT_WRITE_REFUSED, "write option '" + key + "' is not allowed (at "
                        + path + "); allowed: " + String.join(", ", ALLOWED_WRITE_OPTIONS.stream().sorted().toList()));
            }
        }
    }

    /** A table name must be unqualified or name the workspace database (optionally in {@code spark_catalog}). */
    private void requireWorkspaceTable(String name, String path) {
        List<String> parts = TableNames.parts(name);
        boolean inWorkspace = switch (parts.size()) {
            case 1 -> true;
            case 2 -> parts.get(0).equals(workspaceDatabase);
            case 3 -> parts.get(0).equals("spark_catalog") && parts.get(1).equals(workspaceDatabase);
            default -> false;
        };
        if (!inWorkspace) {
            throw denied(JobsErrorCode.CONNECT_WRITE_REFUSED, "writes go to tables of the workspace database '"
                    + workspaceDatabase + "' only (at " + path + ")");
        }
    }

    private static String simpleName(String fullName) {
        return fullName.substring(fullName.lastIndexOf('.') + 1);
    }

    private record Node(Message message, String path) { }
}
