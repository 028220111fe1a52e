package org.shuyu.corpus;

import static org.shuyu.corpus.Expect.allowed;
import static org.shuyu.corpus.Expect.refused;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The enforcement cases every transport must honour, collected from compute-jobs' EnforcementTest, ReadOptionsTest
 * and SessionLockTest: reads of ungranted and prohibited datasets, other workspaces, writes to sources, path reads
 * and writes, locked settings, commands and functions outside the allow-list, per-read options, masks and consent
 * row filters (by value, over the sentinel data of {@link SentinelData}). Why this class is long: it is the list.
 */
public final class EnforcementCorpus {
    public static final String ISOLATION = "R-19a";
    public static final String MASKING = "R-24b";
    public static final String CONSENT = "R-21b";

    private static final String ACCESS_DENIED = "ACCESS_DENIED";
    private static final String PATH = "PATH_OUTSIDE_WORKSPACE";
    private static final String COMMAND = "COMMAND_NOT_ALLOWED";
    private static final String LOCKED = "SETTING_LOCKED";
    private static final String OPTIONS = "READ_OPTIONS_NOT_ALLOWED";

    private EnforcementCorpus() {
    }

    /** Every case, ids unique, in a fixed order. */
    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        grants(cases);
        paths(cases);
        settings(cases);
        commands(cases);
        readOptions(cases);
        masks(cases);
        rowFilters(cases);
        harmless(cases);
        Set<String> ids = new HashSet<>();
        for (Case c : cases) {
            if (!ids.add(c.id())) {
                throw new IllegalStateException("duplicate case id " + c.id());
            }
        }
        return List.copyOf(cases);
    }

    private static void add(List<Case> cases, String id, String sql, Expect expect, String... tags) {
        cases.add(new Case(id, sql, expect, Set.of(tags)));
    }

    private static void grants(List<Case> c) {
        add(c, "grant.dataset-not-granted", "SELECT * FROM census.people", refused(ACCESS_DENIED), ISOLATION);
        add(c, "grant.dataset-not-granted-count", "SELECT count(*) FROM census.people", refused(ACCESS_DENIED),
                ISOLATION);
        add(c, "grant.prohibited-dataset", "SELECT person_id FROM police.household_registry", refused(ACCESS_DENIED),
                ISOLATION);
        add(c, "grant.other-workspace-database", "SELECT count(*) FROM ws_grant_unregistered.secret",
                refused(ACCESS_DENIED), ISOLATION);
        add(c, "grant.other-workspace-qualified", "SELECT count(*) FROM spark_catalog.ws_grant_unregistered.secret",
                refused(ACCESS_DENIED), ISOLATION);
        add(c, "grant.other-workspace-insert", "INSERT INTO ws_grant_unregistered.secret SELECT 1",
                refused(ACCESS_DENIED), ISOLATION);
        add(c, "grant.explain-not-granted", "EXPLAIN SELECT * FROM census.people", refused(ACCESS_DENIED), ISOLATION);
        add(c, "grant.describe-not-granted", "DESCRIBE census.people", refused(ACCESS_DENIED), ISOLATION);
        add(c, "grant.show-create-not-granted", "SHOW CREATE TABLE census.people", refused(ACCESS_DENIED), ISOLATION);
        add(c, "grant.join-not-granted", "SELECT e.uscc FROM registry.enterprises e JOIN census.people p "
                + "ON e.uscc = p.person_id", refused(ACCESS_DENIED), ISOLATION);
        add(c, "ddl.insert-into-source", "INSERT INTO registry.enterprises SELECT * FROM registry.enterprises",
                refused(ACCESS_DENIED), ISOLATION);
        add(c, "ddl.drop-source", "DROP TABLE registry.enterprises", refused(ACCESS_DENIED), ISOLATION);
        add(c, "ddl.create-in-source-database", "CREATE TABLE registry.copy AS SELECT uscc FROM registry.enterprises",
                refused(ACCESS_DENIED), ISOLATION);
        add(c, "ddl.alter-source", "ALTER TABLE registry.enterprises SET TBLPROPERTIES ('a' = 'b')",
                refused(ACCESS_DENIED), ISOLATION);
    }

    private static void paths(List<Case> c) {
        add(c, "path.insert-overwrite-directory", "INSERT OVERWRITE DIRECTORY '${outside}' USING parquet "
                + "SELECT * FROM registry.enterprises", refused(PATH), ISOLATION);
        add(c, "path.insert-overwrite-tmp", "INSERT OVERWRITE DIRECTORY '/tmp/x' USING parquet SELECT 1",
                refused(PATH), ISOLATION);
        add(c, "path.table-location", "CREATE TABLE t_out (a INT) USING parquet LOCATION '${outside}'",
                refused(PATH), ISOLATION);
        add(c, "path.ctas-location", "CREATE TABLE t_out2 USING parquet LOCATION '${outside}' AS "
                + "SELECT uscc FROM registry.enterprises", refused(PATH), ISOLATION);
        add(c, "path.table-path-option", "CREATE TABLE t_out3 (a INT) USING parquet OPTIONS (path '${outside}')",
                refused(PATH), ISOLATION);
        add(c, "path.read-etc", "SELECT * FROM parquet.`/etc`", refused(PATH), ISOLATION);
        add(c, "path.read-outside", "SELECT * FROM csv.`${outside}`", refused(PATH), ISOLATION);
        add(c, "path.temporary-view-over-path", "CREATE TEMPORARY VIEW tv USING csv OPTIONS (path '/ignored/by/test')",
                refused(PATH), ISOLATION);
        add(c, "path.hdfs-directory", "INSERT OVERWRITE DIRECTORY 'hdfs://127.0.0.1:9/x' USING csv "
                + "SELECT uscc FROM registry.enterprises", refused(PATH), ISOLATION);
        add(c, "path.jdbc-url-as-path", "SELECT * FROM jdbc.`jdbc:postgresql://127.0.0.1:5432/test`", refused(PATH),
                ISOLATION);
        add(c, "path.http-location", "CREATE TABLE net5 USING csv LOCATION 'http://127.0.0.1:9/x'", refused(PATH),
                ISOLATION);
    }

    private static void settings(List<Case> c) {
        List<String> locked = List.of(
                "SET spark.sql.optimizer.excludedRules=org.apache.spark.sql.catalyst.optimizer.ColumnPruning",
                "SET spark.sql.extensions=com.example.Bypass", "SET spark.sql.runSQLOnFiles=true",
                "SET spark.sql.warehouse.dir=/tmp", "SET spark.sql.catalog.evil=com.example.Catalog",
                "SET spark.sql.defaultCatalog=evil", "SET spark.sql.extensions", "SET", "SET -v", "RESET",
                "RESET spark.sql.runSQLOnFiles", "SET spark.sql.optimizer.excludedRules",
                "SET spark.shuyu.user=admin", "SET spark.sql.session.user=admin", "SET user.name=admin",
                "SET spark.hadoop.hadoop.proxyuser.engineer.hosts=*", "SET spark.kerberos.principal=admin@EXAMPLE",
                "SET spark.sql.ansi.enabled=false", "SET spark.sql.session.timeZone=UTC",
                "SET spark.sql.columnNameOfCorruptRecord=name", "SET spark.sql.caseSensitive=true",
                "SET spark.sql.csv.parser.columnPruning.enabled=false", "SET spark.sql.files.maxPartitionBytes=1",
                "SET spark.sql.files.ignoreCorruptFiles=true", "SET spark.sql.legacy.timeParserPolicy=LEGACY",
                "SET spark.sql.sources.useV1SourceList=", "RESET spark.sql.ansi.enabled");
        for (int i = 0; i < locked.size(); i++) {
            add(c, "setting.locked-" + (i + 1), locked.get(i), refused(LOCKED), ISOLATION);
        }
    }

    private static void commands(List<Case> c) {
        List<String> refusedCommands = List.of("ADD JAR /tmp/evil.jar", "ADD FILE /etc/passwd",
                "CREATE FUNCTION evil AS 'com.example.Evil'",
                "LOAD DATA LOCAL INPATH '/etc/passwd' INTO TABLE registry.enterprises",
                "SELECT reflect('java.lang.System', 'getenv', 'SHUYU_RUNTIME_TOKEN')",
                "SELECT java_method('java.lang.Runtime', 'getRuntime')",
                "SELECT try_reflect('java.lang.System', 'getenv', 'SHUYU_MASK_SALT')",
                "SELECT uscc FROM registry.enterprises WHERE reflect('java.lang.System', 'getenv', 'HOME') IS NOT NULL",
                "SELECT TRANSFORM(uscc) USING 'cat' FROM registry.enterprises",
                "ANALYZE TABLE registry.enterprises COMPUTE STATISTICS FOR ALL COLUMNS",
                "CACHE TABLE registry.enterprises", "CREATE DATABASE evil",
                "SELECT input_file_name() FROM registry.enterprises",
                "SELECT _metadata.file_path FROM registry.enterprises",
                "CREATE GLOBAL TEMPORARY VIEW g AS SELECT uscc FROM registry.enterprises",
                "CREATE VIEW registry.v AS SELECT uscc FROM registry.enterprises",
                "TRUNCATE TABLE registry.enterprises", "SELECT raise_error('probe')",
                "SELECT uscc FROM registry.enterprises WHERE assert_true(length(uscc) = 18) IS NULL",
                "SELECT count(*) FROM registry.enterprises WHERE CASE WHEN uscc LIKE '9%' THEN raise_error('x') "
                        + "ELSE true END",
                "CREATE TEMPORARY VIEW net1 USING jdbc OPTIONS (url 'jdbc:postgresql://127.0.0.1:5432/test', "
                        + "dbtable 'audit_log')",
                "CREATE TABLE net2 USING jdbc OPTIONS (url 'jdbc:h2:mem:x', dbtable 't')",
                "CREATE TEMPORARY VIEW net6 USING socket OPTIONS (host '127.0.0.1', port '9')");
        for (int i = 0; i < refusedCommands.size(); i++) {
            add(c, "command.refused-" + (i + 1), refusedCommands.get(i), refused(COMMAND), ISOLATION);
        }
    }

    private static void readOptions(List<Case> c) {
        List<String> statements = List.of(
                "CREATE TABLE leak1 AS SELECT * FROM registry.enterprises WITH ('sep' = '|') LIMIT 5",
                "SELECT * FROM registry.enterprises WITH ('quote' = '#')",
                "SELECT name FROM registry.enterprises WITH ('columnNameOfCorruptRecord' = 'name')",
                "SELECT name FROM registry.enterprises WITH ('COLUMNNAMEOFCORRUPTRECORD' = 'name', 'mode' = 'PERMISSIVE')",
                "SELECT * FROM registry.enterprises WITH ('header' = 'false')",
                "SELECT * FROM `registry`.`enterprises` WITH ('Sep' = '|')",
                "SELECT * FROM spark_catalog.registry.enterprises WITH ('sep' = '|')",
                "SELECT * FROM registry.enterprises WITH ('inferSchema' = 'true')",
                "SELECT * FROM registry.enterprises WITH ('path' = '/etc')",
                "SELECT * FROM social.contributions WITH ('lineSep' = ',')",
                "WITH x AS (SELECT * FROM registry.enterprises WITH ('sep' = '|')) SELECT * FROM x",
                "SELECT uscc FROM registry.enterprises WHERE name IN (SELECT name FROM registry.enterprises "
                        + "WITH ('sep' = '|'))",
                "CREATE TEMPORARY VIEW leak_v AS SELECT * FROM registry.enterprises WITH ('sep' = '|')",
                "EXECUTE IMMEDIATE 'SELECT * FROM registry.enterprises WITH (''sep'' = ''|'')'",
                "BEGIN CREATE TABLE leak3 AS SELECT * FROM registry.enterprises WITH ('sep' = '|'); END");
        for (int i = 0; i < statements.size(); i++) {
            add(c, "read-options.refused-" + (i + 1), statements.get(i), refused(OPTIONS), MASKING);
        }
    }

    private static void masks(List<Case> c) {
        add(c, "mask.hash", "SELECT legal_representative FROM registry.enterprises",
                allowed().masked("legal_representative"), MASKING);
        add(c, "mask.cast", "SELECT CAST(legal_representative AS STRING) AS r FROM registry.enterprises",
                allowed().masked("r"), MASKING);
        add(c, "mask.binary-round-trip", "SELECT CAST(CAST(legal_representative AS BINARY) AS STRING) AS r "
                + "FROM registry.enterprises", allowed().masked("r"), MASKING);
        add(c, "mask.string-functions", "SELECT upper(legal_representative) AS a, lower(phone) AS b, "
                + "substr(phone, 1, 20) AS c, concat(phone, '') AS d FROM registry.enterprises",
                allowed().masked("a").masked("b").masked("c").masked("d"), MASKING);
        add(c, "mask.scalar-subquery", "SELECT (SELECT max(legal_representative) FROM registry.enterprises) AS m",
                allowed().masked("m"), MASKING);
        add(c, "mask.derived-table", "SELECT x FROM (SELECT legal_representative AS x FROM registry.enterprises) s",
                allowed().masked("x"), MASKING);
        add(c, "mask.cte", "WITH c AS (SELECT legal_representative AS r, phone FROM registry.enterprises) "
                + "SELECT r, phone FROM c", allowed().masked("r").masked("phone"), MASKING);
        add(c, "mask.star", "SELECT * FROM registry.enterprises",
                allowed().masked("legal_representative").masked("phone"), MASKING);
        add(c, "mask.star-person-level", "SELECT * FROM social.contributions",
                allowed().masked("person_id").masked("person_name").masked("phone"), MASKING, CONSENT);
        add(c, "mask.group-by", "SELECT legal_representative, count(*) AS n FROM registry.enterprises "
                + "GROUP BY legal_representative", allowed().masked("legal_representative"), MASKING);
        add(c, "mask.collect", "SELECT collect_list(legal_representative) AS a, collect_set(phone) AS b "
                + "FROM registry.enterprises", allowed().masked("a").masked("b"), MASKING);
        add(c, "mask.self-join", "SELECT e.* FROM registry.enterprises e JOIN registry.enterprises f "
                + "ON e.uscc = f.uscc", allowed().masked("legal_representative"), MASKING);
        add(c, "mask.union", "SELECT person_id, person_name, phone FROM social.contributions UNION ALL "
                + "SELECT legal_representative, name, phone FROM registry.enterprises",
                allowed().masked("person_id").masked("phone"), MASKING);
        add(c, "mask.to-json", "SELECT to_json(struct(*)) AS j FROM registry.enterprises", allowed().masked("j"),
                MASKING);
        add(c, "mask.order-by", "SELECT legal_representative FROM registry.enterprises ORDER BY legal_representative",
                allowed().masked("legal_representative"), MASKING);
        add(c, "mask.first-max", "SELECT first(person_name, true) AS a, max(person_id) AS b FROM social.contributions",
                allowed().masked("a").masked("b"), MASKING);
        add(c, "mask.execute-immediate", "EXECUTE IMMEDIATE 'SELECT legal_representative FROM registry.enterprises'",
                allowed().masked("legal_representative"), MASKING);
        add(c, "mask.filter-sees-masked-value", "SELECT count(*) FROM registry.enterprises "
                + "WHERE legal_representative LIKE 'SENTINEL%'", allowed().firstValue("0"), MASKING);
        add(c, "mask.filter-sees-masked-phone", "SELECT count(*) FROM registry.enterprises WHERE phone LIKE 'SENTINEL%'",
                allowed().firstValue("0"), MASKING);
        add(c, "mask.hash-is-sha256", "SELECT count(*) FROM registry.enterprises WHERE length(legal_representative) = 64",
                allowed().firstValue("3"), MASKING);
        add(c, "mask.nulled", "SELECT count(person_name) FROM social.contributions", allowed().firstValue("0"),
                MASKING);
        add(c, "mask.dataframe-view", "SELECT legal_representative FROM (SELECT * FROM registry.enterprises) v "
                + "ORDER BY 1 LIMIT 1", allowed().masked("legal_representative"), MASKING);
    }

    private static void rowFilters(List<Case> c) {
        List<String> counts = List.of("SELECT count(*) FROM social.contributions",
                "SELECT count(*) FROM social.contributions c JOIN registry.enterprises e ON c.employer_uscc = e.uscc",
                "SELECT count(*) FROM registry.enterprises e LEFT JOIN social.contributions c "
                        + "ON c.employer_uscc = e.uscc WHERE c.employer_uscc IS NOT NULL",
                "SELECT count(*) FROM registry.enterprises WHERE uscc IN (SELECT employer_uscc FROM social.contributions)",
                "SELECT count(*) FROM registry.enterprises e WHERE EXISTS (SELECT 1 FROM social.contributions c "
                        + "WHERE c.employer_uscc = e.uscc)",
                "SELECT count(DISTINCT person_id) FROM social.contributions",
                "WITH c AS (SELECT * FROM social.contributions) SELECT count(*) FROM c a JOIN c b "
                        + "ON a.person_id = b.person_id",
                "SELECT (SELECT count(*) FROM social.contributions)",
                "SELECT count(*) FROM social.contributions WHERE person_id LIKE 'SENTINEL%' OR true");
        for (int i = 0; i < counts.size(); i++) {
            add(c, "consent.row-filter-" + (i + 1), counts.get(i), allowed().firstValue("2"), CONSENT);
        }
        add(c, "consent.sum", "SELECT sum(contribution_base) FROM social.contributions",
                allowed().firstValue("12000.00"), CONSENT);
        add(c, "consent.filtered-rows-absent", "SELECT count(*) FROM social.contributions "
                + "WHERE contribution_base > 90000000", allowed().firstValue("0"), CONSENT);
    }

    private static void harmless(List<Case> c) {
        add(c, "allowed.harmless-setting", "SET spark.sql.shuffle.partitions=3", allowed(), ISOLATION);
        add(c, "allowed.explain-granted", "EXPLAIN SELECT uscc FROM registry.enterprises", allowed(), ISOLATION);
        add(c, "allowed.describe-granted", "DESCRIBE registry.enterprises", allowed(), ISOLATION);
        add(c, "allowed.show-tables", "SHOW TABLES IN registry", allowed(), ISOLATION);
        add(c, "allowed.public-columns", "SELECT uscc, name FROM registry.enterprises ORDER BY uscc",
                allowed().firstValue("U001"), ISOLATION);
        add(c, "allowed.join-granted", "SELECT e.name, c.contribution_base FROM registry.enterprises e "
                + "JOIN social.contributions c ON e.uscc = c.employer_uscc ORDER BY 2", allowed().firstValue("Alpha Ltd"),
                ISOLATION, CONSENT);
    }
}
