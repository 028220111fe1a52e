package org.shuyu.jobs.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.jobs.testing.Refusals.assertRefused;
import static org.shuyu.jobs.testing.TestWorkspace.hash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.testing.EnforcedSession;
import org.shuyu.jobs.testing.TestWorkspace;

/**
 * Enforcement inside Spark, attacked through SQL and the DataFrame API, on one locked session of user
 * {@code engineer} with policies compiled by the policy module and served over Ranger's download protocol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnforcementTest {
    private static final List<String> RAW_SECRETS = List.of("Zhang San", "Li Si", "Wang Wu", "13800001111",
            "13900002222", "Chen Yi", "Chen Er", "Chen San", "Chen Si", "P1", "P2", "P3", "P4", "13611110001");

    private TestWorkspace workspace;
    private EnforcedSession session;
    private SparkSession spark;
    /** A second session on the same catalog whose authorizer allows everything and records the requests. */
    private SparkSession recorded;
    private RecordingAuthorizer recorder;

    @BeforeAll
    void start() throws Exception {
        workspace = new TestWorkspace();
        Path otherTable = workspace.root().resolve("other/secret");
        Files.createDirectories(otherTable);
        Files.writeString(otherTable.resolve("part-0.csv"), "a\nother-workspace-secret\n");
        session = new EnforcedSession(workspace, workspace.server().url(), privileged -> {
            privileged.sql("CREATE DATABASE ws_grant_zz99");
            privileged.sql("CREATE TABLE ws_grant_zz99.secret (a STRING) USING csv OPTIONS (header 'true') LOCATION '"
                    + otherTable + "'");
        });
        spark = session.spark();
        recorder = new RecordingAuthorizer();
        Enforcement recording = new Enforcement(TestWorkspace.USER, TestWorkspace.DATABASE, recorder,
                new WorkspacePaths(workspace.filesDir(), workspace.warehouseDir()), new SessionLock(),
                java.util.Optional.of(TestWorkspace.SALT));
        recorded = org.shuyu.jobs.runtime.SparkSessionFactory.create("recording", workspace.warehouseDir(),
                recording);
        // A session built with create() has its own in-memory catalog: register the sources there too.
        org.shuyu.jobs.runtime.WorkspaceCatalog catalog = new org.shuyu.jobs.runtime.WorkspaceCatalog(recorded);
        catalog.registerSource(new org.shuyu.runtime.contract.RuntimeRequest.Source(TestWorkspace.ENTERPRISES.id(), "csv",
                workspace.sourceDir(TestWorkspace.ENTERPRISES.id()), "uscc STRING, name STRING, "
                + "legal_representative STRING, phone STRING, registered_capital DECIMAL(18,2)"));
        catalog.registerSource(new org.shuyu.runtime.contract.RuntimeRequest.Source(TestWorkspace.CONTRIBUTIONS.id(), "csv",
                workspace.sourceDir(TestWorkspace.CONTRIBUTIONS.id()), "person_id STRING, person_name STRING, "
                + "employer_uscc STRING, contribution_base DECIMAL(18,2), phone STRING"));
        catalog.registerWorkspace(TestWorkspace.DATABASE, workspace.warehouseDir());
        recorded.catalog().setCurrentDatabase(TestWorkspace.DATABASE);
        recording.enable(recorded);
    }

    private List<String> requestsOf(String sql) {
        recorder.takeResources();
        recorded.sql(sql);
        return recorder.takeResources().stream().distinct().toList(); // subqueries are checked on their own too
    }

    @Test
    void columnsReadAreDerivedFromEveryReferenceNotOnlyTheOutput() {
        assertThat(requestsOf("SELECT name FROM registry.enterprises WHERE phone = 'x'"))
                .containsExactlyInAnyOrder("select registry.enterprises", "select registry.enterprises.name",
                        "select registry.enterprises.phone");
        assertThat(requestsOf("SELECT e.name FROM registry.enterprises e JOIN social.contributions c "
                + "ON e.uscc = c.employer_uscc GROUP BY e.name, c.phone"))
                .containsExactlyInAnyOrder("select registry.enterprises", "select registry.enterprises.name",
                        "select registry.enterprises.uscc", "select social.contributions",
                        "select social.contributions.employer_uscc", "select social.contributions.phone");
        assertThat(requestsOf("SELECT count(*) FROM registry.enterprises"))
                .containsExactly("select registry.enterprises");
        assertThat(requestsOf("SELECT uscc FROM registry.enterprises WHERE name IN "
                + "(SELECT employer_uscc FROM social.contributions WHERE contribution_base > 1)"))
                .containsExactlyInAnyOrder("select registry.enterprises", "select registry.enterprises.uscc",
                        "select registry.enterprises.name", "select social.contributions",
                        "select social.contributions.employer_uscc", "select social.contributions.contribution_base");
        assertThat(requestsOf("WITH c AS (SELECT uscc, name, phone FROM registry.enterprises) "
                + "SELECT a.uscc FROM c a JOIN c b ON a.uscc = b.uscc"))
                .containsExactlyInAnyOrder("select registry.enterprises", "select registry.enterprises.uscc");
        assertThat(requestsOf("SELECT uscc FROM registry.enterprises UNION ALL SELECT phone FROM social.contributions"))
                .containsExactlyInAnyOrder("select registry.enterprises", "select registry.enterprises.uscc",
                        "select social.contributions", "select social.contributions.phone");
    }

    @Test
    void writesAskForTheWriteAccessAndTheReadsTheyNeed() {
        assertThat(requestsOf("CREATE TABLE rec_t AS SELECT uscc FROM registry.enterprises"))
                .contains("create " + TestWorkspace.DATABASE + ".rec_t", "select registry.enterprises.uscc");
        assertThat(requestsOf("INSERT INTO rec_t SELECT name FROM registry.enterprises"))
                .contains("update " + TestWorkspace.DATABASE + ".rec_t", "select registry.enterprises.name");
        assertThat(requestsOf("ALTER TABLE rec_t ADD COLUMNS (b INT)"))
                .containsExactly("alter " + TestWorkspace.DATABASE + ".rec_t");
        assertThat(requestsOf("DROP TABLE rec_t")).containsExactly("drop " + TestWorkspace.DATABASE + ".rec_t");
        String files = workspace.filesDir().resolve("rec-out").toString();
        assertThat(requestsOf("INSERT OVERWRITE DIRECTORY '" + files + "' USING parquet SELECT uscc FROM "
                + "registry.enterprises")).contains("write " + files);
    }

    @AfterAll
    void stop() throws Exception {
        session.close();
        workspace.close();
    }

    private List<String> values(String sql) {
        return values(spark.sql(sql));
    }

    private static List<String> values(Dataset<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row row : rows.collectAsList()) {
            for (int i = 0; i < row.length(); i++) {
                out.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
            }
        }
        return out;
    }

    private static void assertNoRawValues(List<String> values) {
        for (String value : values) {
            if (value != null) {
                for (String secret : RAW_SECRETS) {
                    assertThat(value).as("a raw value leaked").doesNotContain(secret);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------- R-19a

    @Test
    @Tag("R-19a")
    void refusesDatasetNotInTheGrant() {
        assertRefused(() -> spark.sql("SELECT * FROM census.people").collect(), JobsErrorCode.ACCESS_DENIED,
                "user 'engineer'", "select", "census.people");
        assertRefused(() -> spark.table("census.people"), JobsErrorCode.ACCESS_DENIED, "census.people");
    }

    @Test
    @Tag("R-19a")
    void refusesAnotherWorkspacesTable() {
        assertRefused(() -> spark.sql("SELECT count(*) FROM ws_grant_zz99.secret"), JobsErrorCode.ACCESS_DENIED,
                "engineer", "select", "ws_grant_zz99.secret");
        // A database this session never registered (as in a real job: only its own workspace database exists) is a
        // refusal by policy, not a "table not found".
        assertRefused(() -> spark.sql("SELECT count(*) FROM ws_grant_unregistered.secret"), JobsErrorCode.ACCESS_DENIED,
                "select", "ws_grant_unregistered.secret");
        assertRefused(() -> spark.sql("SELECT count(*) FROM spark_catalog.ws_grant_unregistered.secret"),
                JobsErrorCode.ACCESS_DENIED, "ws_grant_unregistered.secret");
        assertRefused(() -> spark.sql("INSERT INTO ws_grant_unregistered.secret SELECT 1"), JobsErrorCode.ACCESS_DENIED,
                "ws_grant_unregistered.secret");
    }

    @Test
    @Tag("R-19a")
    void refusesProhibitedDatasetEvenWhenGranted() {
        assertRefused(() -> spark.sql("SELECT person_id FROM police.household_registry"),
                JobsErrorCode.ACCESS_DENIED, "select", "police.household_registry");
    }

    @Test
    @Tag("R-19a")
    void refusesWritesOfFilesOutsideTheWorkspace() {
        String outside = workspace.root().resolve("exfiltrated").toString();
        Dataset<Row> data = spark.table("registry.enterprises");
        assertRefused(() -> data.write().parquet(outside), JobsErrorCode.PATH_OUTSIDE_WORKSPACE, outside);
        assertRefused(() -> data.write().csv(outside + "-csv"), JobsErrorCode.PATH_OUTSIDE_WORKSPACE, "outside");
        assertRefused(() -> data.write().json(outside + "-json"), JobsErrorCode.PATH_OUTSIDE_WORKSPACE, "outside");
        assertRefused(() -> data.write().parquet(workspace.filesDir() + "/../../exfiltrated"),
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE, "outside");
        assertRefused(() -> data.write().parquet("file:///tmp/shuyu-exfiltrated"),
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE, "/tmp/shuyu-exfiltrated");
        assertThat(Files.exists(Path.of(outside))).isFalse();
    }

    @Test
    @Tag("R-19a")
    void refusesInsertOverwriteDirectoryOutsideTheWorkspace() {
        assertRefused(() -> spark.sql("INSERT OVERWRITE DIRECTORY '" + workspace.root().resolve("dir-out")
                + "' USING parquet SELECT * FROM registry.enterprises"), JobsErrorCode.PATH_OUTSIDE_WORKSPACE,
                "dir-out", "INSERT OVERWRITE DIRECTORY");
        assertRefused(() -> spark.sql("INSERT OVERWRITE DIRECTORY '/tmp/x' USING parquet SELECT 1"),
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE, "/tmp/x");
    }

    @Test
    @Tag("R-19a")
    void refusesTableLocationOutsideTheWorkspace() {
        String location = workspace.root().resolve("table-out").toString();
        assertRefused(() -> spark.sql("CREATE TABLE t_out (a INT) USING parquet LOCATION '" + location + "'"),
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE, location, "table location");
        assertRefused(() -> spark.sql("CREATE TABLE t_out2 USING parquet LOCATION '" + location
                + "' AS SELECT uscc FROM registry.enterprises"), JobsErrorCode.PATH_OUTSIDE_WORKSPACE, location);
        assertRefused(() -> spark.sql("CREATE TABLE t_out3 (a INT) USING parquet OPTIONS (path '" + location + "')"),
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE, location);
    }

    @Test
    @Tag("R-19a")
    void refusesReadingFilesByPath() {
        String source = workspace.sourceDir("registry.enterprises").toString();
        assertRefused(() -> spark.sql("SELECT * FROM csv.`" + source + "`"), JobsErrorCode.PATH_OUTSIDE_WORKSPACE,
                source);
        assertRefused(() -> spark.sql("SELECT * FROM parquet.`/etc`"), JobsErrorCode.PATH_OUTSIDE_WORKSPACE, "/etc");
        assertRefused(() -> spark.sql("SELECT * FROM parquet.`" + workspace.filesDir() + "`"),
                JobsErrorCode.COMMAND_NOT_ALLOWED, "querying files by path");
        assertRefused(() -> spark.read().option("header", "true").csv(source), JobsErrorCode.PATH_OUTSIDE_WORKSPACE,
                source);
        assertRefused(() -> spark.table("csv.`" + source + "`"), JobsErrorCode.PATH_OUTSIDE_WORKSPACE, source);
    }

    @Test
    @Tag("R-19a")
    void refusesWritesToSourceDatasets() {
        assertRefused(() -> spark.sql("INSERT INTO registry.enterprises SELECT * FROM registry.enterprises"),
                JobsErrorCode.ACCESS_DENIED, "update", "registry.enterprises");
        assertRefused(() -> spark.sql("DROP TABLE registry.enterprises"), JobsErrorCode.ACCESS_DENIED, "drop",
                "registry.enterprises");
        assertRefused(() -> spark.sql("CREATE TABLE registry.copy AS SELECT uscc FROM registry.enterprises"),
                JobsErrorCode.ACCESS_DENIED, "create", "registry.copy");
        assertRefused(() -> spark.sql("ALTER TABLE registry.enterprises SET TBLPROPERTIES ('a' = 'b')"),
                JobsErrorCode.ACCESS_DENIED, "alter", "registry.enterprises");
        assertThat(spark.catalog().tableExists("registry.enterprises")).isTrue();
    }

    @ParameterizedTest
    @Tag("R-19a")
    @ValueSource(strings = {"SET spark.sql.optimizer.excludedRules=org.apache.spark.sql.catalyst.optimizer.ColumnPruning",
        "SET spark.sql.extensions=com.example.Bypass", "SET spark.sql.runSQLOnFiles=true",
        "SET spark.sql.warehouse.dir=/tmp", "SET spark.sql.catalog.evil=com.example.Catalog",
        "SET spark.sql.defaultCatalog=evil", "SET spark.sql.extensions", "SET", "SET -v", "RESET",
        "RESET spark.sql.runSQLOnFiles", "SET spark.sql.optimizer.excludedRules"})
    void refusesLockedSettings(String statement) {
        assertRefused(() -> spark.sql(statement), JobsErrorCode.SETTING_LOCKED);
        assertThat(spark.conf().get("spark.sql.runSQLOnFiles")).isEqualTo("false");
    }

    @ParameterizedTest
    @Tag("R-19a")
    @ValueSource(strings = {"SET spark.shuyu.user=admin", "SET spark.sql.session.user=admin",
        "SET user.name=admin", "SET spark.hadoop.hadoop.proxyuser.engineer.hosts=*",
        "SET spark.kerberos.principal=admin@EXAMPLE"})
    void refusesClaimingAnotherUser(String statement) {
        assertRefused(() -> spark.sql(statement), JobsErrorCode.SETTING_LOCKED, "identity");
        assertThat(session.enforcement().user()).isEqualTo(TestWorkspace.USER);
    }

    @Test
    void allowsHarmlessSettings() {
        spark.sql("SET spark.sql.shuffle.partitions=3");
        assertThat(values("SET spark.sql.shuffle.partitions")).contains("3");
        spark.sql("RESET spark.sql.shuffle.partitions");
    }

    @ParameterizedTest
    @Tag("R-19a")
    @ValueSource(strings = {"ADD JAR /tmp/evil.jar", "ADD FILE /etc/passwd", "CREATE FUNCTION evil AS 'com.example.Evil'",
        "LOAD DATA LOCAL INPATH '/etc/passwd' INTO TABLE registry.enterprises",
        "SELECT reflect('java.lang.System', 'getenv', 'SHUYU_RUNTIME_TOKEN')",
        "SELECT java_method('java.lang.Runtime', 'getRuntime')",
        "SELECT try_reflect('java.lang.System', 'getenv', 'SHUYU_MASK_SALT')",
        "SELECT uscc FROM registry.enterprises WHERE reflect('java.lang.System', 'getenv', 'HOME') IS NOT NULL",
        "SELECT TRANSFORM(uscc) USING 'cat' FROM registry.enterprises",
        "ANALYZE TABLE registry.enterprises COMPUTE STATISTICS FOR ALL COLUMNS", "CACHE TABLE registry.enterprises",
        "CREATE DATABASE evil", "SELECT input_file_name() FROM registry.enterprises",
        "SELECT _metadata.file_path FROM registry.enterprises",
        "CREATE GLOBAL TEMPORARY VIEW g AS SELECT uscc FROM registry.enterprises",
        "CREATE VIEW registry.v AS SELECT uscc FROM registry.enterprises",
        "CREATE TEMPORARY VIEW tv USING csv OPTIONS (path '/ignored/by/the/test')",
        "TRUNCATE TABLE registry.enterprises", "SELECT raise_error('probe')",
        "SELECT uscc FROM registry.enterprises WHERE assert_true(length(uscc) = 18) IS NULL",
        "SELECT count(*) FROM registry.enterprises WHERE CASE WHEN uscc LIKE '9%' THEN raise_error('x') ELSE true END"})
    void refusesCommandsOutsideTheAllowlist(String statement) {
        JobsErrorCode expected = statement.contains("/ignored/") ? JobsErrorCode.PATH_OUTSIDE_WORKSPACE
                : JobsErrorCode.COMMAND_NOT_ALLOWED;
        assertRefused(() -> spark.sql(statement).collect(), expected);
    }

    @Test
    @Tag("R-19a")
    void explainChecksTheExplainedStatement() {
        assertRefused(() -> spark.sql("EXPLAIN SELECT * FROM census.people"), JobsErrorCode.ACCESS_DENIED,
                "census.people");
        assertThat(values("EXPLAIN SELECT uscc FROM registry.enterprises")).isNotEmpty();
    }

    // ------------------------------------------------------------------------------------------- R-24b masks

    @ParameterizedTest
    @Tag("R-24b")
    @ValueSource(strings = {
        "SELECT legal_representative FROM registry.enterprises",
        "SELECT CAST(legal_representative AS STRING) FROM registry.enterprises",
        "SELECT CAST(CAST(legal_representative AS BINARY) AS STRING) FROM registry.enterprises",
        "SELECT upper(legal_representative), lower(phone), substr(phone, 1, 20), concat(phone, '') FROM registry.enterprises",
        "SELECT (SELECT max(legal_representative) FROM registry.enterprises)",
        "SELECT x FROM (SELECT legal_representative AS x FROM registry.enterprises) s",
        "WITH c AS (SELECT legal_representative AS r, phone FROM registry.enterprises) SELECT r, phone FROM c",
        "SELECT * FROM registry.enterprises",
        "SELECT * FROM social.contributions",
        "SELECT legal_representative, count(*) FROM registry.enterprises GROUP BY legal_representative",
        "SELECT collect_list(legal_representative), collect_set(phone) FROM registry.enterprises",
        "SELECT e.* FROM registry.enterprises e JOIN registry.enterprises f ON e.uscc = f.uscc",
        "SELECT person_id, person_name, phone FROM social.contributions UNION ALL SELECT legal_representative, name, phone FROM registry.enterprises",
        "SELECT to_json(struct(*)) FROM registry.enterprises",
        "SELECT legal_representative FROM registry.enterprises ORDER BY legal_representative",
        "SELECT first(person_name, true), max(person_id) FROM social.contributions"})
    void masksCannotBeBypassedInQueries(String sql) {
        List<String> values = values(sql);
        assertThat(values).isNotEmpty();
        assertNoRawValues(values);
    }

    @Test
    @Tag("R-24b")
    void hashMaskIsTheSaltedSha256OfTheRawValue() {
        assertThat(values("SELECT legal_representative FROM registry.enterprises ORDER BY uscc"))
                .containsExactly(hash("Zhang San"), hash("Li Si"), hash("Wang Wu"));
        assertThat(values("SELECT phone FROM registry.enterprises ORDER BY uscc"))
                .containsExactly("xxxxxxx1111", "xxxxxxx2222", "xxxxxxx3333");
        assertThat(values("SELECT person_name FROM social.contributions")).containsOnlyNulls();
    }

    @Test
    @Tag("R-24b")
    void filtersAndJoinsSeeOnlyMaskedValues() {
        assertThat(values("SELECT count(*) FROM registry.enterprises WHERE legal_representative = 'Zhang San'"))
                .containsExactly("0");
        assertThat(values("SELECT count(*) FROM registry.enterprises WHERE legal_representative LIKE 'Zhang%'"))
                .containsExactly("0");
        assertThat(values("SELECT count(*) FROM registry.enterprises WHERE legal_representative = '"
                + hash("Zhang San") + "'")).containsExactly("1");
        assertThat(values("SELECT count(*) FROM registry.enterprises e JOIN (SELECT 'Zhang San' AS n) t "
                + "ON e.legal_representative = t.n")).containsExactly("0");
        assertThat(values("SELECT count(*) FROM registry.enterprises WHERE phone LIKE '138%'"))
                .containsExactly("0");
        assertThat(values("SELECT count(*) FROM registry.enterprises WHERE length(legal_representative) = 64"))
                .containsExactly("3");
    }

    @Test
    @Tag("R-24b")
    void viewsCannotExposeRawValues() {
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW tv_people AS SELECT person_id, person_name, phone "
                + "FROM social.contributions");
        assertNoRawValues(values("SELECT * FROM tv_people"));
        spark.sql("CREATE OR REPLACE VIEW " + TestWorkspace.DATABASE + ".v_enterprises AS "
                + "SELECT uscc, legal_representative FROM registry.enterprises");
        assertThat(values("SELECT legal_representative FROM v_enterprises ORDER BY uscc"))
                .containsExactly(hash("Zhang San"), hash("Li Si"), hash("Wang Wu"));
        spark.table("social.contributions").createOrReplaceTempView("df_view");
        assertNoRawValues(values("SELECT person_id, phone FROM df_view"));
        spark.sql("DROP VIEW " + TestWorkspace.DATABASE + ".v_enterprises");
    }

    @Test
    @Tag("R-24b")
    void persistedTablesHoldMaskedValues() throws Exception {
        spark.sql("CREATE TABLE copy_all AS SELECT * FROM registry.enterprises");
        // Read the written files back by path (inside the workspace: allowed, and no masks apply to files).
        Path dir = workspace.warehouseDir().resolve(TestWorkspace.DATABASE + ".db/copy_all");
        assertThat(Files.isDirectory(dir)).isTrue();
        List<String> raw = values(spark.read().parquet(dir.toString()));
        assertThat(raw).contains(hash("Zhang San"), "xxxxxxx1111");
        assertNoRawValues(raw);
        spark.sql("DROP TABLE copy_all");
        assertThat(Files.exists(dir)).isFalse();
    }

    // ------------------------------------------------------------------------------------------- R-21b row filters

    @ParameterizedTest
    @Tag("R-21b")
    @ValueSource(strings = {
        "SELECT count(*) FROM social.contributions",
        "SELECT count(*) FROM social.contributions c JOIN registry.enterprises e ON c.employer_uscc = e.uscc",
        "SELECT count(*) FROM registry.enterprises e LEFT JOIN social.contributions c ON c.employer_uscc = e.uscc "
            + "WHERE c.employer_uscc IS NOT NULL",
        "SELECT count(*) FROM registry.enterprises WHERE uscc IN (SELECT employer_uscc FROM social.contributions)",
        "SELECT count(*) FROM registry.enterprises e WHERE EXISTS (SELECT 1 FROM social.contributions c "
            + "WHERE c.employer_uscc = e.uscc)",
        "SELECT count(DISTINCT person_id) FROM social.contributions",
        "WITH c AS (SELECT * FROM social.contributions) SELECT count(*) FROM c a JOIN c b ON a.person_id = b.person_id",
        "SELECT (SELECT count(*) FROM social.contributions)"})
    void rowFilterCannotBeBypassed(String sql) {
        assertThat(values(sql)).containsExactly("2");
    }

    @Test
    @Tag("R-21b")
    void nonConsentingSubjectsAreAbsent() {
        assertThat(values("SELECT person_id FROM social.contributions"))
                .containsExactlyInAnyOrder(hash("P1"), hash("P3"));
        assertThat(values("SELECT count(*) FROM social.contributions WHERE person_id = '" + hash("P2") + "'"))
                .containsExactly("0");
        assertThat(values("SELECT sum(contribution_base) FROM social.contributions")).containsExactly("12000.00");
    }

    // ------------------------------------------------------------------------------------------- positive

    @Test
    @Tag("R-21b")
    @Tag("R-24b")
    void joinsTwoGrantedDatasetsIntoAWorkspaceTable() {
        spark.sql("CREATE TABLE features AS SELECT e.uscc, e.legal_representative, c.person_id, c.person_name, "
                + "c.contribution_base FROM registry.enterprises e JOIN social.contributions c "
                + "ON e.uscc = c.employer_uscc");
        List<Row> rows = spark.sql("SELECT uscc, legal_representative, person_id, person_name, contribution_base "
                + "FROM features ORDER BY uscc").collectAsList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getString(0)).isEqualTo("U001");
        assertThat(rows.get(0).getString(1)).isEqualTo(hash("Zhang San"));
        assertThat(rows.get(0).getString(2)).isEqualTo(hash("P1"));
        assertThat(rows.get(0).isNullAt(3)).isTrue();
        assertThat(rows.get(1).getString(2)).isEqualTo(hash("P3"));
        Set<String> people = rows.stream().map(r -> r.getString(2)).collect(Collectors.toSet());
        assertThat(people).doesNotContain(hash("P2"), hash("P4"));
        spark.sql("INSERT INTO features SELECT * FROM features");
        assertThat(values("SELECT count(*) FROM features")).containsExactly("4");
        spark.sql("ALTER TABLE features ADD COLUMNS (note STRING)");
        spark.sql("DROP TABLE features");
    }

    @Test
    @Tag("R-19a")
    void dataFrameApiIsEnforcedLikeSql() {
        Dataset<Row> enterprises = spark.table("registry.enterprises").select("uscc", "legal_representative");
        assertThat(values(enterprises.orderBy("uscc").select("legal_representative")))
                .containsExactly(hash("Zhang San"), hash("Li Si"), hash("Wang Wu"));
        assertThat(values(spark.table("social.contributions").groupBy().count())).containsExactly("2");
        enterprises.write().mode(SaveMode.Overwrite).saveAsTable("df_out");
        assertThat(values(spark.table("df_out").select("legal_representative"))).contains(hash("Li Si"));
        String files = workspace.filesDir().resolve("export").toString();
        enterprises.write().mode(SaveMode.Overwrite).parquet(files);
        assertThat(values(spark.read().parquet(files).select("legal_representative"))).contains(hash("Wang Wu"));
        assertRefused(() -> spark.table("census.people").collect(), JobsErrorCode.ACCESS_DENIED, "census.people");
        assertRefused(() -> enterprises.write().parquet(workspace.root().resolve("df-out").toString()),
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE, "df-out");
        assertRefused(() -> spark.table("registry.enterprises").write().mode(SaveMode.Append)
                        .insertInto("registry.enterprises"),
                JobsErrorCode.ACCESS_DENIED);
        assertRefused(() -> spark.read().schema("a STRING")
                        .parquet(workspace.warehouseDir().resolve("..").resolve("..").toString()),
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE);
        spark.sql("DROP TABLE df_out");
    }

    @Test
    void catalogInspectionNeedsSelect() {
        assertThat(values("DESCRIBE registry.enterprises")).contains("legal_representative");
        assertThat(values("SHOW TABLES IN registry")).contains("enterprises");
        assertRefused(() -> spark.sql("DESCRIBE census.people"), JobsErrorCode.ACCESS_DENIED, "census.people");
        assertRefused(() -> spark.sql("SHOW CREATE TABLE census.people"), JobsErrorCode.ACCESS_DENIED);
    }
}
