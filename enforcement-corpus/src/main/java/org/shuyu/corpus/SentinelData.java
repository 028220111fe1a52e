package org.shuyu.corpus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The corpus's data: four source datasets whose masked columns and whose rows the consent filter removes hold
 * recognisable sentinels. Every transport registers exactly these datasets, with these columns, classifications and
 * files, so one statement means the same thing everywhere:
 * <ul>
 *   <li>{@code registry.enterprises}: granted; legal_representative hashed, phone partially masked;</li>
 *   <li>{@code social.contributions}: granted, person-level on {@code person_id}: only {@link #CONSENTING} consented;
 *       person_id hashed, person_name nulled, phone partial; the rows of P2 and P4 carry sentinels only;</li>
 *   <li>{@code police.household_registry}: prohibited (never readable, whatever a grant says);</li>
 *   <li>{@code census.people}: not granted to the corpus's workspace.</li>
 * </ul>
 */
public final class SentinelData {
    private SentinelData() {
    }

    /** Values of masked columns and of rows the consent filter removes (every 6-window holds a non-hex letter). */
    public static final List<String> SENTINELS = List.of(
            "SENTINELZ33020Z19900Z10112Z34", "哨兵张三SENTINELNQMXQ01", "SENTINELPHQNXZ13800Z09999",
            "哨兵李四SENTINELNQMXQ02", "SENTINELPQDZ33020Z19900Z20223", "SENTINELPHQNXZ13900Z08888",
            "SENTINELUQCCZ91330Z20000", "哨兵王五SENTINELNQMXQ03", "SENTINELPQDZ44010Z19851Z24567",
            "SENTINELPHQNXZ13700Z07777", "SENTINELXDDRQ12HXRBQRQ", "SENTINELKQXWQ998877Q");
    /** The contribution base of the filtered-out rows: a number, so it is matched whole (and its integer part). */
    public static final String NUMBER_SENTINEL = "91735246.81";

    /** Subjects of social.contributions who consented; every other row must be absent from every result. */
    public static final Set<String> CONSENTING = Set.of("P1", "P3");

    /** One column: its name, Spark SQL type, classification (enum name shared by policy and catalog) and grade. */
    public record Column(String name, String type, String classification, int grade) {
    }

    /**
     * One source dataset. {@code granted}: part of the corpus's workspace (lab or grant); {@code prohibited}: never
     * grantable; {@code subjectColumn}: person-level consent on that column.
     */
    public record Dataset(String id, List<Column> columns, Optional<String> subjectColumn, boolean prohibited,
            boolean granted, String csv) {

        /** The schema as Spark DDL ("a STRING, b DECIMAL(18,2)"). */
        public String schemaDdl() {
            return String.join(", ", columns.stream().map(c -> c.name() + " " + c.type().toUpperCase()).toList());
        }

        public List<String> columnNames() {
            return columns.stream().map(Column::name).toList();
        }
    }

    public static final Dataset ENTERPRISES = new Dataset("registry.enterprises", List.of(
            new Column("uscc", "string", "PUBLIC", 1), new Column("name", "string", "PUBLIC", 1),
            new Column("legal_representative", "string", "DIRECT_IDENTIFIER", 3),
            new Column("phone", "string", "CONTACT", 3),
            new Column("registered_capital", "decimal(18,2)", "FINANCIAL", 2)), Optional.empty(), false, true, """
            uscc,name,legal_representative,phone,registered_capital
            U001,Alpha Ltd,SENTINELZ33020Z19900Z10112Z34,SENTINELPHQNXZ13800Z09999,1000.00
            U002,Beta Ltd,哨兵张三SENTINELNQMXQ01,SENTINELPHQNXZ13900Z08888,2000.00
            U003,Gamma Ltd,哨兵李四SENTINELNQMXQ02,SENTINELPHQNXZ13700Z07777,3000.00
            """);

    /** Consent: P1 and P3 only. P2 and P4 are filtered out: every value of theirs is a sentinel. */
    public static final Dataset CONTRIBUTIONS = new Dataset("social.contributions", List.of(
            new Column("person_id", "string", "DIRECT_IDENTIFIER", 3),
            new Column("person_name", "string", "DIRECT_IDENTIFIER", 4),
            new Column("employer_uscc", "string", "PUBLIC", 1),
            new Column("contribution_base", "decimal(18,2)", "FINANCIAL", 2),
            new Column("phone", "string", "CONTACT", 3)), Optional.of("person_id"), false, true, """
            person_id,person_name,employer_uscc,contribution_base,phone
            P1,哨兵王五SENTINELNQMXQ03,U001,5000.00,SENTINELPHQNXZ13800Z09999
            SENTINELPQDZ33020Z19900Z20223,哨兵李四SENTINELNQMXQ02,SENTINELUQCCZ91330Z20000,91735246.81,SENTINELPHQNXZ13900Z08888
            P3,哨兵张三SENTINELNQMXQ01,U002,7000.00,SENTINELPHQNXZ13700Z07777
            SENTINELPQDZ44010Z19851Z24567,哨兵王五SENTINELNQMXQ03,SENTINELUQCCZ91330Z20000,91735246.81,SENTINELPHQNXZ13800Z09999
            """);

    public static final Dataset HOUSEHOLDS = new Dataset("police.household_registry", List.of(
            new Column("person_id", "string", "DIRECT_IDENTIFIER", 4),
            new Column("address", "string", "CONTACT", 4)), Optional.of("person_id"), true, false,
            "person_id,address\nP1,SENTINELXDDRQ12HXRBQRQ\n");

    public static final Dataset PEOPLE = new Dataset("census.people", List.of(
            new Column("person_id", "string", "DIRECT_IDENTIFIER", 3),
            new Column("city", "string", "BUSINESS", 1)), Optional.empty(), false, false,
            "person_id,city\nSENTINELKQXWQ998877Q,Ningbo\n");

    public static final List<Dataset> DATASETS = List.of(ENTERPRISES, CONTRIBUTIONS, HOUSEHOLDS, PEOPLE);

    /** Dataset by id. */
    public static Dataset dataset(String id) {
        return DATASETS.stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no corpus dataset " + id));
    }

    /** The CSV file contents by dataset id. */
    public static Map<String, String> csvFiles() {
        return Map.of(ENTERPRISES.id(), ENTERPRISES.csv(), CONTRIBUTIONS.id(), CONTRIBUTIONS.csv(),
                HOUSEHOLDS.id(), HOUSEHOLDS.csv(), PEOPLE.id(), PEOPLE.csv());
    }
}
