package org.shuyu.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.shuyu.controller.adapter.persistence.JdbcAuditLog;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditHash;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.audit.AuditVerification;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Audit log benchmark on the real PostgreSQL (not a unit test). Each part runs on a fresh database of its own.
 * (a) durable append throughput: one record per commit from 1 thread; the same from N threads; the
 * group-commit path (appendRefusal) from N threads. (b) verification time of a chain of 1,000,000 records,
 * bulk-loaded with correct hashes through COPY.
 */
public final class AuditBenchmark {
    private static final String ADMIN_URL = System.getProperty("bench.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("bench.db.user", "postgres");
    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int THREADS = Integer.getInteger("bench.threads", 32);
    private static final List<String> CREATED = new ArrayList<>();

    private AuditBenchmark() {}

    public static void main(String[] args) throws Exception {
        try {
            environment();
            if (!Boolean.getBoolean("bench.verifyOnly")) {
                singleThreadOnePerCommit(3_000);
                concurrentOnePerCommit(THREADS, 300);
                groupCommit(THREADS, 2_000);
                for (String extra : System.getProperty("bench.moreGroupThreads", "").split(",")) {
                    if (!extra.isBlank()) {
                        int threads = Integer.parseInt(extra.trim());
                        groupCommit(threads, 64_000 / threads); // same record count as the main run
                    }
                }
            }
            verifyMillion(RECORDS);
        } finally {
            for (String database : CREATED) {
                admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static void environment() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            print("java", System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                    + " processors, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
            for (String setting : List.of("server_version", "synchronous_commit", "fsync", "wal_sync_method",
                    "shared_buffers")) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    print(setting, rs.getString(1));
                }
            }
        }
    }

    /** (a1) One record per durable commit, one thread: the commit latency bound. */
    private static void singleThreadOnePerCommit(int n) throws Exception {
        try (Bench bench = new Bench("single")) {
            for (int i = 0; i < 200; i++) {
                bench.log.append(event(0, i));
            }
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                bench.log.append(event(0, i)); // no outer transaction: each append commits on its own
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            rate("(a1) append, 1 record per commit, 1 thread", n, seconds);
            bench.checkIntact();
        }
    }

    /** (a2) One record per durable commit from many threads: they queue on the chain head's row lock. */
    private static void concurrentOnePerCommit(int threads, int each) throws Exception {
        try (Bench bench = new Bench("concurrent")) {
            double seconds = parallel(threads, each, (i) -> bench.log.append(event(1, i)));
            rate("(a2) append, 1 record per commit, " + threads + " threads", (long) threads * each, seconds);
            bench.checkIntact();
        }
    }

    /** (a3) The group-commit path: concurrent appends share durable commits. */
    private static void groupCommit(int threads, int each) throws Exception {
        try (Bench bench = new Bench("group")) {
            parallel(threads, 100, (i) -> bench.log.appendRefusal(event(2, i))); // warm-up
            long batchesBefore = bench.log.refusalBatches();
            double seconds = parallel(threads, each, (i) -> bench.log.appendRefusal(event(2, i)));
            long records = (long) threads * each;
            long batches = bench.log.refusalBatches() - batchesBefore;
            rate("(a3) appendRefusal group commit, " + threads + " threads", records, seconds);
            print("     commits", batches + " (" + String.format("%.1f", (double) records / batches) + " records per commit)");
            bench.checkIntact();
        }
    }

    /** (b) Verify a chain of {@code n} records. */
    private static void verifyMillion(int n) throws Exception {
        try (Bench bench = new Bench("verify")) {
            long start = System.nanoTime();
            bulkLoad(bench, n);
            print("(b) bulk load", n + " records with hashes via COPY in "
                    + String.format("%.1f s", (System.nanoTime() - start) / 1e9));
            try (Connection c = bench.dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE audit_log");
                try (ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_total_relation_size('audit_log'))")) {
                    rs.next();
                    print("    table size", rs.getString(1));
                }
            }
            readOnly(bench);
            List<Double> times = new ArrayList<>();
            for (int run = 1; run <= 5; run++) {
                long t0 = System.nanoTime();
                AuditVerification result = bench.log.verify();
                double seconds = (System.nanoTime() - t0) / 1e9;
                times.add(seconds);
                if (!result.intact() || result.records() != n) {
                    throw new IllegalStateException("bulk chain did not verify: " + result);
                }
                print("(b) verify run " + run, String.format("%.2f s for %d records (%.0f records/s), goal < 5 s: %.2fx",
                        seconds, result.records(), result.records() / seconds, 5.0 / seconds));
            }
            List<Double> sorted = new ArrayList<>(times);
            sorted.sort(Double::compare);
            print("(b) verify median", String.format("%.2f s (best %.2f s, first %.2f s)", sorted.get(sorted.size() / 2),
                    sorted.get(0), times.get(0)));
        }
    }

    /** The database part alone: stream every column of every row, no hashing. */
    private static void readOnly(Bench bench) throws SQLException {
        for (int run = 1; run <= 2; run++) {
            long t0 = System.nanoTime();
            long rows = 0;
            long chars = 0;
            try (Connection c = bench.dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.setFetchSize(5_000);
                    try (ResultSet rs = s.executeQuery("SELECT seq, id, at, actor, actor_roles, action, subject_type, "
                            + "subject_id, organization_id, accountable_person, outcome, code, detail, prev_hash, hash "
                            + "FROM audit_log ORDER BY seq")) {
                        while (rs.next()) {
                            rows++;
                            for (int i = 2; i <= 15; i++) {
                                String v = rs.getString(i);
                                chars += v == null ? 0 : v.length();
                            }
                        }
                    }
                }
                c.commit();
            }
            print("(b) read only, run " + run, String.format("%.2f s for %d rows (%d chars), no hashing",
                    (System.nanoTime() - t0) / 1e9, rows, chars));
        }
    }

    private static void bulkLoad(Bench bench, int n) throws SQLException, java.io.IOException {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        String prev = AuditHash.GENESIS;
        int chunk = 50_000;
        try (Connection c = bench.dataSource.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder rows = new StringBuilder(chunk * 400);
            for (int seq = 1; seq <= n; seq++) {
                AuditRecord unsigned = new AuditRecord(seq, "aud-" + seq, base.plusMillis(seq * 37L),
                        "user" + seq % 500, seq % 7 == 0 ? "ENGINEER" : "AUTHORITY",
                        seq % 7 == 0 ? "POST /api/v1/grants/{id}/members" : "POST /api/v1/grants",
                        "grant", "grant-" + seq % 10_000,
                        seq % 3 == 0 ? Optional.of("org-" + seq % 100) : Optional.empty(),
                        seq % 3 == 0 ? Optional.of("user" + seq % 100 + " (Accountable Person " + seq % 100 + ")") : Optional.empty(),
                        seq % 7 == 0 ? AuditEvent.Outcome.REFUSED : AuditEvent.Outcome.DONE,
                        seq % 7 == 0 ? Optional.of("FORBIDDEN_ROLE") : Optional.empty(),
                        "grant grant-" + seq % 10_000 + " changed by user" + seq % 500 + "; term 3 years; scenario enterprise credit",
                        prev, "");
                String hash = AuditHash.of(unsigned);
                rows.append(seq).append('\t').append(unsigned.id()).append('\t').append(unsigned.at()).append('\t')
                        .append(unsigned.actor()).append('\t').append(unsigned.actorRoles()).append('\t')
                        .append(unsigned.action()).append('\t').append(unsigned.subjectType()).append('\t')
                        .append(unsigned.subjectId()).append('\t').append(unsigned.organizationId().orElse("\\N")).append('\t')
                        .append(unsigned.accountablePerson().orElse("\\N")).append('\t').append(unsigned.outcome().name())
                        .append('\t').append(unsigned.code().orElse("\\N")).append('\t').append(unsigned.detail())
                        .append('\t').append(prev).append('\t').append(hash).append('\n');
                prev = hash;
                if (seq % chunk == 0 || seq == n) {
                    copy.copyIn("COPY audit_log (seq, id, at, actor, actor_roles, action, subject_type, subject_id, "
                            + "organization_id, accountable_person, outcome, code, detail, prev_hash, hash) FROM STDIN",
                            new StringReader(rows.toString()));
                    rows.setLength(0);
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE audit_head SET last_seq = " + n + ", last_hash = '" + prev + "' WHERE id = 1");
            }
        }
    }

    private static double parallel(int threads, int each, Consumer<Integer> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        work.accept(i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    private static AuditEvent event(int part, int i) {
        return new AuditEvent("user" + i % 50, Set.of("ENGINEER"), "POST /api/v1/grants/{id}/members", "request",
                "/api/v1/grants/grant-" + part + "/members", Optional.empty(), AuditEvent.Outcome.REFUSED,
                Optional.of("FORBIDDEN_ROLE"), "role [ENGINEER] may not POST /api/v1/grants/grant-" + part + "/members");
    }

    private static void rate(String what, long records, double seconds) {
        double perSecond = records / seconds;
        print(what, String.format("%d records in %.2f s = %.0f records/s; goal >= 5,000/s: %.2fx", records, seconds,
                perSecond, perSecond / 5000));
    }

    private static void print(String what, String value) {
        System.out.printf("%-48s %s%n", what, value);
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A fresh, migrated database with a pooled data source and the audit log adapter on it. */
    private static final class Bench implements AutoCloseable {
        final HikariDataSource dataSource;
        final JdbcAuditLog log;

        Bench(String name) throws SQLException {
            String database = "shuyu_bench_" + name + "_" + ProcessHandle.current().pid();
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            admin("CREATE DATABASE " + database);
            CREATED.add(database);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + database);
            config.setUsername(USER);
            config.setPassword("");
            config.setMaximumPoolSize(THREADS + 2);
            dataSource = new HikariDataSource(config);
            Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
            AtomicLong ids = new AtomicLong();
            log = new JdbcAuditLog(dataSource, Clock.systemUTC(), prefix -> prefix + "-" + ids.incrementAndGet(),
                    new DataSourceTransactionManager(dataSource));
        }

        void checkIntact() {
            AuditVerification result = log.verify();
            if (!result.intact()) {
                throw new IllegalStateException("chain not intact after the run: " + result.anomalies());
            }
            print("     chain after run", result.records() + " records, intact");
        }

        @Override
        public void close() {
            log.destroy();
            dataSource.close();
        }
    }
}
