package org.shuyu.controller.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shuyu.controller.adapter.persistence.JdbcLeaseStore;
import org.shuyu.controller.support.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The lease itself ({@link JdbcLeaseStore} on PostgreSQL and H2): many contenders, one holder at a time, the fencing
 * epoch only grows, an expired lease is taken over and a released one at once (docs/replicas.md).
 */
class LeaseStoreTest {
    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("postgresql", postgres()), Arguments.of("h2", h2()));
    }

    private static DataSource postgres() {
        return migrated(new DriverManagerDataSource(TestDatabase.fresh("leases"), TestDatabase.user(), ""));
    }

    private static DataSource h2() {
        return migrated(new DriverManagerDataSource("jdbc:h2:mem:leases-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", ""));
    }

    /** Only the lease table: V17 as written. */
    private static DataSource migrated(DataSource source) {
        try (InputStream in = LeaseStoreTest.class.getResourceAsStream("/db/migration/V17__replica_leases.sql");
             Connection c = source.getConnection(); Statement s = c.createStatement()) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("--"))
                    .reduce("", (a, b) -> a + "\n" + b);
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        }
        return source;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anExpiredLeaseIsTakenOverWithAGreaterEpochAndAReleasedOneAtOnce(String name, DataSource db) throws Exception {
        JdbcLeaseStore store = new JdbcLeaseStore(JdbcClient.create(db));
        // Long enough that the steps before the pause surely fit in it on a loaded machine.
        Duration d = Duration.ofSeconds(3);
        Lease a = store.acquire("leader/t", "a", d).orElseThrow();
        assertThat(a.epoch()).isEqualTo(1);
        assertThat(store.acquire("leader/t", "b", d)).as("held by a").isEmpty();
        assertThat(store.acquire("leader/t", "a", d)).as("a again: renewed, same epoch").map(Lease::epoch).contains(1L);
        Lease renewed = store.renew(a, d).orElseThrow();
        assertThat(store.holds(renewed)).isTrue();

        Thread.sleep(d.toMillis() + 200);
        assertThat(store.holds(renewed)).as("expired").isFalse();
        Lease b = store.acquire("leader/t", "b", d).orElseThrow();
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(store.renew(renewed, d)).as("a paused past its lease cannot renew").isEmpty();
        assertThat(store.holds(renewed)).isFalse();

        store.release(b);
        Lease again = store.acquire("leader/t", "a", d).orElseThrow();
        assertThat(again.epoch()).as("a released lease is taken at once, with a new epoch").isEqualTo(3);
        store.release(b);
        assertThat(store.holds(again)).as("a stale release changes nothing").isTrue();
    }

    /** A holder's belief: from when its acquire returned until the last renewal it sent plus the lease duration. */
    record Tenure(long epoch, String holder, long from, long until) {}

    @Test
    void manyContendersHoldOneAtATimeAndTheEpochOnlyGrows() throws Exception {
        // A pool, so that contenders race on the row, not on opening connections.
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(TestDatabase.fresh("leases_many"));
        pool.setUsername(TestDatabase.user());
        pool.setMaximumPoolSize(8);
        migrated(pool);
        JdbcLeaseStore store = new JdbcLeaseStore(JdbcClient.create(pool));
        Duration d = Duration.ofMillis(500);
        List<Tenure> tenures = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int contenders = 8;
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            String me = "contender-" + i;
            running.add(threads.submit(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    Optional<Lease> won = store.acquire("leader/many", me, d);
                    if (won.isEmpty()) {
                        pause(20);
                        continue;
                    }
                    long from = System.nanoTime();
                    long until = sent + d.toNanos();
                    Lease lease = won.get();
                    int renewals = ThreadLocalRandom.current().nextInt(3);
                    for (int r = 0; r < renewals; r++) {
                        pause(50);
                        long at = System.nanoTime();
                        if (store.renew(lease, d).isEmpty()) {
                            break;
                        }
                        until = at + d.toNanos();
                    }
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        long at = System.nanoTime();
                        store.release(lease);
                        until = Math.min(until, at);
                        tenures.add(new Tenure(lease.epoch(), me, from, until));
                    } else {
                        tenures.add(new Tenure(lease.epoch(), me, from, until));
                        pause(d.toMillis() + 30); // lets it expire, as a crashed holder would
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        threads.shutdown();
        pool.close();

        List<Tenure> byStart = new ArrayList<>(tenures);
        byStart.sort(Comparator.comparingLong(Tenure::from));
        assertThat(byStart).as("handovers happened").hasSizeGreaterThanOrEqualTo(3);
        Map<Long, String> holderOfEpoch = new HashMap<>();
        for (int i = 0; i < byStart.size(); i++) {
            Tenure t = byStart.get(i);
            assertThat(holderOfEpoch.putIfAbsent(t.epoch(), t.holder())).as("one holder per epoch").isIn(null, t.holder());
            if (i > 0) {
                Tenure before = byStart.get(i - 1);
                assertThat(t.epoch()).as("the epoch only grows").isGreaterThan(before.epoch());
                assertThat(before.until()).as("epoch %d believed held after epoch %d was won", before.epoch(), t.epoch())
                        .isLessThanOrEqualTo(t.from());
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
