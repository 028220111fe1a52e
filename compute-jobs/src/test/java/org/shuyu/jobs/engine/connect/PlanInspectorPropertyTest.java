package org.shuyu.jobs.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.jobs.engine.connect.ConnectPlans.CONNECT_SESSION;
import static org.shuyu.jobs.engine.connect.ConnectPlans.DATABASE;
import static org.shuyu.jobs.engine.connect.ConnectPlans.MEMBER;
import static org.shuyu.jobs.engine.connect.ConnectPlans.SESSION;
import static org.shuyu.jobs.engine.connect.ConnectPlans.column;
import static org.shuyu.jobs.engine.connect.ConnectPlans.execute;
import static org.shuyu.jobs.engine.connect.ConnectPlans.function;
import static org.shuyu.jobs.engine.connect.ConnectPlans.sql;
import static org.shuyu.jobs.engine.connect.ConnectPlans.table;
import static org.shuyu.jobs.engine.connect.ConnectPlans.user;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.spark.connect.proto.Aggregate;
import org.apache.spark.connect.proto.AnalyzePlanRequest;
import org.apache.spark.connect.proto.CommonInlineUserDefinedFunction;
import org.apache.spark.connect.proto.CommonInlineUserDefinedTableFunction;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.Filter;
import org.apache.spark.connect.proto.GroupMap;
import org.apache.spark.connect.proto.JavaUDF;
import org.apache.spark.connect.proto.Join;
import org.apache.spark.connect.proto.Limit;
import org.apache.spark.connect.proto.MapPartitions;
import org.apache.spark.connect.proto.Plan;
import org.apache.spark.connect.proto.Project;
import org.apache.spark.connect.proto.PythonUDF;
import org.apache.spark.connect.proto.PythonUDTF;
import org.apache.spark.connect.proto.Read;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.connect.proto.ScalarScalaUDF;
import org.apache.spark.connect.proto.SetOperation;
import org.apache.spark.connect.proto.Sort;
import org.apache.spark.connect.proto.SubqueryAlias;
import org.apache.spark.connect.proto.TypedAggregateExpression;
import org.apache.spark.connect.proto.WithRelations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.engine.connect.ConnectGuard.Caller;
import org.sparkproject.connect.protobuf.Any;
import org.sparkproject.connect.protobuf.ByteString;

/**
 * The property behind the Connect guard: a plan built only from allowed nodes passes, and the same plan with ONE
 * forbidden node put at a random place (any depth, relation or expression position, left or right of a join, inside
 * a subquery reference) is refused with that node's code. Random plans from fixed seeds, so a failure reproduces.
 */
@Tag("R-19a")
class PlanInspectorPropertyTest {
    static final int PLANS = 400;

    private final ConnectGuard guard = new ConnectGuard(ConnectGuardTest.SECRET, new ConnectLimits(100, DATABASE));
    private final Caller caller = new Caller(MEMBER, SESSION);

    private record Poison(JobsErrorCode code, Supplier<Relation> relation, Supplier<Expression> expression) { }

    private static final List<Poison> POISONS = List.of(
            new Poison(JobsErrorCode.CONNECT_CODE_REFUSED, null, () -> udf(CommonInlineUserDefinedFunction.newBuilder()
                    .setFunctionName("s").setScalarScalaUdf(ScalarScalaUDF.newBuilder()
                            .setPayload(ByteString.copyFromUtf8("closure"))))),
            new Poison(JobsErrorCode.CONNECT_CODE_REFUSED, null, () -> udf(CommonInlineUserDefinedFunction.newBuilder()
                    .setFunctionName("p").setPythonUdf(PythonUDF.newBuilder().setCommand(ByteString.copyFromUtf8("x"))))),
            new Poison(JobsErrorCode.CONNECT_CODE_REFUSED, null, () -> udf(CommonInlineUserDefinedFunction.newBuilder()
                    .setFunctionName("j").setJavaUdf(JavaUDF.newBuilder().setClassName("x.F")))),
            new Poison(JobsErrorCode.CONNECT_CODE_REFUSED, null, () -> Expression.newBuilder()
                    .setTypedAggregateExpression(TypedAggregateExpression.newBuilder()
                            .setScalarScalaUdf(ScalarScalaUDF.newBuilder())).build()),
            new Poison(JobsErrorCode.CONNECT_EXTENSION_REFUSED, null, () -> Expression.newBuilder()
                    .setExtension(any()).build()),
            new Poison(JobsErrorCode.CONNECT_CODE_REFUSED, () -> Relation.newBuilder().setMapPartitions(
                    MapPartitions.newBuilder().setInput(table("t")).setFunc(CommonInlineUserDefinedFunction
                            .newBuilder().setPythonUdf(PythonUDF.newBuilder()))).build(), null),
            new Poison(JobsErrorCode.CONNECT_CODE_REFUSED, () -> Relation.newBuilder().setGroupMap(
                    GroupMap.newBuilder().setInput(table("t"))).build(), null),
            new Poison(JobsErrorCode.CONNECT_CODE_REFUSED, () -> Relation.newBuilder()
                    .setCommonInlineUserDefinedTableFunction(CommonInlineUserDefinedTableFunction.newBuilder()
                            .setPythonUdtf(PythonUDTF.newBuilder())).build(), null),
            new Poison(JobsErrorCode.CONNECT_EXTENSION_REFUSED, () -> Relation.newBuilder().setExtension(any()).build(),
                    null),
            new Poison(JobsErrorCode.CONNECT_PATH_REFUSED, () -> Relation.newBuilder().setRead(Read.newBuilder()
                    .setDataSource(Read.DataSource.newBuilder().setFormat("parquet").addPaths("/x"))).build(), null));

    @Test
    void harmlessRandomPlansPass() {
        for (int seed = 0; seed < PLANS; seed++) {
            Relation plan = new Generator(new Random(seed), -1, null).relation(0);
            guard.admit(execute(plan), caller);
        }
    }

    @Test
    void oneForbiddenNodeAnywhereInARandomPlanIsRefusedWithItsCode() {
        for (int seed = 0; seed < PLANS; seed++) {
            Random random = new Random(seed);
            Poison poison = POISONS.get(random.nextInt(POISONS.size()));
            Generator generator;
            Relation plan;
            int attempt = 0;
            do {
                generator = new Generator(new Random(seed * 31L + attempt), random.nextInt(12), poison);
                plan = generator.relation(0);
                attempt++;
            } while (!generator.poisoned);
            Relation poisoned = plan;
            JobsErrorCode code = refusal(() -> guard.admit(execute(poisoned), caller));
            assertThat(code).as("seed " + seed).isEqualTo(poison.code());
            // The same plan as an analysis (df.schema / explain) is refused too.
            assertThat(refusal(() -> guard.admit(AnalyzePlanRequest.newBuilder().setSessionId(CONNECT_SESSION)
                    .setUserContext(user(MEMBER)).setExplain(AnalyzePlanRequest.Explain.newBuilder()
                            .setPlan(Plan.newBuilder().setRoot(poisoned))).build(), caller)))
                    .as("seed " + seed).isEqualTo(poison.code());
        }
    }

    private static JobsErrorCode refusal(Runnable admit) {
        try {
            admit.run();
        } catch (ConnectRefusal refusal) {
            return refusal.code();
        }
        return null;
    }

    private static Expression udf(CommonInlineUserDefinedFunction.Builder function) {
        return Expression.newBuilder().setCommonInlineUserDefinedFunction(function).build();
    }

    private static Any any() {
        return Any.newBuilder().setTypeUrl("type.googleapis.com/x.Y").build();
    }

    /** Random plans of allowed nodes; the {@code target}-th relation or expression slot of the right kind is poisoned. */
    private static final class Generator {
        private final Random random;
        private final int target;
        private final Poison poison;
        private int relationSlots;
        private int expressionSlots;
        boolean poisoned;

        Generator(Random random, int target, Poison poison) {
            this.random = random;
            this.target = target;
            this.poison = poison;
        }

        Relation relation(int depth) {
            if (poison != null && poison.relation() != null && !poisoned && relationSlots++ == target) {
                poisoned = true;
                return poison.relation().get();
            }
            int kind = depth > 5 ? random.nextInt(2) : random.nextInt(10);
            return switch (kind) {
                case 0 -> table("registry_enterprises");
                case 1 -> sql("SELECT * FROM registry_enterprises");
                case 2 -> Relation.newBuilder().setProject(Project.newBuilder().setInput(relation(depth + 1))
                        .addExpressions(expression(depth + 1)).addExpressions(expression(depth + 1))).build();
                case 3 -> Relation.newBuilder().setFilter(Filter.newBuilder().setInput(relation(depth + 1))
                        .setCondition(expression(depth + 1))).build();
                case 4 -> Relation.newBuilder().setJoin(Join.newBuilder().setLeft(relation(depth + 1))
                        .setRight(relation(depth + 1)).setJoinCondition(expression(depth + 1))
                        .setJoinType(Join.JoinType.JOIN_TYPE_LEFT_OUTER)).build();
                case 5 -> Relation.newBuilder().setSetOp(SetOperation.newBuilder().setLeftInput(relation(depth + 1))
                        .setRightInput(relation(depth + 1))
                        .setSetOpType(SetOperation.SetOpType.SET_OP_TYPE_UNION)).build();
                case 6 -> Relation.newBuilder().setAggregate(Aggregate.newBuilder().setInput(relation(depth + 1))
                        .addGroupingExpressions(expression(depth + 1)).addAggregateExpressions(expression(depth + 1))
                        .setGroupType(Aggregate.GroupType.GROUP_TYPE_GROUPBY)).build();
                case 7 -> Relation.newBuilder().setSort(Sort.newBuilder().setInput(relation(depth + 1))
                        .addOrder(Expression.SortOrder.newBuilder().setChild(expression(depth + 1)))).build();
                case 8 -> Relation.newBuilder().setSubqueryAlias(SubqueryAlias.newBuilder()
                        .setInput(relation(depth + 1)).setAlias("a")).build();
                default -> Relation.newBuilder().setWithRelations(WithRelations.newBuilder()
                        .setRoot(Relation.newBuilder().setLimit(Limit.newBuilder().setInput(relation(depth + 1))
                                .setLimit(10))).addReferences(relation(depth + 1))).build();
            };
        }

        Expression expression(int depth) {
            if (poison != null && poison.expression() != null && !poisoned && expressionSlots++ == target) {
                poisoned = true;
                return poison.expression().get();
            }
            int kind = depth > 7 ? random.nextInt(2) : random.nextInt(5);
            return switch (kind) {
                case 0 -> column("uscc");
                case 1 -> Expression.newBuilder().setLiteral(Expression.Literal.newBuilder().setString("x")).build();
                case 2 -> function(random.nextBoolean() ? "upper" : "coalesce", expression(depth + 1),
                        expression(depth + 1));
                case 3 -> Expression.newBuilder().setAlias(Expression.Alias.newBuilder().setExpr(expression(depth + 1))
                        .addName("n")).build();
                default -> Expression.newBuilder().setUnresolvedFunction(Expression.UnresolvedFunction.newBuilder()
                        .setFunctionName("sum").addArguments(expression(depth + 1))).build();
            };
        }
    }
}
