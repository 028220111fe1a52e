package org.shuyu.bench;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.store.ConnectionSource;
import org.shuyu.lineage.store.Direction;
import org.shuyu.lineage.store.JdbcLineageStore;
import org.shuyu.lineage.store.LineageGraph;
import org.shuyu.lineage.store.LineageQuery;
import org.shuyu.lineage.store.Visibility;

/**
 * Lineage query benchmark on the real PostgreSQL (not a unit test). Generates, in database {@code lineage_bench}
 * (kept between runs: regenerated only when the seed or size differ), a lineage graph of about 1,000,000 column
 * edges and as many dataset edges, on the V7 schema, then times {@link JdbcLineageStore#query} at unlimited depth.
 *
 * <p>Shape: {@code bench.lineage.components} independent workspaces; in each, 21 layers of 100 datasets with 4
 * columns (layer 0 are catalog sources). Every dataset of layer i+1 is written by one process (a CTAS) whose column
 * j copies or transforms column j of 2 random datasets of layer i, so columns fan in and out by 2 and datasets by
 * up to 8. A dataset or column in a middle layer has about a thousand nodes upstream and downstream.
 */
public final class LineageQueryBenchmark {
    private static final String ADMIN_URL = System.getProperty("bench.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("bench.db.user", "postgres");
    private static final String DATABASE = System.getProperty("bench.lineage.database", "lineage_bench");
    private static final Path MIGRATION = Path.of(System.getProperty("bench.lineage.migration",
            "../sandbox-controller/src/main/resources/db/migration/V7__lineage.sql"));
    private static final long SEED = Long.getLong("bench.lineage.seed", 42L);
    private static final int COMPONENTS = Integer.getInteger("bench.lineage.components", 63);
    private static final int QUERIES = Integer.getInteger("bench.lineage.queries", 1_000);
    private static final int WARMUP = Integer.getInteger("bench.lineage.warmup", 300);
    /** Start layers: where an unlimited-depth answer has about a thousand nodes (datasets fan in by up to 8,
     *  columns by 2, so a column's cone is narrower and needs more layers). */
    private static final int DATASET_UP_LAYER = Integer.getInteger("bench.lineage.datasetUpLayer", 12);
    private static final int DATASET_DOWN_LAYER = Integer.getInteger("bench.lineage.datasetDownLayer", 8);
    private static final int COLUMN_UP_LAYER = Integer.getInteger("bench.lineage.columnUpLayer", 19);
    private static final int COLUMN_DOWN_LAYER = Integer.getInteger("bench.lineage.columnDownLayer", 1);
    /** Answers of at least this many nodes are also reported on their own. */
    private static final int LARGE = 900;
    static final int LAYERS = 21;
    static final int WIDTH = 100;
    static final int COLUMNS = 4;
    static final int FAN_IN = 2;

    /** The PostgreSQL backend serving the queries (same host), for its CPU time. */
    private static int backendPid;

    private LineageQueryBenchmark() {}

    public static void main(String[] args) throws Exception {
        print("java", System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        String url = ADMIN_URL.replaceFirst("/[^/?]*(\\?.*)?$", "/" + DATABASE);
        ensureGraph(url);
        try (Connection c = DriverManager.getConnection(url, USER, "")) {
            c.setAutoCommit(true);
            JdbcLineageStore store = new JdbcLineageStore(ConnectionSource.single(c), Clock.systemUTC());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backendPid = rs.getInt(1);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT (SELECT count(*) FROM lineage_column_edges), (SELECT count(*) FROM lineage_dataset_edges),"
                            + " (SELECT count(*) FROM lineage_columns), (SELECT count(*) FROM lineage_datasets),"
                            + " (SELECT count(*) FROM lineage_processes), current_setting('shared_buffers'),"
                            + " current_setting('server_version')")) {
                rs.next();
                print("graph", String.format(Locale.ROOT, "%,d column edges, %,d dataset edges, %,d columns, %,d datasets,"
                        + " %,d processes", rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                print("postgresql", rs.getString(7) + ", shared_buffers " + rs.getString(6));
            }
            Random random = new Random(SEED + 1);
            run(store, "dataset upstream",
                    i -> LineageQuery.dataset(dataset(random, DATASET_UP_LAYER), Direction.UPSTREAM));
            run(store, "dataset downstream",
                    i -> LineageQuery.dataset(dataset(random, DATASET_DOWN_LAYER), Direction.DOWNSTREAM));
            run(store, "column upstream",
                    i -> LineageQuery.column(column(random, COLUMN_UP_LAYER), Direction.UPSTREAM));
            run(store, "column downstream",
                    i -> LineageQuery.column(column(random, COLUMN_DOWN_LAYER), Direction.DOWNSTREAM));
            run(store, "column both (middle layer)",
                    i -> LineageQuery.column(column(random, LAYERS / 2), Direction.BOTH));
            run(store, "column upstream, member visibility", i -> {
                int component = random.nextInt(COMPONENTS);
                return LineageQuery.column(new ColumnRef(name(component, COLUMN_UP_LAYER, random.nextInt(WIDTH)),
                        "c" + random.nextInt(COLUMNS)), Direction.UPSTREAM)
                        .withVisibility(Visibility.workspaces(java.util.Set.of(workspace(component))));
            });
            recursiveCte(c, random);
        }
    }

    private static String dataset(Random random, int layer) {
        return name(random.nextInt(COMPONENTS), layer, random.nextInt(WIDTH));
    }

    private static ColumnRef column(Random random, int layer) {
        return new ColumnRef(dataset(random, layer), "c" + random.nextInt(COLUMNS));
    }

    static String name(int component, int layer, int index) {
        return (layer == 0 ? "src_" : "ws_b") + component + ".t" + layer + "_" + index;
    }

    static String workspace(int component) {
        return "bench-" + component;
    }

    private static void run(JdbcLineageStore store, String label, IntFunction<LineageQuery> queries) {
        for (int i = 0; i < WARMUP; i++) {
            store.query(queries.apply(i));
        }
        String load = loadAverage();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long javaCpu = threads.getCurrentThreadCpuTime();
        long pgCpu = backendCpuTicks();
        long[] nanos = new long[QUERIES];
        List<Long> large = new ArrayList<>();
        long nodes = 0;
        long edges = 0;
        int minNodes = Integer.MAX_VALUE;
        int maxNodes = 0;
        for (int i = 0; i < QUERIES; i++) {
            LineageQuery q = queries.apply(i);
            long t0 = System.nanoTime();
            LineageGraph g = store.query(q);
            nanos[i] = System.nanoTime() - t0;
            if (g.truncated()) {
                throw new IllegalStateException("truncated answer for " + q);
            }
            if (g.nodeCount() >= LARGE) {
                large.add(nanos[i]);
            }
            nodes += g.nodeCount();
            edges += g.edges().size();
            minNodes = Math.min(minNodes, g.nodeCount());
            maxNodes = Math.max(maxNodes, g.nodeCount());
        }
        javaCpu = threads.getCurrentThreadCpuTime() - javaCpu;
        pgCpu = backendCpuTicks() - pgCpu;
        Arrays.sort(nanos);
        print(label, String.format(Locale.ROOT, "%d queries, answer %d..%d nodes (mean %d), mean %d edges;"
                        + " p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", QUERIES, minNodes, maxNodes,
                nodes / QUERIES, edges / QUERIES, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99),
                nanos[QUERIES - 1] / 1e6));
        long[] big = large.stream().mapToLong(Long::longValue).sorted().toArray();
        print("  " + label + ", answers of " + LARGE + "+ nodes", big.length == 0 ? "none"
                : String.format(Locale.ROOT, "%d queries; p50 %.1f ms, p99 %.1f ms", big.length, ms(big, 0.50),
                        ms(big, 0.99)));
        print("  CPU per query (load-independent)", pgCpu < 0 ? "unknown" : String.format(Locale.ROOT,
                "%.1f ms = Java %.1f ms + PostgreSQL backend %.1f ms", (javaCpu / 1e6 + pgCpu * 10.0) / QUERIES,
                javaCpu / 1e6 / QUERIES, pgCpu * 10.0 / QUERIES));
        print("  load average before / after", load + " / " + loadAverage());
    }

    /** User plus system CPU of the backend in clock ticks (10 ms), or -1 if /proc cannot tell. */
    private static long backendCpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/" + backendPid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** For comparison: the node set alone with PostgreSQL's WITH RECURSIVE ... UNION (no depth, edges or processes). */
    private static void recursiveCte(Connection c, Random random) throws SQLException {
        try (PreparedStatement id = c.prepareStatement("SELECT c.id FROM lineage_columns c JOIN lineage_datasets d"
                + " ON d.id = c.dataset_id WHERE d.name = ? AND c.name = ?");
                PreparedStatement cte = c.prepareStatement("WITH RECURSIVE up(id) AS (SELECT CAST(? AS BIGINT) UNION"
                        + " SELECT e.source_id FROM lineage_column_edges e JOIN up ON e.target_id = up.id)"
                        + " SELECT count(*) FROM up")) {
            long[] nanos = new long[QUERIES];
            long nodes = 0;
            for (int i = -WARMUP; i < QUERIES; i++) {
                ColumnRef ref = column(random, COLUMN_UP_LAYER);
                id.setString(1, ref.dataset());
                id.setString(2, ref.column());
                long start;
                try (ResultSet rs = id.executeQuery()) {
                    rs.next();
                    start = rs.getLong(1);
                }
                long t0 = System.nanoTime();
                cte.setLong(1, start);
                try (ResultSet rs = cte.executeQuery()) {
                    rs.next();
                    if (i >= 0) {
                        nodes += rs.getLong(1);
                    }
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(nanos);
            print("column upstream, recursive CTE (node count only)", String.format(Locale.ROOT,
                    "%d queries, mean %d nodes; p50 %.1f ms, p90 %.1f ms, p99 %.1f ms", QUERIES, nodes / QUERIES,
                    ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99)));
        }
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    // ------------------------------------------------------------------ generation

    private static void ensureGraph(String url) throws SQLException, IOException {
        String signature = "seed=" + SEED + ",components=" + COMPONENTS + ",layers=" + LAYERS + ",width=" + WIDTH
                + ",columns=" + COLUMNS + ",fanIn=" + FAN_IN;
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = admin.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (exists) {
                try (Connection c = DriverManager.getConnection(url, USER, ""); Statement q = c.createStatement();
                        ResultSet rs = q.executeQuery("SELECT signature FROM lineage_bench_graph")) {
                    if (rs.next() && rs.getString(1).equals(signature)) {
                        print("graph", "reused from database " + DATABASE + " (" + signature + ")");
                        return;
                    }
                } catch (SQLException e) {
                    // no or another graph: regenerate
                }
                s.execute("DROP DATABASE " + DATABASE + " WITH (FORCE)");
            }
            s.execute("CREATE DATABASE " + DATABASE);
        }
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, USER, "")) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                for (String statement : statements(MIGRATION)) {
                    s.execute(statement);
                }
                // the edge key with its kind (issue 19)
                for (String statement : statements(MIGRATION.resolveSibling("V18__lineage_edge_kinds.sql"))) {
                    s.execute(statement);
                }
            }
            generate(c);
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE");
                s.execute("CREATE TABLE lineage_bench_graph (signature VARCHAR(200) NOT NULL)");
                s.execute("INSERT INTO lineage_bench_graph VALUES ('" + signature + "')");
            }
        }
        print("graph", String.format(Locale.ROOT, "generated in %.1f s (%s)", (System.nanoTime() - t0) / 1e9,
                signature));
    }

    private static void generate(Connection c) throws SQLException, IOException {
        Random random = new Random(SEED);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder datasets = new StringBuilder();
        StringBuilder columns = new StringBuilder();
        StringBuilder processes = new StringBuilder();
        for (int k = 0; k < COMPONENTS; k++) {
            for (int layer = 0; layer < LAYERS; layer++) {
                for (int d = 0; d < WIDTH; d++) {
                    long id = datasetId(k, layer, d);
                    datasets.append(id).append('\t').append(name(k, layer, d)).append('\t')
                            .append(layer == 0 ? "SOURCE\t\\N" : "TABLE\t" + workspace(k)).append("\tf\n");
                    for (int j = 0; j < COLUMNS; j++) {
                        columns.append(id * COLUMNS + j).append('\t').append(id).append("\tc").append(j)
                                .append(layer == 0 ? "\tt\tQUASI_IDENTIFIER\t3\tCATALOG\n" : "\tt\t\\N\t\\N\tNONE\n");
                    }
                    if (layer > 0) {
                        processes.append(id).append("\tbench-").append(k).append('-').append(layer).append('\t')
                                .append(d + 1).append("\tCREATE_TABLE_AS_SELECT\t").append(workspace(k))
                                .append("\tgrant-").append(k).append("\torg-").append(k % 7).append("\tuser-")
                                .append(k % 50).append("\t2026-11-27 08:00:00+00\t2026-11-27 08:01:00+00\tCOMPLETED\t")
                                .append("0".repeat(64)).append('\n');
                    }
                }
            }
        }
        copy.copyIn("COPY lineage_datasets (id, name, kind, workspace_id, dropped) FROM STDIN",
                new StringReader(datasets.toString()));
        copy.copyIn("COPY lineage_columns (id, dataset_id, name, present, classification, grade, origin) FROM STDIN",
                new StringReader(columns.toString()));
        copy.copyIn("COPY lineage_processes (id, job_id, step, statement, workspace_id, grant_id, organization_id,"
                + " user_id, started_at, ended_at, state, content_hash) FROM STDIN",
                new StringReader(processes.toString()));
        datasets = null;
        columns = null;
        processes = null;
        StringBuilder columnEdges = new StringBuilder();
        StringBuilder datasetEdges = new StringBuilder();
        for (int k = 0; k < COMPONENTS; k++) {
            for (int layer = 1; layer < LAYERS; layer++) {
                for (int d = 0; d < WIDTH; d++) {
                    long target = datasetId(k, layer, d);
                    List<Long> inputs = new ArrayList<>();
                    for (int j = 0; j < COLUMNS; j++) {
                        int first = random.nextInt(WIDTH);
                        int second = (first + 1 + random.nextInt(WIDTH - 1)) % WIDTH;
                        for (int source : new int[] {first, second}) {
                            long sourceDataset = datasetId(k, layer - 1, source);
                            columnEdges.append(target).append('\t').append(sourceDataset * COLUMNS + j).append('\t')
                                    .append(target * COLUMNS + j).append('\t')
                                    .append(random.nextInt(4) == 0 ? "TRANSFORMATION" : "IDENTITY").append('\n');
                            if (!inputs.contains(sourceDataset)) {
                                inputs.add(sourceDataset);
                            }
                        }
                    }
                    for (long input : inputs) {
                        datasetEdges.append(target).append('\t').append(input).append('\t').append(target)
                                .append("\tIDENTITY\n");
                    }
                }
            }
        }
        copy.copyIn("COPY lineage_column_edges (process_id, source_id, target_id, kind) FROM STDIN",
                new StringReader(columnEdges.toString()));
        copy.copyIn("COPY lineage_dataset_edges (process_id, source_id, target_id, kind) FROM STDIN",
                new StringReader(datasetEdges.toString()));
    }

    private static long datasetId(int component, int layer, int index) {
        return ((long) component * LAYERS + layer) * WIDTH + index + 1;
    }

    private static List<String> statements(Path file) throws IOException {
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readString(file).split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        List<String> result = new ArrayList<>();
        for (String statement : sql.toString().split(";\\s*\n")) {
            if (!statement.isBlank()) {
                result.add(statement.strip());
            }
        }
        return result;
    }

    private static void print(String what, String value) {
        System.out.println("[lineage] " + what + ": " + value);
    }
}
