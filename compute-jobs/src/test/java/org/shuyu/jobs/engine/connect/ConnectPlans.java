package org.shuyu.jobs.engine.connect;

import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.CommonInlineUserDefinedFunction;
import org.apache.spark.connect.proto.ExecutePlanRequest;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.Filter;
import org.apache.spark.connect.proto.Join;
import org.apache.spark.connect.proto.Plan;
import org.apache.spark.connect.proto.Project;
import org.apache.spark.connect.proto.Read;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.connect.proto.SQL;
import org.apache.spark.connect.proto.ScalarScalaUDF;
import org.apache.spark.connect.proto.SubqueryAlias;
import org.apache.spark.connect.proto.UserContext;
import org.sparkproject.connect.protobuf.ByteString;

/** Spark Connect protocol messages as clients build them, for the guard's tests. */
final class ConnectPlans {
    static final String MEMBER = "alice";
    static final String SESSION = "ctl-session-1";
    static final String CONNECT_SESSION = "8b0d7c4e-1111-4222-8333-944455556666";
    static final String DATABASE = "ws_grant_ab12";

    private ConnectPlans() {
    }

    static UserContext user(String id) {
        return UserContext.newBuilder().setUserId(id).build();
    }

    static ExecutePlanRequest execute(Relation root) {
        return ExecutePlanRequest.newBuilder().setSessionId(CONNECT_SESSION).setUserContext(user(MEMBER))
                .setPlan(Plan.newBuilder().setRoot(root)).build();
    }

    static ExecutePlanRequest command(Command command) {
        return ExecutePlanRequest.newBuilder().setSessionId(CONNECT_SESSION).setUserContext(user(MEMBER))
                .setPlan(Plan.newBuilder().setCommand(command)).build();
    }

    static Relation sql(String query) {
        return Relation.newBuilder().setSql(SQL.newBuilder().setQuery(query)).build();
    }

    static Relation table(String name) {
        return Relation.newBuilder().setRead(Read.newBuilder()
                .setNamedTable(Read.NamedTable.newBuilder().setUnparsedIdentifier(name))).build();
    }

    static Expression column(String name) {
        return Expression.newBuilder().setUnresolvedAttribute(
                Expression.UnresolvedAttribute.newBuilder().setUnparsedIdentifier(name)).build();
    }

    static Expression function(String name, Expression... arguments) {
        Expression.UnresolvedFunction.Builder function = Expression.UnresolvedFunction.newBuilder()
                .setFunctionName(name);
        for (Expression argument : arguments) {
            function.addArguments(argument);
        }
        return Expression.newBuilder().setUnresolvedFunction(function).build();
    }

    static Expression scalaUdf() {
        return Expression.newBuilder().setCommonInlineUserDefinedFunction(CommonInlineUserDefinedFunction.newBuilder()
                .setFunctionName("f").setScalarScalaUdf(ScalarScalaUDF.newBuilder()
                        .setPayload(ByteString.copyFromUtf8("serialized closure")))).build();
    }

    /** {@code inner} several levels below a harmless plan: project over filter over a join with it. */
    static Relation deepInside(Relation inner) {
        Relation join = Relation.newBuilder().setJoin(Join.newBuilder().setLeft(table("registry_enterprises"))
                .setRight(Relation.newBuilder().setSubqueryAlias(SubqueryAlias.newBuilder().setInput(inner)
                        .setAlias("x")))
                .setJoinType(Join.JoinType.JOIN_TYPE_INNER)).build();
        Relation filter = Relation.newBuilder().setFilter(Filter.newBuilder().setInput(join)
                .setCondition(function("isnotnull", column("uscc")))).build();
        return Relation.newBuilder().setProject(Project.newBuilder().setInput(filter)
                .addExpressions(column("name"))).build();
    }

    /** {@code expression} deep in the expressions of a harmless plan. */
    static Relation withExpression(Expression expression) {
        Expression nested = function("coalesce", function("upper", expression), column("name"));
        Relation project = Relation.newBuilder().setProject(Project.newBuilder().setInput(table("registry_enterprises"))
                .addExpressions(Expression.newBuilder().setAlias(Expression.Alias.newBuilder().setExpr(nested)
                        .addName("n")))).build();
        return deepInside(project);
    }
}
