package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression$;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.catalyst.trees.TreeNodeTag;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.types.DataTypes;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.policy.MaskType;
import scala.Option;

/**
 * Analyzer (resolution) rule: every read of a catalog table becomes
 * {@code Project(masks) <- Filter(row filter) <- relation}, with the masks and the row filter Ranger gives for the
 * job's user. It runs in the resolution batch right after Spark turns a table name into a relation, before any
 * operator above it is resolved, so everything above — SELECT *, WHERE, JOIN conditions, GROUP BY, CAST, functions,
 * subqueries, CTEs, views — only ever sees the masked columns. Masked columns are aliases with NEW expression ids
 * (reusing the column's id would let the optimizer drop the mask as a no-op projection); the row filter sits below
 * the masks, so it filters raw values. The projection is tagged with a {@link SecuredScan}, so the subtree is never
 * rewritten twice, and {@link AuthorizationCheck} verifies every relation of the final plan is under such a tag.
 */
public final class SecureRelationsRule extends Rule<LogicalPlan> {
    static final TreeNodeTag<SecuredScan> SECURED = new TreeNodeTag<>("shuyu.securedScan");

    private static final String VALUE = "__shuyu_value";
    private static final String SALT = "__shuyu_salt";
    private static final String HASH_TEMPLATE = "sha2(concat(" + SALT + ", CAST(" + VALUE + " AS STRING)), 256)";
    private static final String PARTIAL_TEMPLATE = "CASE WHEN " + VALUE + " IS NULL THEN NULL ELSE concat(repeat('x', "
            + "greatest(char_length(CAST(" + VALUE + " AS STRING)) - 4, 0)), substring(CAST(" + VALUE
            + " AS STRING), -4)) END";

    private final EnforcementResolver resolver;
    private final SparkSession session;

    public SecureRelationsRule(Enforcement enforcement, SparkSession session) {
        this(EnforcementResolver.fixed(enforcement), session);
    }

    /** The rule of {@code session}, asking {@code resolver} for the session's enforcement on every plan. */
    public SecureRelationsRule(EnforcementResolver resolver, SparkSession session) {
        this.resolver = requireNonNull(resolver, "resolver is null");
        this.session = requireNonNull(session, "session is null");
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
        Enforcement enforcement = resolver.resolve(session);
        if (!enforcement.enabled()) {
            return plan;
        }
        try {
            return secure(plan, enforcement);
        } catch (EnforcementException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                    "masks and row filters could not be applied: " + e.getClass().getSimpleName(), e);
        }
    }

    private LogicalPlan secure(LogicalPlan plan, Enforcement enforcement) {
        // No shortcut for already-analysed subtrees: Spark caches a table's relation in its catalog, and that
        // instance is marked analysed as soon as any plan containing it was (e.g. during the privileged setup).
        if (plan.getTagValue(SECURED).isDefined()) {
            return plan;
        }
        if (plan instanceof LogicalRelation relation && relation.catalogTable().isDefined()) {
            return wrap(relation, enforcement);
        }
        return (LogicalPlan) plan.mapChildren(child -> secure((LogicalPlan) child, enforcement));
    }

    private LogicalPlan wrap(LogicalRelation relation, Enforcement enforcement) {
        CatalogTable table = relation.catalogTable().get();
        String database = Scala.optional(table.identifier().database())
                .orElseThrow(() -> new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                        "table " + table.identifier().table() + " has no database"))
                .toLowerCase(Locale.ROOT);
        String name = table.identifier().table().toLowerCase(Locale.ROOT);
        // A source dataset read with other options or another schema could put raw values in unmasked columns:
        // refused here already (the clearest message); the check rule verifies it again on the analysed plan.
        enforcement.declaredSource(database, name).ifPresent(source -> source.requireSameRead(relation));
        Authorizer authorizer = enforcement.authorizer();
        Optional<String> rowFilter = authorizer.rowFilter(database, name);
        List<AttributeReference> columns = Scala.list(relation.output());
        LogicalPlan below = relation;
        if (rowFilter.isPresent()) {
            below = new Filter(rowFilterExpression(rowFilter.get(), columns, database + "." + name), relation);
        }
        List<NamedExpression> projection = new ArrayList<>(columns.size());
        Map<String, MaskType> masks = new HashMap<>();
        for (AttributeReference column : columns) {
            Optional<MaskType> mask = authorizer.mask(database, name, column.name());
            if (mask.isEmpty()) {
                projection.add(column);
            } else {
                masks.put(column.name().toLowerCase(Locale.ROOT), mask.get());
                projection.add(new Alias(maskExpression(mask.get(), column, enforcement), column.name(),
                        NamedExpression$.MODULE$.newExprId(), Scala.seq(List.of()), Option.empty(),
                        Scala.seq(List.of())));
            }
        }
        Project project = new Project(Scala.seq(projection), below);
        project.setTagValue(SECURED, new SecuredScan(database, name, masks, rowFilter));
        return project;
    }

    private Expression maskExpression(MaskType mask, AttributeReference column, Enforcement enforcement) {
        return switch (mask) {
            case NULLIFY -> Literal.create(null, column.dataType());
            case HASH -> bind(parse(HASH_TEMPLATE), column,
                    Optional.of(Literal.create(enforcement.requireMaskSalt(), DataTypes.StringType)));
            case PARTIAL -> bind(parse(PARTIAL_TEMPLATE), column, Optional.empty());
        };
    }

    private static Expression bind(Expression template, AttributeReference column, Optional<Literal> salt) {
        return template.transform(Scala.partial(Expression.class, e -> {
            if (e instanceof UnresolvedAttribute a && a.nameParts().size() == 1) {
                String n = a.nameParts().head();
                if (n.equals(VALUE)) {
                    return Optional.of(column);
                }
                if (n.equals(SALT) && salt.isPresent()) {
                    return Optional.of(salt.get());
                }
            }
            return Optional.empty();
        }));
    }

    /** Ranger's filterExpr parsed with Spark's parser, its column names bound to this relation's columns. */
    private Expression rowFilterExpression(String filter, List<AttributeReference> columns, String table) {
        Expression parsed = parse(filter);
        if (parsed.find(scala(e -> e instanceof SubqueryExpression)).isDefined()) {
            throw new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                    "row filter of " + table + " has a subquery, which is not supported");
        }
        Expression bound = parsed.transform(Scala.partial(Expression.class, e -> {
            if (e instanceof UnresolvedAttribute a) {
                if (a.nameParts().size() != 1) {
                    throw unknownColumn(table, a.name());
                }
                String n = a.nameParts().head();
                return Optional.of(columns.stream().filter(c -> c.name().equalsIgnoreCase(n)).findFirst()
                        .orElseThrow(() -> unknownColumn(table, n)));
            }
            return Optional.empty();
        }));
        return bound;
    }

    private static scala.Function1<Expression, Object> scala(java.util.function.Predicate<Expression> test) {
        return e -> test.test(e);
    }

    private Expression parse(String sql) {
        try {
            return session.sessionState().sqlParser().parseExpression(sql);
        } catch (Exception e) {
            throw new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                    "a policy expression cannot be parsed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static EnforcementException unknownColumn(String table, String column) {
        return new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                "row filter of " + table + " names column '" + column + "', which the table does not have");
    }
}
