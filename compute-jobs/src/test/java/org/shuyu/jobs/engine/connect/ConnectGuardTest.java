package org.shuyu.jobs.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shuyu.jobs.engine.connect.ConnectPlans.CONNECT_SESSION;
import static org.shuyu.jobs.engine.connect.ConnectPlans.DATABASE;
import static org.shuyu.jobs.engine.connect.ConnectPlans.MEMBER;
import static org.shuyu.jobs.engine.connect.ConnectPlans.SESSION;
import static org.shuyu.jobs.engine.connect.ConnectPlans.column;
import static org.shuyu.jobs.engine.connect.ConnectPlans.command;
import static org.shuyu.jobs.engine.connect.ConnectPlans.deepInside;
import static org.shuyu.jobs.engine.connect.ConnectPlans.execute;
import static org.shuyu.jobs.engine.connect.ConnectPlans.function;
import static org.shuyu.jobs.engine.connect.ConnectPlans.scalaUdf;
import static org.shuyu.jobs.engine.connect.ConnectPlans.sql;
import static org.shuyu.jobs.engine.connect.ConnectPlans.table;
import static org.shuyu.jobs.engine.connect.ConnectPlans.user;
import static org.shuyu.jobs.engine.connect.ConnectPlans.withExpression;

import java.util.stream.Stream;
import org.apache.spark.connect.proto.AddArtifactsRequest;
import org.apache.spark.connect.proto.Aggregate;
import org.apache.spark.connect.proto.AnalyzePlanRequest;
import org.apache.spark.connect.proto.ApplyInPandasWithState;
import org.apache.spark.connect.proto.Catalog;
import org.apache.spark.connect.proto.CheckpointCommand;
import org.apache.spark.connect.proto.ClearCache;
import org.apache.spark.connect.proto.CloneSessionRequest;
import org.apache.spark.connect.proto.CoGroupMap;
import org.apache.spark.connect.proto.CollectMetrics;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.CommonInlineUserDefinedDataSource;
import org.apache.spark.connect.proto.CommonInlineUserDefinedFunction;
import org.apache.spark.connect.proto.CommonInlineUserDefinedTableFunction;
import org.apache.spark.connect.proto.ConfigRequest;
import org.apache.spark.connect.proto.CreateDataFrameViewCommand;
import org.apache.spark.connect.proto.CreateTable;
import org.apache.spark.connect.proto.DropTable;
import org.apache.spark.connect.proto.ExecutePlanRequest;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.FetchErrorDetailsRequest;
import org.apache.spark.connect.proto.GroupMap;
import org.apache.spark.connect.proto.InterruptRequest;
import org.apache.spark.connect.proto.JavaUDF;
import org.apache.spark.connect.proto.KeyValue;
import org.apache.spark.connect.proto.ListTables;
import org.apache.spark.connect.proto.MapPartitions;
import org.apache.spark.connect.proto.Plan;
import org.apache.spark.connect.proto.PythonDataSource;
import org.apache.spark.connect.proto.PythonUDF;
import org.apache.spark.connect.proto.PythonUDTF;
import org.apache.spark.connect.proto.Read;
import org.apache.spark.connect.proto.RefreshByPath;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.connect.proto.SetCurrentDatabase;
import org.apache.spark.connect.proto.ShowString;
import org.apache.spark.connect.proto.SqlCommand;
import org.apache.spark.connect.proto.StreamingQueryCommand;
import org.apache.spark.connect.proto.TypedAggregateExpression;
import org.apache.spark.connect.proto.ScalarScalaUDF;
import org.apache.spark.connect.proto.UnresolvedTableValuedFunction;
import org.apache.spark.connect.proto.WriteOperation;
import org.apache.spark.connect.proto.WriteOperationV2;
import org.apache.spark.connect.proto.WriteStreamOperationStart;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.engine.connect.ConnectGuard.Caller;
import org.sparkproject.connect.grpc.Status;
import org.sparkproject.connect.protobuf.Any;
import org.sparkproject.connect.protobuf.ByteString;
import org.sparkproject.connect.protobuf.Message;

@Tag("R-19a")
class ConnectGuardTest {
    static final String SECRET = "engine-secret-0123456789abcdef";
    static final int CAP = 100;
    static final Caller CALLER = new Caller(MEMBER, SESSION);

    final ConnectGuard guard = new ConnectGuard(SECRET, new ConnectLimits(CAP, DATABASE));

    // --- authentication -------------------------------------------------------------------------------------------

    @Test
    void theEngineSecretIsRequired() {
        for (String authorization : new String[] {null, "", "Bearer", "Bearer wrong-secret-0123456789",
                "Basic " + SECRET, SECRET, "Bearer " + SECRET + "x"}) {
            assertThatThrownBy(() -> guard.authenticate(authorization, MEMBER, SESSION))
                    .as(String.valueOf(authorization))
                    .isInstanceOfSatisfying(ConnectRefusal.class, r -> {
                        assertThat(r.code()).isEqualTo(JobsErrorCode.CONNECT_UNAUTHENTICATED);
                        assertThat(r.statusCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(r.getMessage()).doesNotContain(SECRET);
                    });
        }
        assertThat(guard.authenticate("Bearer " + SECRET, MEMBER, SESSION)).isEqualTo(CALLER);
    }

    @Test
    void theProxysMemberAndSessionHeadersAreRequired() {
        for (String[] headers : new String[][] {{null, SESSION}, {MEMBER, null}, {"", SESSION}, {MEMBER, " "},
                {"al ice", SESSION}, {MEMBER, "x".repeat(300)}}) {
            assertThatThrownBy(() -> guard.authenticate("Bearer " + SECRET, headers[0], headers[1]))
                    .isInstanceOfSatisfying(ConnectRefusal.class, r -> {
                        assertThat(r.code()).isEqualTo(JobsErrorCode.CONNECT_IDENTITY_REQUIRED);
                        assertThat(r.statusCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    });
        }
    }

    // --- identity -------------------------------------------------------------------------------------------------

    @Test
    void anyClaimedOrMissingUserIdIsReplacedByTheMember() {
        ExecutePlanRequest claimsBob = execute(sql("SELECT 1")).toBuilder().setUserContext(user("bob")).build();
        assertThat(((ExecutePlanRequest) guard.admit(claimsBob, CALLER)).getUserContext().getUserId()).isEqualTo(MEMBER);

        ExecutePlanRequest anonymous = execute(sql("SELECT 1")).toBuilder().clearUserContext().build();
        ExecutePlanRequest admitted = (ExecutePlanRequest) guard.admit(anonymous, CALLER);
        assertThat(admitted.getUserContext().getUserId()).isEqualTo(MEMBER);
        assertThat(admitted.getUserContext().getUserName()).isEqualTo(MEMBER);

        ConfigRequest config = ConfigRequest.newBuilder().setSessionId(CONNECT_SESSION).setUserContext(user("bob"))
                .setOperation(ConfigRequest.Operation.newBuilder().setGet(ConfigRequest.Get.newBuilder()
                        .addKeys("spark.sql.shuffle.partitions"))).build();
        assertThat(((ConfigRequest) guard.admit(config, CALLER)).getUserContext().getUserId()).isEqualTo(MEMBER);
        InterruptRequest interrupt = InterruptRequest.newBuilder().setSessionId(CONNECT_SESSION)
                .setUserContext(user("bob")).setInterruptType(InterruptRequest.InterruptType.INTERRUPT_TYPE_ALL).build();
        assertThat(((InterruptRequest) guard.admit(interrupt, CALLER)).getUserContext().getUserId()).isEqualTo(MEMBER);
    }

    @Test
    void aRequestWithoutSessionIdNamesNoSession() {
        assertThatThrownBy(() -> ConnectGuard.connectSessionId(execute(sql("SELECT 1")).toBuilder().clearSessionId()
                .build())).isInstanceOfSatisfying(ConnectRefusal.class,
                        r -> assertThat(r.code()).isEqualTo(JobsErrorCode.CONNECT_IDENTITY_REQUIRED));
        assertThat(ConnectGuard.connectSessionId(execute(sql("SELECT 1")))).isEqualTo(CONNECT_SESSION);
    }

    // --- what passes ----------------------------------------------------------------------------------------------

    @Test
    void harmlessPlansPassAndTheirResultIsCappedAndNamed() {
        Relation plan = deepInside(Relation.newBuilder().setAggregate(Aggregate.newBuilder()
                .setInput(table("social_contributions")).addGroupingExpressions(column("employer_uscc"))
                .addAggregateExpressions(function("sum", column("contribution_base")))
                .setGroupType(Aggregate.GroupType.GROUP_TYPE_GROUPBY)).build());
        ExecutePlanRequest admitted = (ExecutePlanRequest) guard.admit(execute(plan), CALLER);

        Relation root = admitted.getPlan().getRoot();
        assertThat(root.getRelTypeCase()).isEqualTo(Relation.RelTypeCase.LIMIT);
        assertThat(root.getLimit().getLimit()).isEqualTo(CAP + 1);
        assertThat(root.getLimit().getInput()).isEqualTo(plan);
        assertThat(admitted.getOperationId()).isNotBlank();
        assertThat(ConnectGuard.describe(admitted)).isEqualTo("connect: ExecutePlan(relation project)");
        assertThat(ConnectGuard.describe((ExecutePlanRequest) guard.admit(execute(sql("SELECT 1")), CALLER)))
                .isEqualTo("connect: ExecutePlan(SQL)");

        ExecutePlanRequest withId = execute(sql("SELECT 1")).toBuilder().setOperationId("op-7").build();
        assertThat(((ExecutePlanRequest) guard.admit(withId, CALLER)).getOperationId()).isEqualTo("op-7");
    }

    @Test
    void sqlCommandsWorkspaceWritesSessionViewsAndReadOnlyCatalogQuestionsPass() {
        ExecutePlanRequest sqlCommand = command(Command.newBuilder().setSqlCommand(SqlCommand.newBuilder()
                .setInput(sql("INSERT INTO t SELECT * FROM registry_enterprises"))).build());
        assertThat(admitted(sqlCommand)).isEqualTo(sqlCommand);
        assertThat(ConnectGuard.describe(sqlCommand)).isEqualTo("connect: ExecutePlan(SQL)");

        for (String name : new String[] {"result", DATABASE + ".result", "`" + DATABASE + "`.`result`",
                "spark_catalog." + DATABASE + ".result"}) {
            ExecutePlanRequest save = command(Command.newBuilder().setWriteOperation(WriteOperation.newBuilder()
                    .setInput(table("registry_enterprises")).setSource("parquet")
                    .setTable(WriteOperation.SaveTable.newBuilder().setTableName(name).setSaveMethod(
                            WriteOperation.SaveTable.TableSaveMethod.TABLE_SAVE_METHOD_SAVE_AS_TABLE))
                    .putOptions("compression", "zstd")).build());
            assertThat(admitted(save)).as(name).isEqualTo(save);
        }
        ExecutePlanRequest writeTo = command(Command.newBuilder().setWriteOperationV2(WriteOperationV2.newBuilder()
                .setInput(table("registry_enterprises")).setTableName("result2")
                .setMode(WriteOperationV2.Mode.MODE_CREATE)).build());
        assertThat(admitted(writeTo)).isEqualTo(writeTo);

        ExecutePlanRequest view = command(Command.newBuilder().setCreateDataframeView(CreateDataFrameViewCommand
                .newBuilder().setInput(table("registry_enterprises")).setName("v").setIsGlobal(false)).build());
        assertThat(admitted(view)).isEqualTo(view);

        ExecutePlanRequest listTables = execute(Relation.newBuilder().setCatalog(Catalog.newBuilder()
                .setListTables(ListTables.newBuilder())).build());
        assertThat(guard.admit(listTables, CALLER)).isInstanceOf(ExecutePlanRequest.class);

        ExecutePlanRequest show = execute(Relation.newBuilder().setShowString(ShowString.newBuilder()
                .setInput(table("registry_enterprises")).setNumRows(20)).build());
        assertThat(guard.admit(show, CALLER)).isInstanceOf(ExecutePlanRequest.class);

        ExecutePlanRequest range = execute(Relation.newBuilder().setUnresolvedTableValuedFunction(
                UnresolvedTableValuedFunction.newBuilder().setFunctionName("range")
                        .addArguments(literal(10))).build());
        assertThat(guard.admit(range, CALLER)).isInstanceOf(ExecutePlanRequest.class);
    }

    @Test
    void lockFreeSettingsAndClientReadableKeysPass() {
        ConfigRequest set = config(ConfigRequest.Operation.newBuilder().setSet(ConfigRequest.Set.newBuilder()
                .addPairs(KeyValue.newBuilder().setKey("spark.sql.shuffle.partitions").setValue("4"))).build());
        assertThat(guard.admit(set, CALLER)).isEqualTo(set);
        ConfigRequest get = config(ConfigRequest.Operation.newBuilder().setGet(ConfigRequest.Get.newBuilder()
                .addKeys("spark.sql.session.timeZone").addKeys("spark.sql.ansi.enabled")).build());
        assertThat(guard.admit(get, CALLER)).isEqualTo(get);
        ConfigRequest modifiable = config(ConfigRequest.Operation.newBuilder().setIsModifiable(
                ConfigRequest.IsModifiable.newBuilder().addKeys("spark.sql.warehouse.dir")).build());
        assertThat(guard.admit(modifiable, CALLER)).isEqualTo(modifiable);
    }

    @Test
    void schemaAndExplainPassAndSessionHousekeepingPasses() {
        AnalyzePlanRequest schema = AnalyzePlanRequest.newBuilder().setSessionId(CONNECT_SESSION)
                .setUserContext(user(MEMBER)).setSchema(AnalyzePlanRequest.Schema.newBuilder()
                        .setPlan(Plan.newBuilder().setRoot(table("registry_enterprises")))).build();
        assertThat(guard.admit(schema, CALLER)).isEqualTo(schema);
        InterruptRequest interrupt = InterruptRequest.newBuilder().setSessionId(CONNECT_SESSION)
                .setUserContext(user(MEMBER)).setInterruptType(InterruptRequest.InterruptType.INTERRUPT_TYPE_ALL)
                .build();
        assertThat(guard.admit(interrupt, CALLER)).isEqualTo(interrupt);
    }

    // --- what is refused, alone and deep inside a harmless plan ----------------------------------------------------

    static Stream<Arguments> refusedRelations() {
        Relation scanned = table("registry_enterprises");
        CommonInlineUserDefinedFunction pythonUdf = CommonInlineUserDefinedFunction.newBuilder().setFunctionName("f")
                .setPythonUdf(PythonUDF.newBuilder().setCommand(ByteString.copyFromUtf8("pickled"))).build();
        return Stream.of(
                Arguments.of("Scala UDF in an expression", withExpression(scalaUdf()), JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("Python UDF in an expression", withExpression(Expression.newBuilder()
                        .setCommonInlineUserDefinedFunction(pythonUdf).build()), JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("Java UDF in an expression", withExpression(Expression.newBuilder()
                        .setCommonInlineUserDefinedFunction(CommonInlineUserDefinedFunction.newBuilder()
                                .setFunctionName("j").setJavaUdf(JavaUDF.newBuilder().setClassName("x.Evil")))
                        .build()), JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("typed aggregator (UDAF)", withExpression(Expression.newBuilder()
                        .setTypedAggregateExpression(TypedAggregateExpression.newBuilder()
                                .setScalarScalaUdf(ScalarScalaUDF.newBuilder())).build()),
                        JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("mapPartitions", deepInside(Relation.newBuilder().setMapPartitions(MapPartitions
                        .newBuilder().setInput(scanned).setFunc(pythonUdf)).build()), JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("groupMap", deepInside(Relation.newBuilder().setGroupMap(GroupMap.newBuilder()
                        .setInput(scanned).setFunc(pythonUdf)).build()), JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("coGroupMap", deepInside(Relation.newBuilder().setCoGroupMap(CoGroupMap.newBuilder()
                        .setInput(scanned).setOther(scanned)).build()), JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("applyInPandasWithState", deepInside(Relation.newBuilder().setApplyInPandasWithState(
                        ApplyInPandasWithState.newBuilder().setInput(scanned)).build()),
                        JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("Python UDTF", deepInside(Relation.newBuilder().setCommonInlineUserDefinedTableFunction(
                        CommonInlineUserDefinedTableFunction.newBuilder().setFunctionName("t")
                                .setPythonUdtf(PythonUDTF.newBuilder())).build()), JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("Python data source", deepInside(Relation.newBuilder()
                        .setCommonInlineUserDefinedDataSource(CommonInlineUserDefinedDataSource.newBuilder()
                                .setName("d").setPythonDataSource(PythonDataSource.newBuilder())).build()),
                        JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("relation extension", deepInside(Relation.newBuilder().setExtension(anyExtension())
                        .build()), JobsErrorCode.CONNECT_EXTENSION_REFUSED),
                Arguments.of("expression extension", withExpression(Expression.newBuilder()
                        .setExtension(anyExtension()).build()), JobsErrorCode.CONNECT_EXTENSION_REFUSED),
                Arguments.of("read of paths", deepInside(Relation.newBuilder().setRead(Read.newBuilder()
                        .setDataSource(Read.DataSource.newBuilder().setFormat("csv").addPaths("/data/raw.csv")))
                        .build()), JobsErrorCode.CONNECT_PATH_REFUSED),
                Arguments.of("read through a format (jdbc)", deepInside(Relation.newBuilder().setRead(Read.newBuilder()
                        .setDataSource(Read.DataSource.newBuilder().setFormat("jdbc").putOptions("url", "jdbc:x")))
                        .build()), JobsErrorCode.CONNECT_PATH_REFUSED),
                Arguments.of("read_files table function", deepInside(Relation.newBuilder()
                        .setUnresolvedTableValuedFunction(UnresolvedTableValuedFunction.newBuilder()
                                .setFunctionName("read_files")).build()), JobsErrorCode.CONNECT_PATH_REFUSED),
                Arguments.of("streaming read", deepInside(Relation.newBuilder().setRead(Read.newBuilder()
                        .setNamedTable(Read.NamedTable.newBuilder().setUnparsedIdentifier("t")).setIsStreaming(true))
                        .build()), JobsErrorCode.CONNECT_STREAMING_REFUSED),
                Arguments.of("catalog createTable", deepInside(catalog(Catalog.newBuilder().setCreateTable(
                        CreateTable.newBuilder().setTableName("t").setPath("/tmp/x")))), JobsErrorCode.CONNECT_CATALOG_REFUSED),
                Arguments.of("catalog setCurrentDatabase", catalog(Catalog.newBuilder().setSetCurrentDatabase(
                        SetCurrentDatabase.newBuilder().setDbName("other"))), JobsErrorCode.CONNECT_CATALOG_REFUSED),
                Arguments.of("catalog dropTable", catalog(Catalog.newBuilder().setDropTable(DropTable.newBuilder()
                        .setTableName("t"))), JobsErrorCode.CONNECT_CATALOG_REFUSED),
                Arguments.of("catalog clearCache", catalog(Catalog.newBuilder().setClearCache(ClearCache.newBuilder())),
                        JobsErrorCode.CONNECT_CATALOG_REFUSED),
                Arguments.of("catalog refreshByPath", catalog(Catalog.newBuilder().setRefreshByPath(
                        RefreshByPath.newBuilder().setPath("/data"))), JobsErrorCode.CONNECT_CATALOG_REFUSED),
                Arguments.of("observed metrics", deepInside(Relation.newBuilder().setCollectMetrics(CollectMetrics
                        .newBuilder().setInput(scanned).setName("m")).build()), JobsErrorCode.CONNECT_COMMAND_REFUSED),
                Arguments.of("show of more rows than the cap", deepInside(Relation.newBuilder().setShowString(
                        ShowString.newBuilder().setInput(scanned).setNumRows(CAP + 1)).build()),
                        JobsErrorCode.CONNECT_RESULT_TOO_LARGE),
                Arguments.of("a relation with no kind", deepInside(Relation.getDefaultInstance()),
                        JobsErrorCode.CONNECT_COMMAND_REFUSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRelations")
    void refusedAnywhereInAPlan(String name, Relation plan, JobsErrorCode code) {
        assertRefused(execute(plan), code);
        // The same node inside an analysis request or a SQL command's input is refused too.
        assertRefused(AnalyzePlanRequest.newBuilder().setSessionId(CONNECT_SESSION).setUserContext(user(MEMBER))
                .setSchema(AnalyzePlanRequest.Schema.newBuilder().setPlan(Plan.newBuilder().setRoot(plan))).build(),
                code);
        assertRefused(command(Command.newBuilder().setCreateDataframeView(CreateDataFrameViewCommand.newBuilder()
                .setInput(plan).setName("v")).build()), code);
    }

    static Stream<Arguments> refusedCommands() {
        Relation scanned = table("registry_enterprises");
        return Stream.of(
                Arguments.of("register function", Command.newBuilder().setRegisterFunction(
                        CommonInlineUserDefinedFunction.newBuilder().setFunctionName("f").setScalarScalaUdf(
                                ScalarScalaUDF.newBuilder())).build(), JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("command extension", Command.newBuilder().setExtension(anyExtension()).build(),
                        JobsErrorCode.CONNECT_EXTENSION_REFUSED),
                Arguments.of("write to a path", Command.newBuilder().setWriteOperation(WriteOperation.newBuilder()
                        .setInput(scanned).setPath("/tmp/out")).build(), JobsErrorCode.CONNECT_WRITE_REFUSED),
                Arguments.of("save without a table", Command.newBuilder().setWriteOperation(WriteOperation.newBuilder()
                        .setInput(scanned).putOptions("path", "/tmp/out")).build(), JobsErrorCode.CONNECT_WRITE_REFUSED),
                Arguments.of("saveAsTable into another database", Command.newBuilder().setWriteOperation(
                        WriteOperation.newBuilder().setInput(scanned).setTable(WriteOperation.SaveTable.newBuilder()
                                .setTableName("registry.enterprises"))).build(), JobsErrorCode.CONNECT_WRITE_REFUSED),
                Arguments.of("saveAsTable with a path option", Command.newBuilder().setWriteOperation(
                        WriteOperation.newBuilder().setInput(scanned).setTable(WriteOperation.SaveTable.newBuilder()
                                .setTableName("t")).putOptions("path", "/tmp/ext")).build(),
                        JobsErrorCode.CONNECT_WRITE_REFUSED),
                Arguments.of("saveAsTable as jdbc", Command.newBuilder().setWriteOperation(
                        WriteOperation.newBuilder().setInput(scanned).setSource("jdbc").setTable(
                                WriteOperation.SaveTable.newBuilder().setTableName("t"))).build(),
                        JobsErrorCode.CONNECT_WRITE_REFUSED),
                Arguments.of("writeTo another catalog", Command.newBuilder().setWriteOperationV2(WriteOperationV2
                        .newBuilder().setInput(scanned).setTableName("other_catalog.db.t")).build(),
                        JobsErrorCode.CONNECT_WRITE_REFUSED),
                Arguments.of("writeTo with a location property", Command.newBuilder().setWriteOperationV2(
                        WriteOperationV2.newBuilder().setInput(scanned).setTableName("t")
                                .putTableProperties("location", "/tmp/x")).build(), JobsErrorCode.CONNECT_WRITE_REFUSED),
                Arguments.of("global temp view", Command.newBuilder().setCreateDataframeView(
                        CreateDataFrameViewCommand.newBuilder().setInput(scanned).setName("g").setIsGlobal(true))
                        .build(), JobsErrorCode.CONNECT_CATALOG_REFUSED),
                Arguments.of("writeStream", Command.newBuilder().setWriteStreamOperationStart(
                        WriteStreamOperationStart.newBuilder().setInput(scanned).setPath("/tmp/s")).build(),
                        JobsErrorCode.CONNECT_STREAMING_REFUSED),
                Arguments.of("streaming query command", Command.newBuilder().setStreamingQueryCommand(
                        StreamingQueryCommand.newBuilder().setStop(true)).build(), JobsErrorCode.CONNECT_STREAMING_REFUSED),
                Arguments.of("checkpoint", Command.newBuilder().setCheckpointCommand(CheckpointCommand.newBuilder()
                        .setRelation(scanned).setLocal(true)).build(), JobsErrorCode.CONNECT_COMMAND_REFUSED),
                Arguments.of("SQL command with a UDF inside", Command.newBuilder().setSqlCommand(SqlCommand.newBuilder()
                        .setInput(withExpression(scalaUdf()))).build(), JobsErrorCode.CONNECT_CODE_REFUSED),
                Arguments.of("no command", Command.getDefaultInstance(), JobsErrorCode.CONNECT_COMMAND_REFUSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCommands")
    void refusedCommands(String name, Command command, JobsErrorCode code) {
        assertRefused(command(command), code);
    }

    @Test
    void compressedPlansAndAnyOptionExtensionAreRefused() {
        ExecutePlanRequest compressed = ExecutePlanRequest.newBuilder().setSessionId(CONNECT_SESSION)
                .setUserContext(user(MEMBER)).setPlan(Plan.newBuilder().setCompressedOperation(
                        Plan.CompressedOperation.newBuilder().setData(ByteString.copyFromUtf8("zstd")))).build();
        assertRefused(compressed, JobsErrorCode.CONNECT_COMMAND_REFUSED);
        ExecutePlanRequest optionExtension = execute(sql("SELECT 1")).toBuilder().addRequestOptions(
                ExecutePlanRequest.RequestOption.newBuilder().setExtension(anyExtension())).build();
        assertRefused(optionExtension, JobsErrorCode.CONNECT_EXTENSION_REFUSED);
        ExecutePlanRequest userExtension = execute(sql("SELECT 1")).toBuilder().setUserContext(
                user(MEMBER).toBuilder().addExtensions(anyExtension())).build();
        assertRefused(userExtension, JobsErrorCode.CONNECT_EXTENSION_REFUSED);
    }

    @Test
    void lockedSettingsAreNeitherSetUnsetReadNorListed() {
        assertRefused(config(ConfigRequest.Operation.newBuilder().setSet(ConfigRequest.Set.newBuilder()
                .addPairs(KeyValue.newBuilder().setKey("spark.sql.shuffle.partitions").setValue("4"))
                .addPairs(KeyValue.newBuilder().setKey("spark.sql.runSQLOnFiles").setValue("true"))).build()),
                JobsErrorCode.SETTING_LOCKED);
        assertRefused(config(ConfigRequest.Operation.newBuilder().setSet(ConfigRequest.Set.newBuilder()
                .addPairs(KeyValue.newBuilder().setKey("spark.shuyu.user").setValue("bob"))).build()),
                JobsErrorCode.SETTING_LOCKED);
        assertRefused(config(ConfigRequest.Operation.newBuilder().setUnset(ConfigRequest.Unset.newBuilder()
                .addKeys("spark.sql.optimizer.excludedRules")).build()), JobsErrorCode.SETTING_LOCKED);
        assertRefused(config(ConfigRequest.Operation.newBuilder().setGet(ConfigRequest.Get.newBuilder()
                .addKeys("spark.sql.warehouse.dir")).build()), JobsErrorCode.SETTING_LOCKED);
        assertRefused(config(ConfigRequest.Operation.newBuilder().setGetWithDefault(ConfigRequest.GetWithDefault
                .newBuilder().addPairs(KeyValue.newBuilder().setKey("spark.hadoop.fs.s3a.secret.key"))).build()),
                JobsErrorCode.SETTING_LOCKED);
        assertRefused(config(ConfigRequest.Operation.newBuilder().setGetOption(ConfigRequest.GetOption.newBuilder()
                .addKeys("spark.sql.catalog.spark_catalog")).build()), JobsErrorCode.SETTING_LOCKED);
        assertRefused(config(ConfigRequest.Operation.newBuilder().setGetAll(ConfigRequest.GetAll.newBuilder())
                .build()), JobsErrorCode.SETTING_LOCKED);
    }

    @Test
    void artifactsErrorDetailsCloningInputFilesAndPersistAreRefused() {
        assertRefused(AddArtifactsRequest.newBuilder().setSessionId(CONNECT_SESSION).setUserContext(user(MEMBER))
                .build(), JobsErrorCode.CONNECT_ARTIFACTS_REFUSED);
        assertRefused(FetchErrorDetailsRequest.newBuilder().setSessionId(CONNECT_SESSION).setUserContext(user(MEMBER))
                .setErrorId("e-1").build(), JobsErrorCode.CONNECT_COMMAND_REFUSED);
        assertRefused(CloneSessionRequest.newBuilder().setSessionId(CONNECT_SESSION).setUserContext(user(MEMBER))
                .setNewSessionId("other").build(), JobsErrorCode.CONNECT_COMMAND_REFUSED);
        Plan plan = Plan.newBuilder().setRoot(table("registry_enterprises")).build();
        assertRefused(AnalyzePlanRequest.newBuilder().setSessionId(CONNECT_SESSION).setUserContext(user(MEMBER))
                .setInputFiles(AnalyzePlanRequest.InputFiles.newBuilder().setPlan(plan)).build(),
                JobsErrorCode.CONNECT_PATH_REFUSED);
        assertRefused(AnalyzePlanRequest.newBuilder().setSessionId(CONNECT_SESSION).setUserContext(user(MEMBER))
                .setPersist(AnalyzePlanRequest.Persist.newBuilder().setRelation(plan.getRoot())).build(),
                JobsErrorCode.CONNECT_CATALOG_REFUSED);
    }

    @Test
    void refusalsCarryTheirCodeInStatusAndTrailers() {
        ConnectRefusal refusal = catchRefusal(execute(withExpression(scalaUdf())));
        assertThat(refusal.status().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refusal.status().getDescription()).startsWith("CONNECT_CODE_REFUSED: ");
        assertThat(refusal.trailers().get(ConnectRefusal.CODE_KEY)).isEqualTo("CONNECT_CODE_REFUSED");
        assertThat(refusal.getMessage()).contains("common_inline_user_defined_function").doesNotContain("serialized closure");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** A command as admitted, without the operation id the guard adds. */
    private ExecutePlanRequest admitted(ExecutePlanRequest request) {
        ExecutePlanRequest admitted = (ExecutePlanRequest) guard.admit(request, CALLER);
        assertThat(admitted.getOperationId()).isNotBlank();
        return admitted.toBuilder().clearOperationId().build();
    }

    private void assertRefused(Message request, JobsErrorCode code) {
        assertThat(catchRefusal(request).code()).isEqualTo(code);
    }

    private ConnectRefusal catchRefusal(Message request) {
        try {
            guard.admit(request, CALLER);
        } catch (ConnectRefusal refusal) {
            return refusal;
        }
        throw new AssertionError("not refused: " + request.getDescriptorForType().getName());
    }

    static Any anyExtension() {
        return Any.newBuilder().setTypeUrl("type.googleapis.com/evil.Plugin")
                .setValue(ByteString.copyFromUtf8("payload")).build();
    }

    static Relation catalog(Catalog.Builder catalog) {
        return Relation.newBuilder().setCatalog(catalog).build();
    }

    static Expression literal(int value) {
        return Expression.newBuilder().setLiteral(Expression.Literal.newBuilder().setInteger(value)).build();
    }

    static ConfigRequest config(ConfigRequest.Operation operation) {
        return ConfigRequest.newBuilder().setSessionId(CONNECT_SESSION).setUserContext(user(MEMBER))
                .setOperation(operation).build();
    }

}
