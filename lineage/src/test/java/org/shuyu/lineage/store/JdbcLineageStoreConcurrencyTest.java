package org.shuyu.lineage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.lineage.store.LineageStoreContractTest.CATALOG;
import static org.shuyu.lineage.store.LineageStoreContractTest.PATIENTS;
import static org.shuyu.lineage.store.LineageStoreContractTest.col;
import static org.shuyu.lineage.store.LineageStoreContractTest.edge;
import static org.shuyu.lineage.store.LineageStoreContractTest.in;
import static org.shuyu.lineage.store.LineageStoreContractTest.out;
import static org.shuyu.lineage.store.LineageStoreContractTest.s;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import org.shuyu.policy.Classification;

/** Concurrent writers on the real PostgreSQL, each on its own connection and transaction. */
@Tag("R-24c")
class JdbcLineageStoreConcurrencyTest {
    private static final String SCHEMA = Databases.schema("lineage_store_concurrency");
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private final List<Connection> connections = new ArrayList<>();

    @BeforeEach
    void migrate() throws SQLException {
        connections.add(Databases.postgres(SCHEMA));
    }

    @AfterEach
    void close() throws SQLException {
        for (Connection c : connections) {
            c.rollback();
            c.close();
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        Databases.dropSchema(SCHEMA);
    }

    private Connection session() throws SQLException {
        Connection c = Databases.postgresSession(SCHEMA);
        connections.add(c);
        return c;
    }

    private static LineageProcess process(String job) {
        return new LineageProcess(job, 1, StatementKind.INSERT, "ws-a", "grant-1", "org-1", "alice", T0, null,
                LineageProcess.State.RUNNING);
    }

    private static LineageEvent append(String job, String sourceColumn, TransformationKind kind) {
        return LineageEvent.start(job, 1, T0.toString(), StatementKind.INSERT,
                List.of(in(PATIENTS, DatasetKind.SOURCE, sourceColumn)),
                List.of(out("ws_a.shared", DatasetKind.TABLE, WriteMode.APPEND, "v")),
                List.of(edge(PATIENTS, sourceColumn, "ws_a.shared", "v", kind)));
    }

    /** Runs each task on its own connection at the same moment, then commits them all. */
    private List<Object> together(List<java.util.function.Function<JdbcLineageStore, Object>> tasks)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CyclicBarrier barrier = new CyclicBarrier(tasks.size());
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (var task : tasks) {
                Connection c = session();
                JdbcLineageStore store = new JdbcLineageStore(ConnectionSource.single(c), Clock.fixed(T0,
                        ZoneOffset.UTC));
                futures.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    Object result = task.apply(store);
                    c.commit();
                    return result;
                }));
            }
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStartRetriedConcurrentlyIsStoredOnce() throws Exception {
        LineageEvent event = append("j1", "id", TransformationKind.IDENTITY);
        List<Object> results = together(List.of(s -> s.recordStart(process("j1"), event, CATALOG),
                s -> s.recordStart(process("j1"), event, CATALOG), s -> s.recordStart(process("j1"), event, CATALOG)));
        assertThat(results).containsExactlyInAnyOrder(true, false, false);
        JdbcLineageStore reader = new JdbcLineageStore(ConnectionSource.single(session()), Clock.systemUTC());
        assertThat(reader.processesOf("j1")).hasSize(1);
        assertThat(reader.query(LineageQuery.column(col("ws_a.shared", "v"), Direction.UPSTREAM)).edges())
                .hasSize(1);
    }

    @Test
    void concurrentAppendsToANewDatasetCombineTheirSensitivities() throws Exception {
        List<Object> results = together(List.of(
                s -> s.recordStart(process("j1"), append("j1", "region", TransformationKind.IDENTITY), CATALOG),
                s -> s.recordStart(process("j2"), append("j2", "name", TransformationKind.IDENTITY), CATALOG),
                s -> s.recordStart(process("j3"), append("j3", "age", TransformationKind.AGGREGATION), CATALOG)));
        assertThat(results).containsOnly(true);
        JdbcLineageStore reader = new JdbcLineageStore(ConnectionSource.single(session()), Clock.systemUTC());
        assertThat(reader.column(col("ws_a.shared", "v")).orElseThrow().sensitivity())
                .contains(s(Classification.DIRECT_IDENTIFIER, 4));
        assertThat(reader.query(LineageQuery.dataset("ws_a.shared", Direction.UPSTREAM)).processes()).hasSize(3);
    }
}
