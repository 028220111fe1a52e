package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;
import static org.shuyu.jobs.authz.PrivilegeExtractor.commandName;
import static org.shuyu.jobs.authz.PrivilegeExtractor.notAllowed;

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
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.AttributeSet;
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
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.catalyst.plans.logical.SetOperation;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.View;
import org.apache.spark.sql.catalyst.plans.logical.WithCTE;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.policy.AccessType;
import org.shuyu.policy.MaskType;
import scala.runtime.BoxedUnit;

/**
 * The reads of a query plan, fail closed: every read of a catalog table must sit under the masking projection of
 * {@link SecureRelationsRule} (with the masks and row filter in force), files must lie under the workspace's paths,
 * and operators, data sources and functions that could bypass enforcement are refused.
 *
 * <p>Columns read are derived from the plan's references, top-down: a column is needed if a parent operator's
 * expressions reference it (projections, filters, join conditions, grouping, ordering, windows, subqueries) or if
 * it flows into the statement's result. Set operations and CTE references are followed by position.
 */
final class QueryReads {
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

    private final PrivilegeExtractor privileges;
    /** Table read ("db.table") to the lower-case columns needed (empty = only the table). */
    private final Map<String, Set<String>> tableReads = new LinkedHashMap<>();
    private final Map<Long, BitSet> cteColumnsNeeded = new HashMap<>();

    QueryReads(PrivilegeExtractor privileges) {
        this.privileges = requireNonNull(privileges, "privileges is null");
    }

    /** The SELECT accesses of the catalog tables read so far: each table, then each column needed. */
    List<AccessRequest> tableAccesses() {
        List<AccessRequest> all = new ArrayList<>();
        for (Map.Entry<String, Set<String>> read : tableReads.entrySet()) {
            String[] name = read.getKey().split("\\.", 2);
            all.add(AccessRequest.table(AccessType.SELECT, name[0], name[1]));
            for (String column : read.getValue()) {
                all.add(AccessRequest.column(AccessType.SELECT, name[0], name[1], column));
            }
        }
        return all;
    }

    void query(LogicalPlan plan) {
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
            privileges.add(privileges.tableAccess(AccessType.SELECT, view.desc().identifier()));
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
        privileges.enforcement().declaredSource(scan.database(), scan.table())
                .ifPresent(source -> source.requireSameRead(relation));
        List<AttributeReference> columns = Scala.list(relation.output());
        List<NamedExpression> projection = Scala.list(project.projectList());
        if (projection.size() != columns.size()) {
            throw unenforced(scan.qualifiedName());
        }
        Set<String> used = tableReads.computeIfAbsent(scan.qualifiedName(), k -> new LinkedHashSet<>());
        Authorizer authorizer = privileges.enforcement().authorizer();
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
            privileges.add(AccessRequest.url(AccessType.READ,
                    privileges.enforcement().paths().requireInside(path.toString(), "read")));
        }
    }

    private static Set<ExprId> ids(scala.collection.Iterable<? extends Attribute> attributes) {
        Set<ExprId> out = new HashSet<>();
        for (Attribute attribute : Scala.list(attributes)) {
            out.add(attribute.exprId());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Set<ExprId> ids(AttributeSet attributes) {
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
