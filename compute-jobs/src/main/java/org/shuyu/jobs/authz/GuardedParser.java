package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParameterContext;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.shuyu.policy.AccessType;
import scala.runtime.BoxedUnit;

/**
 * Parser wrapper: refuses queries of files by path ({@code SELECT * FROM parquet.`/path`}) with a clear code
 * before analysis. Spark would resolve such a relation by reading the files during analysis, before any check rule
 * runs; the session also has {@code spark.sql.runSQLOnFiles=false}, so this is the readable refusal on top of
 * that: {@code PATH_OUTSIDE_WORKSPACE} for a path outside the workspace, {@code COMMAND_NOT_ALLOWED} otherwise.
 */
public final class GuardedParser implements ParserInterface {
    /** Data source names Spark accepts as the first part of a file query. */
    static final Set<String> SOURCE_NAMES = Set.of("parquet", "csv", "json", "orc", "text", "avro", "binaryfile",
            "xml", "delta", "jdbc", "libsvm", "image", "noop", "console", "rate", "socket", "kafka");

    private final ParserInterface delegate;
    private final EnforcementResolver resolver;
    private final org.apache.spark.sql.SparkSession session;

    public GuardedParser(ParserInterface delegate, Enforcement enforcement) {
        this(delegate, enforcement, null);
    }

    public GuardedParser(ParserInterface delegate, Enforcement enforcement, org.apache.spark.sql.SparkSession session) {
        this(delegate, EnforcementResolver.fixed(enforcement), session);
    }

    /** A parser of {@code session} that asks {@code resolver} for the session's enforcement on every call. */
    public GuardedParser(ParserInterface delegate, EnforcementResolver resolver,
                         org.apache.spark.sql.SparkSession session) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.resolver = requireNonNull(resolver, "resolver is null");
        this.session = session;
    }

    /** The enforcement of this parser's session, resolved now (unknown session: refused). */
    private Enforcement enforcement() {
        return resolver.resolve(session);
    }

    @Override
    public LogicalPlan parsePlan(String sqlText) throws ParseException {
        return guard(delegate.parsePlan(sqlText));
    }

    @Override
    public LogicalPlan parsePlanWithParameters(String sqlText, ParameterContext context) throws ParseException {
        return guard(delegate.parsePlanWithParameters(sqlText, context));
    }

    @Override
    public LogicalPlan parseQuery(String sqlText) throws ParseException {
        return guard(delegate.parseQuery(sqlText));
    }

    @Override
    public Expression parseExpression(String sqlText) throws ParseException {
        Expression expression = delegate.parseExpression(sqlText);
        if (enforcement().enabled()) {
            inspect(expression);
        }
        return expression;
    }

    @Override
    public TableIdentifier parseTableIdentifier(String sqlText) throws ParseException {
        TableIdentifier identifier = delegate.parseTableIdentifier(sqlText);
        if (enforcement().enabled() && identifier.database().isDefined()) {
            relation(List.of(identifier.database().get(), identifier.table()));
        }
        return identifier;
    }

    @Override
    public FunctionIdentifier parseFunctionIdentifier(String sqlText) throws ParseException {
        return delegate.parseFunctionIdentifier(sqlText);
    }

    @Override
    public scala.collection.immutable.Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException {
        scala.collection.immutable.Seq<String> parts = delegate.parseMultipartIdentifier(sqlText);
        if (enforcement().enabled()) {
            relation(Scala.list(parts));
        }
        return parts;
    }

    @Override
    public StructType parseRoutineParam(String sqlText) throws ParseException {
        return delegate.parseRoutineParam(sqlText);
    }

    @Override
    public StructType parseTableSchema(String sqlText) throws ParseException {
        return delegate.parseTableSchema(sqlText);
    }

    @Override
    public DataType parseDataType(String sqlText) throws ParseException {
        return delegate.parseDataType(sqlText);
    }

    private LogicalPlan guard(LogicalPlan plan) {
        if (enforcement().enabled()) {
            inspect(plan);
        }
        return plan;
    }

    private void inspect(QueryPlan<?> plan) {
        if (plan instanceof UnresolvedRelation relation) {
            relation(Scala.list(relation.multipartIdentifier()));
            java.util.Set<String> keys = new java.util.TreeSet<>();
            for (String key : relation.options().keySet()) {
                if (!DeclaredSource.isInternal(key)) {
                    keys.add(key);
                }
            }
            if (!keys.isEmpty()) {
                perReadOptions(Scala.list(relation.multipartIdentifier()), keys);
            }
        }
        if (plan instanceof org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement insert) {
            inspect(insert.table()); // the target is not a child of the statement
        }
        for (Object expression : Scala.list(plan.expressions())) {
            inspect((Expression) expression);
        }
        for (Object child : Scala.list(plan.children())) {
            inspect((QueryPlan<?>) child);
        }
        for (Object inner : Scala.list(plan.innerChildren())) {
            if (inner instanceof QueryPlan<?> innerPlan) {
                inspect(innerPlan);
            }
        }
    }

    private void inspect(Expression expression) {
        expression.foreach(e -> {
            if (e instanceof SubqueryExpression subquery) {
                inspect(subquery.plan());
            }
            return BoxedUnit.UNIT;
        });
    }

    private void relation(List<String> parts) {
        unknownDatabase(parts);
        if (parts.size() < 2 || !SOURCE_NAMES.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
            return;
        }
        String path = String.join(".", parts.subList(1, parts.size()));
        if (!path.contains("/") && !path.contains(":")) {
            return; // a table in a database that happens to be named like a format
        }
        enforcement().paths().requireInside(path, "query of files by path");
        throw PrivilegeExtractor.notAllowed("querying files by path (" + parts.get(0) + ".`" + path
                + "`); register the files as a table");
    }

    /**
     * {@code source WITH ('k' = 'v')}: per-read options on a catalog source dataset are refused as soon as they are
     * parsed, with the option names (the analysed-plan check in {@link PrivilegeExtractor} is the guarantee; this is
     * the clear message, also for options Spark itself would reject as conflicting with the table's).
     */
    private void perReadOptions(List<String> parts, java.util.Set<String> keys) {
        String database;
        String table = parts.get(parts.size() - 1);
        if (parts.size() == 1) {
            if (session == null) {
                throw new EnforcementException(org.shuyu.jobs.JobsErrorCode.READ_OPTIONS_NOT_ALLOWED,
                        "per-read options on table " + table + " cannot be checked; read it without options");
            }
            database = session.catalog().currentDatabase();
        } else {
            database = parts.get(parts.size() - 2);
        }
        if (enforcement().declaredSource(database, table).isPresent()) {
            throw new EnforcementException(org.shuyu.jobs.JobsErrorCode.READ_OPTIONS_NOT_ALLOWED,
                    "source dataset " + (database + "." + table).toLowerCase(Locale.ROOT) + " may be read only with "
                            + "the format, options and schema the platform declared; remove the per-read options "
                            + new java.util.TreeSet<>(keys));
        }
    }

    /**
     * A table of a database this session does not know (another workspace's, say) would only fail analysis as "not
     * found"; asking the policies first makes it the refusal it is: {@code ACCESS_DENIED} unless a policy allows it.
     */
    private void unknownDatabase(List<String> parts) {
        if (session == null || parts.size() < 2 || parts.size() > 3
                || (parts.size() == 3 && !parts.get(0).equalsIgnoreCase("spark_catalog"))) {
            return;
        }
        String database = parts.get(parts.size() - 2);
        String table = parts.get(parts.size() - 1);
        if (SOURCE_NAMES.contains(database.toLowerCase(Locale.ROOT)) && (table.contains("/") || table.contains(":"))) {
            return; // a file query; refused by the caller
        }
        if (!session.sessionState().catalog().databaseExists(database)) {
            enforcement().authorizer().check(List.of(AccessRequest.table(AccessType.SELECT, database, table)));
        }
    }
}
