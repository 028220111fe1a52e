package org.shuyu.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The generator of the sentinel property: statements over the corpus's granted datasets from a small grammar
 * (projections, casts, string functions, per-read options, CTEs, subqueries, joins, aggregates, collect_list,
 * to_json, ANSI errors) with a fixed seed, plus hand-written statements the grammar does not produce (EXECUTE
 * IMMEDIATE, filters on sentinels, full outer joins). Whatever a statement does, no sentinel may leave.
 */
public final class StatementGrammar {
    /** The fixed seed: every run, on every transport, generates the same statements. */
    public static final long SEED = 20261203L;
    /** How many statements {@link #statements(int)} generates by default. */
    public static final int GENERATED = 260;

    private static final Map<String, List<String>> COLUMNS = Map.of(
            SentinelData.ENTERPRISES.id(), SentinelData.ENTERPRISES.columnNames(),
            SentinelData.CONTRIBUTIONS.id(), SentinelData.CONTRIBUTIONS.columnNames());
    private static final List<String> TABLES = List.copyOf(new TreeSet<>(COLUMNS.keySet()));

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

    private StatementGrammar() {
    }

    /** The fixed statements, then {@code generated} statements from {@link #SEED}. */
    public static List<String> statements(int generated) {
        Random random = new Random(SEED);
        List<String> statements = new ArrayList<>(fixedStatements());
        for (int i = 0; i < generated; i++) {
            statements.add(generate(random));
        }
        return List.copyOf(statements);
    }

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

    /** One statement from the grammar. */
    public static String generate(Random random) {
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

    /** Hand-written statements the grammar does not produce: EXECUTE IMMEDIATE, filters on sentinels, outer joins. */
    public static List<String> fixedStatements() {
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

    /** Views and scripts over the sentinel sources (run as steps; then {@link #viewReads()} reads them back). */
    public static List<String> viewsAndScripts() {
        return List.of(
                "CREATE TEMPORARY VIEW sv1 AS SELECT * FROM social.contributions",
                "CREATE VIEW sv2 AS SELECT legal_representative, phone FROM registry.enterprises",
                "CREATE TEMPORARY VIEW sv3 AS SELECT * FROM registry.enterprises WITH ('sep' = '|')",
                "BEGIN CREATE TABLE sv_t AS SELECT * FROM social.contributions; END",
                "BEGIN DECLARE v STRING; SET v = (SELECT max(person_name) FROM social.contributions); "
                        + "CREATE TABLE sv_t2 AS SELECT v AS x; END");
    }

    /** Reads of what {@link #viewsAndScripts()} created (a refused creation leaves a "not found"). */
    public static List<String> viewReads() {
        return List.of("SELECT * FROM sv1", "SELECT * FROM sv2", "SELECT * FROM sv_t", "SELECT * FROM sv_t2");
    }
}
