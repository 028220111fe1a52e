package org.shuyu.jobs.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.jobs.testing.Refusals.assertRefused;
import static org.shuyu.jobs.testing.TestWorkspace.hash;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogStorageFormat;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
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
import scala.Option;

/**
 * A catalog source dataset is read only with the format, options and schema the platform declared (issue 14): every
 * per-read option, however it is spelled or nested, is refused on the analysed plan before anything is read, and the
 * settings that change how files are parsed are locked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("R-24b")
class ReadOptionsTest {
    private TestWorkspace workspace;
    private EnforcedSession session;
    private SparkSession spark;

    @BeforeAll
    void start() throws Exception {
        workspace = new TestWorkspace();
        session = new EnforcedSession(workspace, workspace.server().url(), privileged -> { });
        spark = session.spark();
    }

    @AfterAll
    void stop() throws Exception {
        session.close();
        workspace.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE leak1 AS SELECT * FROM registry.enterprises WITH ('sep' = '|') LIMIT 5",
        "SELECT * FROM registry.enterprises WITH ('quote' = '#')",
        "SELECT name FROM registry.enterprises WITH ('columnNameOfCorruptRecord' = 'name')",
        "SELECT name FROM registry.enterprises WITH ('COLUMNNAMEOFCORRUPTRECORD' = 'name', 'mode' = 'PERMISSIVE')",
        "SELECT * FROM registry.enterprises WITH ('header' = 'false')",
        "SELECT * FROM `registry`.`enterprises` WITH ('Sep' = '|')",
        "SELECT * FROM spark_catalog.registry.enterprises WITH ('sep' = '|')",
        "SELECT * FROM registry.enterprises WITH ('mode' = 'PERMISSIVE')",
        "SELECT * FROM registry.enterprises WITH ('inferSchema' = 'true')",
        "SELECT * FROM registry.enterprises WITH ('path' = '/etc')",
        "SELECT * FROM registry.enterprises WITH ('escape' = 'a') e WHERE e.uscc = 'U001'",
        "SELECT * FROM social.contributions WITH ('lineSep' = ',')",
        "WITH x AS (SELECT * FROM registry.enterprises WITH ('sep' = '|')) SELECT * FROM x",
        "SELECT uscc FROM registry.enterprises WHERE name IN (SELECT name FROM registry.enterprises WITH ('sep' = '|'))",
        "SELECT e.uscc FROM registry.enterprises e JOIN registry.enterprises WITH ('sep' = '|') f ON e.uscc = f.uscc",
        "CREATE TEMPORARY VIEW leak_v AS SELECT * FROM registry.enterprises WITH ('sep' = '|')",
        "CREATE VIEW leak_pv AS SELECT * FROM registry.enterprises WITH ('quote' = '#')",
        "EXECUTE IMMEDIATE 'SELECT * FROM registry.enterprises WITH (''sep'' = ''|'')'",
        "EXECUTE IMMEDIATE 'CREATE TABLE leak2 AS SELECT * FROM registry.enterprises WITH (''sep'' = ''|'')'",
        "BEGIN CREATE TABLE leak3 AS SELECT * FROM registry.enterprises WITH ('sep' = '|'); END"})
    void perReadOptionsOnASourceAreRefusedWhateverTheSyntax(String statement) {
        assertRefused(() -> spark.sql(statement).collect(), JobsErrorCode.READ_OPTIONS_NOT_ALLOWED,
                "registry.enterprises".equals(sourceOf(statement)) ? "registry.enterprises" : "social.contributions");
        assertThat(spark.catalog().tableExists(TestWorkspace.DATABASE, "leak1")).isFalse();
        assertThat(spark.catalog().tableExists(TestWorkspace.DATABASE, "leak2")).isFalse();
        assertThat(spark.catalog().tableExists(TestWorkspace.DATABASE, "leak3")).isFalse();
    }

    private static String sourceOf(String statement) {
        return statement.contains("social.contributions") ? "social.contributions" : "registry.enterprises";
    }

    @Test
    void dataFrameReaderOptionsOnASourceAreRefused() {
        assertRefused(() -> spark.read().option("sep", "|").table("registry.enterprises").collectAsList(),
                JobsErrorCode.READ_OPTIONS_NOT_ALLOWED, "registry.enterprises", "sep");
        assertRefused(() -> spark.read().option("columnNameOfCorruptRecord", "name").table("registry.enterprises")
                        .select("name").collectAsList(),
                JobsErrorCode.READ_OPTIONS_NOT_ALLOWED, "columnnameofcorruptrecord");
        assertRefused(() -> spark.read().options(java.util.Map.of("quote", "#", "escape", "a"))
                        .table("social.contributions").collectAsList(),
                JobsErrorCode.READ_OPTIONS_NOT_ALLOWED, "social.contributions", "escape", "quote");
    }

    @Test
    void aSourceWhoseStoragePropertiesChangedByAnyRouteIsRefused() throws Exception {
        SessionCatalog catalog = spark.sessionState().catalog();
        TableIdentifier id = new TableIdentifier("enterprises", Option.apply("registry"));
        CatalogTable before = catalog.getTableMetadata(id);
        java.util.Map<String, String> props = new java.util.HashMap<>(
                scala.jdk.javaapi.CollectionConverters.asJava(before.storage().properties()));
        props.put("sep", "|");
        CatalogStorageFormat storage = before.storage().copy(before.storage().locationUri(),
                before.storage().inputFormat(), before.storage().outputFormat(), before.storage().serde(),
                before.storage().compressed(),
                scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(props)),
                before.storage().copy$default$7());
        catalog.alterTable(before.copy(before.copy$default$1(), before.copy$default$2(), storage,
                before.copy$default$4(), before.copy$default$5(), before.copy$default$6(), before.copy$default$7(), before.copy$default$8(), before.copy$default$9(), before.copy$default$10(), before.copy$default$11(), before.copy$default$12(), before.copy$default$13(), before.copy$default$14(), before.copy$default$15(), before.copy$default$16(), before.copy$default$17(), before.copy$default$18(), before.copy$default$19(), before.copy$default$20(), before.copy$default$21(), before.copy$default$22()));
        catalog.refreshTable(id);
        try {
            assertRefused(() -> spark.sql("SELECT * FROM registry.enterprises").collect(),
                    JobsErrorCode.READ_OPTIONS_NOT_ALLOWED, "sep");
        } finally {
            catalog.alterTable(before);
            catalog.refreshTable(id);
        }
        assertThat(spark.sql("SELECT count(*) FROM registry.enterprises").collectAsList().get(0).getLong(0))
                .isEqualTo(3L);
    }

    @Test
    void theDeclaredReadStillWorksAndMasksHoldByValue() {
        List<Row> rows = spark.sql("SELECT uscc, legal_representative FROM registry.enterprises ORDER BY uscc")
                .collectAsList();
        assertThat(rows).extracting(r -> r.getString(1))
                .containsExactly(hash("Zhang San"), hash("Li Si"), hash("Wang Wu"));
        assertThat(spark.read().table("registry.enterprises").count()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET spark.sql.ansi.enabled=false", "SET spark.sql.session.timeZone=UTC",
        "SET spark.sql.columnNameOfCorruptRecord=name", "SET spark.sql.caseSensitive=true",
        "SET spark.sql.csv.parser.columnPruning.enabled=false", "SET spark.sql.files.maxPartitionBytes=1",
        "SET spark.sql.files.ignoreCorruptFiles=true", "SET spark.sql.legacy.timeParserPolicy=LEGACY",
        "SET spark.sql.legacy.csv.enableDateTimeParsingFallback=true", "SET spark.sql.sources.useV1SourceList=",
        "SET spark.sql.maxMetadataStringLength=10000", "RESET spark.sql.ansi.enabled"})
    void settingsThatChangeParsingOrFileReadingAreLocked(String statement) {
        assertRefused(() -> spark.sql(statement), JobsErrorCode.SETTING_LOCKED);
    }

    @Test
    void aLockedSettingChangedThroughTheApiRefusesEveryLaterStatement() {
        spark.conf().set("spark.sql.columnNameOfCorruptRecord", "name");
        try {
            assertRefused(() -> spark.sql("SELECT 1").collect(), JobsErrorCode.SETTING_LOCKED,
                    "spark.sql.columnNameOfCorruptRecord");
        } finally {
            spark.conf().unset("spark.sql.columnNameOfCorruptRecord");
        }
        spark.conf().set("spark.sql.legacy.charVarcharAsString", "true");
        try {
            assertRefused(() -> spark.sql("SELECT 1").collect(), JobsErrorCode.SETTING_LOCKED,
                    "spark.sql.legacy.charVarcharAsString");
        } finally {
            spark.conf().unset("spark.sql.legacy.charVarcharAsString");
        }
        assertThat(spark.sql("SELECT 1").collectAsList()).hasSize(1);
    }

    /** No statement opens a connection out of the sandbox: every network data source is refused before it runs. */
    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TEMPORARY VIEW net1 USING jdbc OPTIONS (url 'jdbc:postgresql://127.0.0.1:5432/test', dbtable 'audit_log')",
        "CREATE TABLE net2 USING jdbc OPTIONS (url 'jdbc:h2:mem:x', dbtable 't')",
        "CREATE TABLE net3 USING jdbc OPTIONS (url 'jdbc:h2:mem:x', dbtable 't') AS SELECT uscc FROM registry.enterprises",
        "SELECT * FROM jdbc.`jdbc:postgresql://127.0.0.1:5432/test`",
        "CREATE TEMPORARY VIEW net4 USING org.apache.spark.sql.execution.datasources.jdbc OPTIONS (url 'jdbc:h2:mem:x', dbtable 't')",
        "CREATE TABLE net5 USING csv LOCATION 'http://127.0.0.1:9/x'",
        "INSERT OVERWRITE DIRECTORY 'hdfs://127.0.0.1:9/x' USING csv SELECT uscc FROM registry.enterprises",
        "CREATE TEMPORARY VIEW net6 USING socket OPTIONS (host '127.0.0.1', port '9')"})
    @Tag("R-19a")
    void networkSourcesAndSinksAreRefused(String statement) {
        Throwable refusal = org.assertj.core.api.Assertions.catchThrowable(() -> spark.sql(statement).collect());
        assertThat(refusal).as(statement).isNotNull();
        assertThat(EnforcementException.find(refusal)).as("refused by the enforcement, not by chance: %s", refusal).isPresent();
        assertThat(spark.catalog().tableExists(TestWorkspace.DATABASE, "net2")).isFalse();
        assertThat(spark.catalog().tableExists(TestWorkspace.DATABASE, "net3")).isFalse();
        assertThat(spark.catalog().tableExists(TestWorkspace.DATABASE, "net5")).isFalse();
    }

    @Test
    @Tag("R-19a")
    void theSparkUiIsOffAndTheDriverListensOnLoopbackOnly() {
        assertThat(spark.sparkContext().uiWebUrl().isDefined()).as("no Spark UI").isFalse();
        assertThat(spark.conf().get("spark.driver.host")).isIn("127.0.0.1", "localhost");
    }
}
