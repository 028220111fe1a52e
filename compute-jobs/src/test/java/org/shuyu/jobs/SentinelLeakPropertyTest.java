package org.shuyu.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.runtime.PreviewResult;
import org.shuyu.jobs.spec.RuntimeConfig;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.jobs.testing.EnforcedSession;
import org.shuyu.jobs.testing.TestWorkspace;
import org.shuyu.lineage.LineageEvent;

/**
 * Masks and row filters hold by value, whatever the syntax (issue 14). Every masked column and every row the consent
 * filter removes holds a recognisable sentinel; hundreds of statements generated from a small grammar with a fixed
 * seed (projections, casts, string functions, per-read options, views, CTEs, subqueries, joins, aggregates,
 * collect_list, to_json, ANSI errors, EXECUTE IMMEDIATE) run under enforcement, and no sentinel may appear, whole or
 * as any 6-character window, reversed, in hex or in base64, in anything that leaves: rows returned, workspace tables
 * read back, previews, the status message JobMain would write, and the lineage events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("R-24b")
@Tag("R-19a")
class SentinelLeakPropertyTest {
    private static final long SEED = 20261203L;
    private static final int GENERATED = 260;
    private static final int WINDOW = 6;

    /** Values of masked columns and of rows the consent filter removes (every 6-window holds a non-hex letter). */
    private static final List<String> SENTINELS = List.of(
            "SENTINELZ33020Z19900Z10112Z34", "哨兵张三SENTINELNQMXQ01", "SENTINELPHQNXZ13800Z09999",
            "哨兵李四SENTINELNQMXQ02", "SENTINELPQDZ33020Z19900Z20223", "SENTINELPHQNXZ13900Z08888",
            "SENTINELUQCCZ91330Z20000", "哨兵王五SENTINELNQMXQ03", "SENTINELPQDZ44010Z19851Z24567",
            "SENTINELPHQNXZ13700Z07777", "SENTINELXDDRQ12HXRBQRQ", "SENTINELKQXWQ998877Q");
    private static final String NUMBER_SENTINEL = "91735246.81";

    private TestWorkspace workspace;
    private EnforcedSession session;
    private SparkSession spark;
    private final List<LineageEvent> events = new CopyOnWriteArrayList<>();
    private List<String> windows;
    private RuntimeConfig config;
    private int tables;
    private final Map<String, Integer> codes = new java.util.TreeMap<>();

    @BeforeAll
    void start() throws Exception {
        workspace = new TestWorkspace();
        workspace.replaceSource("registry.enterprises", """
                uscc,name,legal_representative,phone,registered_capital
                U001,Alpha Ltd,SENTINELZ33020Z19900Z10112Z34,SENTINELPHQNXZ13800Z09999,1000.00
                U002,Beta Ltd,哨兵张三SENTINELNQMXQ01,SENTINELPHQNXZ13900Z08888,2000.00
                U003,Gamma Ltd,哨兵李四SENTINELNQMXQ02,SENTINELPHQNXZ13700Z07777,3000.00
                """);
        // Consent: P1 and P3 only. P2 and P4 are filtered out: every value of theirs is a sentinel.
        workspace.replaceSource("social.contributions", """
                person_id,person_name,employer_uscc,contribution_base,phone
                P1,哨兵王五SENTINELNQMXQ03,U001,5000.00,SENTINELPHQNXZ13800Z09999
                SENTINELPQDZ33020Z19900Z20223,哨兵李四SENTINELNQMXQ02,SENTINELUQCCZ91330Z20000,91735246.81,SENTINELPHQNXZ13900Z08888
                P3,哨兵张三SENTINELNQMXQ01,U002,7000.00,SENTINELPHQNXZ13700Z07777
                SENTINELPQDZ44010Z19851Z24567,哨兵王五SENTINELNQMXQ03,SENTINELUQCCZ91330Z20000,91735246.81,SENTINELPHQNXZ13800Z09999
                """);
        workspace.replaceSource("police.household_registry", "person_id,address\nP1,SENTINELXDDRQ12HXRBQRQ\n");
        workspace.replaceSource("census.people", "person_id,city\nSENTINELKQXWQ998877Q,Ningbo\n");
        // The consent row filter names P1 and P3: the filtered rows' ids are sentinels, so they never match.
        workspace.server().publish(workspace.state(true, Set.of("P1", "P3")));
        session = new EnforcedSession(workspace, workspace.server().url(), privileged -> { }, events::add);
        spark = session.spark();
        windows = windows();
        Path configFile = session.outputDir().resolve("config.json");
        config = RuntimeConfig.read(configFile);
    }

    @AfterAll
    void stop() throws Exception {
        session.close();
        workspace.close();
    }

    /** Every 6-character window of every sentinel, and of its reversed, hex and base64 forms (lower case). */
    private static List<String> windows() {
        List<String> forms = new ArrayList<>();
        for (String sentinel : SENTINELS) {
            byte[] utf8 = sentinel.getBytes(StandardCharsets.UTF_8);
            forms.add(sentinel);
            forms.add(new StringBuilder(sentinel).reverse().toString());
            forms.add(HexFormat.of().formatHex(utf8));
            // base64 of all but the last four characters, which the partial mask shows on purpose
            forms.add(Base64.getEncoder().encodeToString(sentinel.substring(0, sentinel.length() - 4)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        List<String> out = new ArrayList<>();
        for (String form : forms) {
            boolean hex = form.matches("[0-9a-f]+");
            int width = hex ? 2 * WINDOW : WINDOW; // hex: six bytes
            for (int i = 0; i + width <= form.length(); i++) {
                String window = form.substring(i, i + width).toLowerCase(Locale.ROOT);
                // a short window of hex digits only (from base64, say) cannot be told apart from a hash mask's output
                if (hex || !window.matches("[0-9a-f]+")) {
                    out.add(window);
                }
            }
        }
        out.add(NUMBER_SENTINEL);
        out.add("91735246");
        return List.copyOf(out);
    }

    /** The first sentinel window found in {@code text}, if any. */
    private Optional<String> leak(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return windows.stream().filter(lower::contains).findFirst();
    }

    private void assertNoLeak(String channel, String statement, String text) {
        Optional<String> found = leak(text);
        assertThat(found).as("sentinel window in %s of: %s%n%s", channel, statement, text).isEmpty();
    }

    @Test
    void theDetectorFindsTheSentinelsInTheRawSourcesAndInEveryEncoding() throws Exception {
        String raw = Files.readString(workspace.sourceDir("registry.enterprises").resolve("part-0.csv"));
        assertThat(leak(raw)).isPresent();
        String id = "SENTINELZ33020Z19900Z10112Z34";
        assertThat(leak("x" + id.substring(7, 13) + "y")).isPresent();
        assertThat(leak(new StringBuilder(id).reverse().toString())).isPresent();
        assertThat(leak(HexFormat.of().withUpperCase().formatHex(id.getBytes(StandardCharsets.UTF_8)))).isPresent();
        assertThat(leak(Base64.getEncoder().encodeToString("哨兵张三SENTINELNQMXQ01".getBytes(StandardCharsets.UTF_8))))
                .isPresent();
        // and not in what the masks make of them
        assertThat(leak(TestWorkspace.hash(id) + " xxxxxxxxxxxxxxxxxxxxx9999")).isEmpty();
    }

    @Test
    void noGeneratedStatementLeaksASentinelThroughAnyChannel() {
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> statements = new ArrayList<>(fixedStatements());
        for (int i = 0; i < GENERATED; i++) {
            statements.add(generate(random));
        }
        for (int i = 0; i < statements.size(); i++) {
            String outcome = exercise(i, statements.get(i), random);
            outcomes.merge(outcome, 1, Integer::sum);
        }
        for (LineageEvent event : events) {
            assertNoLeak("lineage", "event " + event.jobId() + "/" + event.step(), event.toString());
        }
        System.out.println("SENTINEL PROPERTY: " + statements.size() + " statements, outcomes " + outcomes
                + ", codes " + codes + ", lineage events " + events.size());
        // The grammar reaches every channel: rows, tables read back, previews, refusals and failures.
        assertThat(outcomes.keySet()).contains("rows", "table", "refused", "failed");
    }

    /** Runs one statement through one of the channels; returns what happened. */
    private String exercise(int index, String statement, Random random) {
        int mode = random.nextInt(10);
        try {
            if (mode < 5) {
                List<Row> rows = org.shuyu.jobs.runtime.JobRunner.analysed(() -> spark.sql(statement))
                        .collectAsList();
                assertNoLeak("rows", statement, rows.toString());
                return "rows";
            }
            if (mode < 8) {
                String table = "leak_t" + (tables++);
                session.runner().runStep(100 + index, "CREATE TABLE " + table + " AS " + statement);
                List<Row> back = spark.sql("SELECT * FROM " + table).collectAsList();
                assertNoLeak("table read back", statement, back.toString());
                PreviewResult preview = session.runner().preview(new RuntimeRequest.Preview(table, 50));
                assertNoLeak("preview", statement, preview.rows().toString());
                return "table";
            }
            session.runner().runStep(100 + index, statement);
            return "step";
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            org.shuyu.runtime.contract.RuntimeStatus outcome = new JobMain(Map.of("SHUYU_RUNTIME_TOKEN", TestWorkspace.TOKEN),
                    System.err).outcomeOf(e, 1, Optional.of(TestWorkspace.SALT), config);
            assertNoLeak("status message", statement, outcome.code() + " " + outcome.message());
            codes.merge(outcome.code(), 1, Integer::sum);
            return EnforcementException.find(e).isPresent() ? "refused" : "failed";
        }
    }

    // ------------------------------------------------------------------------------------------- grammar

    private static final Map<String, List<String>> COLUMNS = Map.of(
            "registry.enterprises", List.of("uscc", "name", "legal_representative", "phone", "registered_capital"),
            "social.contributions", List.of("person_id", "person_name", "employer_uscc", "contribution_base",
                    "phone"));
    private static final List<String> TABLES = List.copyOf(new java.util.TreeSet<>(COLUMNS.keySet()));

    private static final List<String> WRAPPERS = List.of("%s", "CAST(%s AS STRING)", "CAST(%s AS INT)",
            "try_cast(%s AS INT)", "CAST(%s AS BINARY)", "CAST(%s AS DATE)", "substr(%s, 2, 9)", "substr(%s, -6)",
            "left(%s, 8)", "right(%s, 7)", "split(%s, 'Z')[0]", "split(%s, '')[3]", "regexp_extract(%s, '([A-Z]+)', 1)",
            "regexp_replace(%s, 'x', '')", "concat(%s, '|', %s)", "reverse(%s)", "base64(CAST(%s AS BINARY))",
            "hex(%s)", "unhex(hex(%s))", "encode(%s, 'UTF-8')", "decode(encode(%s, 'UTF-8'), 'UTF-8')",
            "translate(%s, 'xS', 'yT')", "upper(%s)", "lower(%s)", "trim(%s)", "lpad(%s, 70, '*')", "repeat(%s, 2)",
            "to_json(named_struct('v', %s))", "array(%s)[0]", "ascii(%s)", "length(%s)", "instr(%s, 'Z')",
            "format_string('<%%s>', %s)", "concat_ws(',', %s, 'k')", "element_at(split(%s, ''), 5)", "initcap(%s)",
            "nvl(%s, 'n')", "CASE WHEN %s LIKE 'S%%' THEN 'a' ELSE 'b' END", "md5(CAST(%s AS STRING))",
            "url_encode(CAST(%s AS STRING))", "to_date(%s)", "%s || 'q'", "sha2(CAST(%s AS STRING), 256)",
            "CAST(%s AS DECIMAL(4,1))", "element_at(array(%s), 3)", "btrim(%s, 'x')", "overlay(%s PLACING 'ab' FROM 3)");
    /** Per-read options on a quarter of the generated reads (each is refused; the rest must run). */
    private static final List<String> OPTIONS = List.of("", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
            "", "", " WITH ('sep' = '|')",
            " WITH ('quote' = '#')", " WITH ('columnNameOfCorruptRecord' = 'name')", " WITH ('header' = 'false')",
            " WITH ('MODE' = 'PERMISSIVE', 'Sep' = ',')", " WITH ('escape' = 'Z')");

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String expression(Random random, String table, String alias) {
        String column = (alias.isEmpty() ? "" : alias + ".") + pick(random, COLUMNS.get(table));
        String wrapper = pick(random, WRAPPERS);
        String expression = wrapper.replace("%s", column).replace("%%", "%");
        if (random.nextInt(4) == 0) {
            expression = pick(random, WRAPPERS).replace("%s", expression).replace("%%", "%");
        }
        return expression;
    }

    private static String generate(Random random) {
        String table = pick(random, TABLES);
        String from = table + pick(random, OPTIONS);
        Supplier<String> e = () -> expression(random, table, "");
        String where = random.nextInt(3) == 0 ? " WHERE " + e.get() + " IS NOT NULL" : "";
        return switch (random.nextInt(13)) {
            case 0 -> "SELECT " + e.get() + " AS a, " + e.get() + " AS b FROM " + from + where;
            case 1 -> "SELECT collect_list(" + e.get() + ") AS a FROM " + from;
            case 2 -> "SELECT to_json(collect_list(struct(*))) AS a FROM " + from;
            case 3 -> "SELECT " + e.get() + " AS k, count(*) AS n FROM " + from + " GROUP BY 1";
            case 4 -> "SELECT max(" + e.get() + ") AS a, min(" + e.get() + ") AS b FROM " + from;
            case 5 -> "WITH x AS (SELECT * FROM " + from + ") SELECT " + expression(random, table, "x") + " AS a FROM x";
            case 6 -> "SELECT a FROM (SELECT " + e.get() + " AS a FROM " + from + where + ") s";
            case 7 -> "SELECT e.name, " + expression(random, "social.contributions", "c") + " AS a, "
                    + expression(random, "registry.enterprises", "e") + " AS b FROM registry.enterprises"
                    + pick(random, OPTIONS) + " e JOIN social.contributions c ON e.uscc = c.employer_uscc";
            case 8 -> "SELECT (SELECT max(" + e.get() + ") FROM " + from + ") AS a";
            case 9 -> "SELECT concat_ws(',', collect_set(" + e.get() + ")) AS a FROM " + from;
            case 10 -> "SELECT * FROM " + from + where;
            case 11 -> "SELECT " + e.get() + " AS a FROM " + from + " ORDER BY 1 LIMIT 2";
            default -> "SELECT a FROM (SELECT " + e.get() + " AS a FROM " + from + " UNION ALL SELECT "
                    + expression(random, table, "") + " AS a FROM " + table + ") u";
        };
    }

    /** Hand-written statements the grammar does not produce: views, EXECUTE IMMEDIATE, scripts, DataFrame reads. */
    private static List<String> fixedStatements() {
        return List.of(
                "SELECT * FROM registry.enterprises WITH ('sep' = '|') LIMIT 5",
                "SELECT name FROM registry.enterprises WITH ('columnNameOfCorruptRecord' = 'name')",
                "SELECT * FROM social.contributions",
                "SELECT person_id, person_name, employer_uscc, contribution_base, phone FROM social.contributions",
                "SELECT sum(contribution_base) AS s, count(*) AS n FROM social.contributions",
                "SELECT employer_uscc, collect_list(phone) AS p FROM social.contributions GROUP BY employer_uscc",
                "SELECT CAST(legal_representative AS INT) AS x FROM registry.enterprises",
                "SELECT CAST(person_name AS INT) AS x FROM social.contributions",
                "SELECT CAST(employer_uscc AS INT) AS x FROM social.contributions",
                "SELECT CAST(contribution_base AS INT) / 0 AS x FROM social.contributions",
                "SELECT to_date(phone) AS d FROM social.contributions",
                "SELECT element_at(array(person_id), 9) AS x FROM social.contributions",
                "SELECT * FROM police.household_registry",
                "SELECT * FROM census.people",
                "EXECUTE IMMEDIATE 'SELECT legal_representative FROM registry.enterprises'",
                "EXECUTE IMMEDIATE 'SELECT * FROM registry.enterprises WITH (''sep'' = ''|'')'",
                "EXECUTE IMMEDIATE 'SELECT CAST(phone AS INT) FROM social.contributions'",
                "SELECT * FROM (SELECT reverse(person_id) AS r FROM social.contributions) WHERE r IS NOT NULL",
                "SELECT hex(legal_representative) AS h, base64(CAST(phone AS BINARY)) AS b FROM registry.enterprises",
                "SELECT to_json(struct(*)) AS j FROM social.contributions",
                "SELECT c.person_name, e.legal_representative FROM social.contributions c FULL OUTER JOIN "
                        + "registry.enterprises e ON c.employer_uscc = e.uscc",
                "SELECT count(*) AS n FROM social.contributions WHERE employer_uscc LIKE 'SENTINEL%'",
                "SELECT * FROM social.contributions WHERE person_id LIKE 'SENTINEL%' OR true",
                "WITH x AS (SELECT * FROM social.contributions WITH ('sep' = '|')) SELECT * FROM x",
                "SELECT * FROM registry.enterprises WITH ('quote' = '#')",
                "SELECT regexp_extract(legal_representative, '(SENTINEL.*)', 1) AS r FROM registry.enterprises");
    }

    @Test
    void viewsAndScriptsOverSentinelsLeakNothing() {
        List<String> statements = List.of(
                "CREATE TEMPORARY VIEW sv1 AS SELECT * FROM social.contributions",
                "CREATE VIEW sv2 AS SELECT legal_representative, phone FROM registry.enterprises",
                "CREATE TEMPORARY VIEW sv3 AS SELECT * FROM registry.enterprises WITH ('sep' = '|')",
                "BEGIN CREATE TABLE sv_t AS SELECT * FROM social.contributions; END",
                "BEGIN DECLARE v STRING; SET v = (SELECT max(person_name) FROM social.contributions); "
                        + "CREATE TABLE sv_t2 AS SELECT v AS x; END");
        for (String statement : statements) {
            try {
                session.runner().runStep(900, statement);
            } catch (Exception e) {
                org.shuyu.runtime.contract.RuntimeStatus outcome = new JobMain(Map.of(), System.err).outcomeOf(e, 1, Optional.empty(), config);
                assertNoLeak("status message", statement, outcome.message());
            }
        }
        for (String read : List.of("SELECT * FROM sv1", "SELECT * FROM sv2", "SELECT * FROM sv_t",
                "SELECT * FROM sv_t2")) {
            try {
                assertNoLeak("rows", read, spark.sql(read).collectAsList().toString());
            } catch (Exception e) {
                assertThat(e.getMessage()).as(read).containsAnyOf("TABLE_OR_VIEW_NOT_FOUND", "cannot be found");
            }
        }
        try {
            assertNoLeak("rows", "DataFrame reader", spark.read().table("social.contributions")
                    .collectAsList().toString());
            spark.read().option("sep", "|").table("registry.enterprises").collectAsList();
            throw new AssertionError("per-read options on a source were allowed");
        } catch (RuntimeException e) {
            assertThat(EnforcementException.find(e)).isPresent();
        }
    }
}
