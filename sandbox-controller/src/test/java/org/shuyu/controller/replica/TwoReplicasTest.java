package org.shuyu.controller.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.SandboxApplication;
import org.shuyu.controller.adapter.atlas.AtlasClient;
import org.shuyu.controller.adapter.atlas.FakeAtlas;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.job.WorkspaceReconciler;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.TestClockConfiguration;
import org.shuyu.controller.support.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two controller replicas (two Spring contexts in this JVM) on one PostgreSQL database, with short leases (3 s, renewed
 * every 0.5 s) and fast schedules, so the whole class runs in well under two minutes (docs/replicas.md).
 * <ul>
 *   <li>every scheduled action happens exactly once: grants whose term ends are expired and audited once each, and each
 *       Atlas outbox row reaches Atlas once, although both replicas run the same schedules;</li>
 *   <li>a replica never settles another live replica's work, and when the leader dies (it stops renewing, as a killed
 *       process would) the other replica leads within the lease duration plus one renewal, settles the dead one's jobs
 *       (FAILED, CONTROLLER_RESTARTED) and carries on with the outbox.</li>
 * </ul>
 */
class TwoReplicasTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RENEW = Duration.ofMillis(500);
    private static final FakeAtlas ATLAS = new FakeAtlas();
    private static final List<ConfigurableApplicationContext> CONTEXTS = new ArrayList<>();
    private static String database;
    private static JdbcClient jdbc;

    @BeforeAll
    static void startTwoReplicas() {
        ATLAS.requireAuthorization(AtlasClient.basic("mirror", "s3cret"));
        database = TestDatabase.fresh("replicas");
        CONTEXTS.add(start("replica-a"));
        CONTEXTS.add(start("replica-b"));
        jdbc = CONTEXTS.get(0).getBean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        CONTEXTS.forEach(ConfigurableApplicationContext::close);
        ATLAS.close();
    }

    private static ConfigurableApplicationContext start(String replicaId) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.datasource.url", database);
        p.put("spring.datasource.username", TestDatabase.user());
        p.put("spring.datasource.password", "");
        p.put("server.port", "0");
        p.put("sandbox.data-dir", "target/test-data-replicas");
        p.put("sandbox.products.flight.enabled", "false");
        p.put("sandbox.connect.port", "-1");
        p.put("sandbox.replica.id", replicaId);
        p.put("sandbox.replica.cluster", "two-replicas");
        p.put("sandbox.replica.lease-duration", LEASE.toMillis() + "ms");
        p.put("sandbox.replica.renew-interval", RENEW.toMillis() + "ms");
        p.put("sandbox.replica.sweep-interval", "500ms");
        p.put("sandbox.lifecycle.scheduler-interval", "300ms");
        p.put("sandbox.workspaces.reconcile-interval", "1h");
        p.put("sandbox.lineage.atlas.enabled", "true");
        p.put("sandbox.lineage.atlas.url", ATLAS.uri().toString());
        p.put("sandbox.lineage.atlas.username", "mirror");
        p.put("sandbox.lineage.atlas.password-env", "SHUYU_TEST_ATLAS_PASSWORD");
        p.put("SHUYU_TEST_ATLAS_PASSWORD", "s3cret");
        p.put("sandbox.lineage.atlas.delivery-interval", "200ms");
        // As arguments: they outrank application.yml (builder properties would be mere defaults).
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(SandboxApplication.class, TestClockConfiguration.class).run(args);
    }

    private static Leadership leadership(ConfigurableApplicationContext context) {
        return context.getBean(Leadership.class);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The live replica that leads, once exactly one does. */
    private static ConfigurableApplicationContext leader() {
        await(Duration.ofSeconds(10), "exactly one replica leads",
                () -> CONTEXTS.stream().filter(c -> c.isActive() && leadership(c).isLeader()).count() == 1);
        return CONTEXTS.stream().filter(c -> c.isActive() && leadership(c).isLeader()).findFirst().orElseThrow();
    }

    @Test
    void everyScheduledActionHappensOnceAndADeadLeadersWorkIsHandedOverWithinSeconds() throws Exception {
        ConfigurableApplicationContext leader = leader();
        ConfigurableApplicationContext follower = CONTEXTS.stream().filter(c -> c != leader).findFirst().orElseThrow();
        MutableClock leaderClock = leader.getBean(MutableClock.class);
        LifecycleFixture fx = new LifecycleFixture(new Api(port(follower)), jdbc, leaderClock);
        List<String> grants = List.of(fx.activeGrant("replica one " + fx.unique("s")), fx.activeGrant("replica two " + fx.unique("s")));
        leader.getBean(WorkspaceReconciler.class).runOnce();
        List<String> subjects = enqueue("first", 12);

        // Both replicas' clocks pass the grants' term ends; both run the life-cycle schedule every 300 ms.
        CONTEXTS.forEach(c -> c.getBean(MutableClock.class).advance(Duration.ofDays(800)));
        await(Duration.ofSeconds(30), "the grants expired and the outbox delivered",
                () -> grants.stream().allMatch(g -> expiries(g) >= 1) && subjects.stream().allMatch(s -> deliveries(s) >= 1));
        Thread.sleep(1500); // several more passes of both replicas' schedules: nothing may happen twice
        grants.forEach(g -> assertThat(expiries(g)).as("expiry of %s audited", g).isEqualTo(1));
        subjects.forEach(s -> assertThat(deliveries(s)).as("deliveries of %s", s).isEqualTo(1));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM grants WHERE id IN (?, ?) AND state = 'ACTIVE'").params(grants.get(0), grants.get(1))
                .query(Long.class).single()).as("no grant left active").isZero();

        // Each replica owns a running job (in a workspace that is open); neither settles the other's while both live.
        String open = fx.activeGrant("replica three " + fx.unique("s"));
        leader.getBean(WorkspaceReconciler.class).runOnce();
        String leaderJob = runningJob(open, leadership(leader).incarnationId());
        String followerJob = runningJob(open, leadership(follower).incarnationId());
        Thread.sleep(1200); // more than two sweeps
        assertThat(state(leaderJob)).isEqualTo("RUNNING");
        assertThat(state(followerJob)).isEqualTo("RUNNING");

        // The leader dies: it stops renewing (as after kill -9). The follower leads within lease + one renewal.
        long epoch = leadership(leader).leaderLease().orElseThrow().epoch();
        long died = System.nanoTime();
        leadership(leader).halt();
        await(LEASE.plus(RENEW).plusSeconds(2), "the follower leads", () -> leadership(follower).isLeader());
        Duration handover = Duration.ofNanos(System.nanoTime() - died);
        assertThat(handover).as("handover time").isLessThanOrEqualTo(LEASE.plus(RENEW).plusMillis(500));
        assertThat(leadership(follower).leaderLease().orElseThrow().epoch()).as("the fencing epoch grows").isGreaterThan(epoch);

        // The new leader settles the dead replica's job, keeps its own, and delivers what comes next once.
        await(Duration.ofSeconds(10), "the dead replica's job is settled", () -> !state(leaderJob).equals("RUNNING"));
        assertThat(jdbc.sql("SELECT state || ' ' || result_code FROM jobs WHERE id = ?").param(leaderJob).query(String.class).single())
                .isEqualTo("FAILED CONTROLLER_RESTARTED");
        assertThat(state(followerJob)).isEqualTo("RUNNING");
        List<String> after = enqueue("second", 6);
        await(Duration.ofSeconds(10), "the new leader delivers", () -> after.stream().allMatch(s -> deliveries(s) >= 1));
        Thread.sleep(600);
        after.forEach(s -> assertThat(deliveries(s)).as("deliveries of %s", s).isEqualTo(1));
        subjects.forEach(s -> assertThat(deliveries(s)).as("deliveries of %s", s).isEqualTo(1));
        System.out.printf("replicas: handover after the leader's death took %d ms (lease %d ms, renewal %d ms)%n", handover.toMillis(),
                LEASE.toMillis(), RENEW.toMillis());
        jdbc.sql("UPDATE jobs SET state = 'CANCELLED', finished_at = ? WHERE id = ?").params(Timestamp.from(Instant.now()), followerJob)
                .update();
    }

    private static List<String> enqueue(String batch, int n) {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "replicas." + batch + i;
            String qualifiedName = name + "@shuyu";
            String body = "{\"entities\":[{\"typeName\":\"shuyu_dataset\",\"attributes\":{\"qualifiedName\":\"" + qualifiedName
                    + "\",\"name\":\"" + name + "\",\"database\":\"replicas\",\"kind\":\"SOURCE\"}}],\"referredEntities\":{}}";
            jdbc.sql("INSERT INTO atlas_outbox (created_at, kind, subject, payload, state, attempts, next_attempt_at)"
                            + " VALUES (?, 'ENTITIES', ?, ?, 'PENDING', 0, ?)")
                    .params(Timestamp.from(Instant.now()), qualifiedName, body, Timestamp.from(Instant.now().minusSeconds(1))).update();
            subjects.add(qualifiedName);
        }
        return subjects;
    }

    private static long deliveries(String qualifiedName) {
        return ATLAS.applied().stream().filter(a -> a.method().equals("POST") && a.body().contains("\"" + qualifiedName + "\"")).count();
    }

    private static long expiries(String grantId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND detail LIKE 'term ended%'").param(grantId)
                .query(Long.class).single();
    }

    private static String runningJob(String workspaceId, String incarnation) {
        String id = "job-replica-" + System.nanoTime();
        jdbc.sql("INSERT INTO jobs (id, workspace_id, kind, name, spec, submitted_by, submitted_at, state, started_at,"
                        + " runtime_token_hash, incarnation) VALUES (?, ?, 'JOB', 'owned', '[\"sleep\"]', 'engineer', ?, 'RUNNING', ?, ?, ?)")
                .params(id, workspaceId, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()), Sha256.hex(id), incarnation).update();
        return id;
    }

    private static String state(String jobId) {
        return jdbc.sql("SELECT state FROM jobs WHERE id = ?").param(jobId).query(String.class).single();
    }

    private static void await(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what);
            }
        }
    }
}
