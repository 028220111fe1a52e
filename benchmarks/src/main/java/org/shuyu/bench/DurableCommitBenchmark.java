package org.shuyu.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.shuyu.controller.adapter.persistence.DsyncFilePath;
import org.shuyu.controller.adapter.persistence.FileAuditAnchor;
import org.shuyu.controller.adapter.persistence.JdbcAuditLog;
import org.shuyu.controller.audit.AuditAnchor;
import org.shuyu.controller.audit.AuditEvent;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Durable commits per second (issue 14): what making every acknowledged commit durable costs. Each configuration
 * commits small transactions for {@code bench.durable.seconds} from 1 and from {@code bench.durable.threads} threads
 * through a HikariCP pool, as the controller does:
 * <ul>
 *   <li>(e0) embedded H2 with H2's stock settings ({@code jdbc:h2:file:}, WRITE_DELAY 500 ms): what the embedded default
 *       was, not durable;</li>
 *   <li>(e1) embedded H2 as the controller now opens it ({@code jdbc:h2:dsync:file:...;WRITE_DELAY=0}): each commit on
 *       disk (O_DSYNC) before it returns;</li>
 *   <li>(p) PostgreSQL on 127.0.0.1 with its defaults ({@code synchronous_commit=on}).</li>
 * </ul>
 * Then the controller's own audit append ({@code JdbcAuditLog} with the {@code FileAuditAnchor}, one record per
 * transaction, 1 thread) on the durable embedded database and on PostgreSQL, with and without the anchor file.
 */
public final class DurableCommitBenchmark {
    private static final String ADMIN_URL = System.getProperty("bench.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("bench.db.user", "postgres");
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.durable.seconds", "5"));
    private static final int THREADS = Integer.getInteger("bench.durable.threads", 8);

    private DurableCommitBenchmark() {}

    public static void main(String[] args) throws Exception {
        DsyncFilePath.register();
        Path dir = Files.createTempDirectory("shuyu-durable-bench");
        String pgDatabase = "shuyu_bench_durable_" + ProcessHandle.current().pid();
        print("java", System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " processors");
        print("directory", dir + " (" + Files.getFileStore(dir).type() + ")");
        try {
            for (String database : List.of(pgDatabase, pgDatabase + "_audit")) {
                admin("DROP DATABASE IF EXISTS " + database);
                admin("CREATE DATABASE " + database);
            }
            String pgUrl = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + pgDatabase;
            try (Connection c = DriverManager.getConnection(pgUrl, USER, ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('synchronous_commit'), current_setting('fsync'),"
                         + " current_setting('wal_sync_method'), version()")) {
                rs.next();
                print("postgresql", "synchronous_commit=" + rs.getString(1) + ", fsync=" + rs.getString(2) + ", wal_sync_method="
                        + rs.getString(3) + "; " + rs.getString(4).replaceAll(" on .*", ""));
            }
            String stock = "jdbc:h2:file:" + dir.resolve("stock/db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            String durable = "jdbc:h2:dsync:file:" + dir.resolve("durable/db")
                    + ";WRITE_DELAY=0;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            for (int threads : List.of(1, THREADS)) {
                commits("(e0) embedded H2, stock settings (not durable)", stock, "sa", threads);
                commits("(e1) embedded H2, dsync: + WRITE_DELAY=0 (durable)", durable, "sa", threads);
                commits("(p)  PostgreSQL, synchronous_commit=on (durable)", pgUrl, USER, threads);
            }
            String auditH2 = "jdbc:h2:dsync:file:" + dir.resolve("audit/db")
                    + ";WRITE_DELAY=0;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            audit("(a-e1) audit append, embedded durable, no anchor", auditH2, "sa", "h2", Optional.empty());
            audit("(a-e1) audit append, embedded durable, anchor file", auditH2, "sa", "h2", Optional.of(dir.resolve("anchor-h2")));
            audit("(a-p)  audit append, PostgreSQL, no anchor", pgUrl + "_audit", USER, "postgresql", Optional.empty());
            audit("(a-p)  audit append, PostgreSQL, anchor file", pgUrl + "_audit", USER, "postgresql",
                    Optional.of(dir.resolve("anchor-pg")));
        } finally {
            admin("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
            admin("DROP DATABASE IF EXISTS " + pgDatabase + "_audit WITH (FORCE)");
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Small transactions (one row insert, one commit) for SECONDS from {@code threads} threads. */
    private static void commits(String what, String url, String user, int threads) throws Exception {
        try (HikariDataSource ds = pool(url, user, threads)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bench_commits (id BIGINT PRIMARY KEY, payload VARCHAR(200))");
            }
            AtomicLong ids = new AtomicLong(System.nanoTime());
            run(threads, 0.5, ds, ids); // warm-up
            long[] counted = run(threads, SECONDS, ds, ids);
            double seconds = counted[1] / 1e9;
            print(what + ", " + threads + " thread(s)", String.format("%,.0f commits/s (%d in %.1f s, mean %.2f ms per commit per thread)",
                    counted[0] / seconds, counted[0], seconds, threads * seconds * 1000 / counted[0]));
        }
    }

    private static long[] run(int threads, double seconds, HikariDataSource ds, AtomicLong ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                long n = 0;
                try (Connection c = ds.getConnection();
                     PreparedStatement insert = c.prepareStatement("INSERT INTO bench_commits (id, payload) VALUES (?, ?)")) {
                    c.setAutoCommit(false);
                    while (System.nanoTime() < deadline) {
                        insert.setLong(1, ids.incrementAndGet());
                        insert.setString(2, "an acknowledged write of about a hundred bytes, like an organization registration");
                        insert.executeUpdate();
                        c.commit();
                        n++;
                    }
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> f : done) {
            total += f.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        return new long[] {total, elapsed};
    }

    /** The controller's audit append, one record per transaction, 1 thread, with or without the anchor file. */
    private static void audit(String what, String url, String user, String vendor, Optional<Path> anchorFile) throws Exception {
        try (HikariDataSource ds = pool(url, user, 4)) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
            AtomicLong ids = new AtomicLong();
            AuditAnchor anchor = anchorFile.<AuditAnchor>map(FileAuditAnchor::new).orElse(AuditAnchor.NONE);
            JdbcAuditLog log = new JdbcAuditLog(ds, Clock.systemUTC(), prefix -> prefix + "-" + vendor + "-" + anchorFile.isPresent() + "-"
                    + ids.incrementAndGet(), new DataSourceTransactionManager(ds), anchor);
            try {
                for (int i = 0; i < 100; i++) {
                    log.append(event(i));
                }
                long n = 0;
                long start = System.nanoTime();
                long deadline = start + (long) (SECONDS * 1e9);
                while (System.nanoTime() < deadline) {
                    log.append(event(n++));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                print(what, String.format("%,.0f appends/s (%.2f ms each)", n / seconds, seconds * 1000 / n));
                if (!log.verify().intact()) {
                    throw new IllegalStateException("the chain does not verify");
                }
            } finally {
                log.destroy();
            }
        }
    }

    private static AuditEvent event(long i) {
        return new AuditEvent("admin", Set.of("AUTHORITY"), "POST /api/v1/organizations", "organization", "org-" + i, Optional.empty(),
                AuditEvent.Outcome.DONE, Optional.empty(), "registered organization " + i);
    }

    private static HikariDataSource pool(String url, String user, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(Math.max(2, size));
        return new HikariDataSource(config);
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void print(String what, String value) {
        System.out.printf("%-70s %s%n", what, value);
    }
}
