package org.shuyu.jobs.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.jobs.testing.Refusals.assertRefused;

import java.net.ServerSocket;
import java.net.URI;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.testing.EnforcedSession;
import org.shuyu.jobs.testing.TestWorkspace;

/**
 * Policies change under a running session: revocation and consent changes reach it within seconds (poll every
 * 200 ms), and without a reachable policy server everything is refused (POLICY_UNAVAILABLE).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyLifecycleTest {
    private static final long REVOCATION_BOUND_MILLIS = 5000;

    private TestWorkspace workspace;
    private EnforcedSession session;
    private SparkSession spark;

    @BeforeAll
    void start() throws Exception {
        workspace = new TestWorkspace();
        session = new EnforcedSession(workspace, workspace.server().url(), privileged -> { });
        spark = session.spark();
    }

    @AfterAll
    void stop() throws Exception {
        session.close();
        workspace.close();
    }

    private long count(String sql) {
        Row row = org.shuyu.jobs.runtime.JobRunner.analysed(() -> spark.sql(sql)).collectAsList().get(0);
        return row.getLong(0);
    }

    @Test
    @Order(1)
    @Tag("R-21b")
    void consentChangesReachTheRunningSession() throws Exception {
        assertThat(count("SELECT count(*) FROM social.contributions")).isEqualTo(2);
        workspace.server().publish(workspace.state(true, Set.of("P1", "P2", "P3")));
        long deadline = System.currentTimeMillis() + REVOCATION_BOUND_MILLIS;
        while (count("SELECT count(*) FROM social.contributions") != 3) {
            assertThat(System.currentTimeMillis()).as("consent change applied in time").isLessThan(deadline);
            Thread.sleep(50);
        }
        workspace.server().publish(workspace.state(true, Set.of()));
        deadline = System.currentTimeMillis() + REVOCATION_BOUND_MILLIS;
        while (count("SELECT count(*) FROM social.contributions") != 0) {
            assertThat(System.currentTimeMillis()).as("consent withdrawal applied in time").isLessThan(deadline);
            Thread.sleep(50);
        }
        workspace.server().publish(workspace.state(true, Set.of("P1", "P3")));
    }

    @Test
    @Order(2)
    @Tag("R-19a")
    void revocationRefusesTheNextQueryWithinSeconds() throws Exception {
        assertThat(count("SELECT count(*) FROM registry.enterprises")).isEqualTo(3);
        long changed = System.nanoTime();
        workspace.server().publish(workspace.state(false, Set.of("P1", "P3"))); // grant suspended: zero policies
        try {
            measureRevocation(changed);
        } finally {
            workspace.server().publish(workspace.state(true, Set.of("P1", "P3")));
        }
        long deadline = System.currentTimeMillis() + REVOCATION_BOUND_MILLIS;
        while (true) {
            try {
                assertThat(count("SELECT count(*) FROM registry.enterprises")).isEqualTo(3);
                break;
            } catch (RuntimeException e) {
                assertThat(System.currentTimeMillis()).as("reinstatement applied in time").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    private void measureRevocation(long changed) {
        long refusedAfter = -1;
        while (refusedAfter < 0) {
            try {
                count("SELECT count(*) FROM registry.enterprises");
            } catch (RuntimeException e) {
                EnforcementException refusal = EnforcementException.find(e).orElseThrow(() -> e);
                assertThat(refusal.code()).isEqualTo(JobsErrorCode.ACCESS_DENIED);
                refusedAfter = (System.nanoTime() - changed) / 1_000_000L;
            }
            assertThat((System.nanoTime() - changed) / 1_000_000L).as("revocation reached the session")
                    .isLessThan(REVOCATION_BOUND_MILLIS);
        }
        System.out.println("REVOCATION BOUND: policy change on the server to first refusal = " + refusedAfter
                + " ms (poll interval 200 ms, bound " + REVOCATION_BOUND_MILLIS + " ms)");
        assertThat(refusedAfter).isLessThan(REVOCATION_BOUND_MILLIS);
    }

    @Test
    @Order(5)
    @Tag("R-17a")
    void revocationCancelsTheRunningStatementPromptly() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong endedAt = new java.util.concurrent.atomic.AtomicLong();
        // Minutes of work unless it is cancelled: every enterprise against billions of generated rows.
        Thread statement = new Thread(() -> {
            try {
                session.runner().runStep(7, "SELECT sum(r.id + length(e.uscc)) FROM registry.enterprises e "
                        + "CROSS JOIN range(0, 5000000000) r");
                outcome.set(new AssertionError("the statement finished"));
            } catch (Throwable t) {
                outcome.set(t);
            } finally {
                endedAt.set(System.nanoTime());
            }
        }, "long-statement");
        statement.start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> spark.sparkContext().statusTracker().getActiveJobIds().length > 0);
        long revoked = System.nanoTime();
        workspace.server().publish(workspace.state(false, Set.of("P1", "P3"))); // suspended: zero policies
        try {
            statement.join(30_000);
            if (statement.isAlive()) {
                spark.sparkContext().cancelAllJobs();
                statement.join(30_000);
            }
            assertThat(statement.isAlive()).as("the statement ended").isFalse();
            long delay = (endedAt.get() - revoked) / 1_000_000L;
            System.out.println("CANCEL ON REVOCATION: policy change on the server to the statement's end = " + delay
                    + " ms (poll interval 200 ms)");
            EnforcementException refusal = EnforcementException.find(outcome.get())
                    .orElseThrow(() -> new AssertionError("not a refusal", outcome.get()));
            assertThat(refusal.code()).isEqualTo(JobsErrorCode.ACCESS_REVOKED);
            assertThat(refusal.getMessage()).contains("registry.enterprises", "cancelled");
            assertThat(delay).as("cancelled within 3 s of the revocation").isLessThan(3000);
        } finally {
            workspace.server().publish(workspace.state(true, Set.of("P1", "P3")));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> count("SELECT count(*) FROM registry.enterprises") == 3);
    }

    @Test
    @Order(3)
    @Tag("R-19a")
    void stalePoliciesRefuseEverything() throws Exception {
        workspace.server().failing(true);
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while (true) {
                try {
                    count("SELECT count(*) FROM registry.enterprises");
                } catch (RuntimeException e) {
                    EnforcementException refusal = EnforcementException.find(e).orElseThrow(() -> e);
                    assertThat(refusal.code()).isEqualTo(JobsErrorCode.POLICY_UNAVAILABLE);
                    assertThat(refusal.getMessage()).contains("stale", "HTTP 503");
                    break;
                }
                assertThat(System.currentTimeMillis()).isLessThan(deadline);
                Thread.sleep(100);
            }
            assertRefused(() -> spark.sql("SELECT 1").collect(), JobsErrorCode.POLICY_UNAVAILABLE);
        } finally {
            workspace.server().failing(false);
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            try {
                assertThat(count("SELECT count(*) FROM registry.enterprises")).isEqualTo(3);
                break;
            } catch (RuntimeException e) {
                assertThat(System.currentTimeMillis()).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    @Test
    @Order(4)
    @Tag("R-19a")
    void noReachablePolicyServerRefusesEverything() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        EnforcedSession unreachable = new EnforcedSession(workspace, URI.create("http://127.0.0.1:" + port),
                privileged -> { });
        try {
            SparkSession other = unreachable.spark();
            assertRefused(() -> other.sql("SELECT count(*) FROM registry.enterprises").collect(),
                    JobsErrorCode.POLICY_UNAVAILABLE, "no access policies have been loaded", "unreachable");
            assertRefused(() -> other.sql("SELECT 1").collect(), JobsErrorCode.POLICY_UNAVAILABLE);
            assertRefused(() -> other.table("registry.enterprises"), JobsErrorCode.POLICY_UNAVAILABLE);
        } finally {
            unreachable.closePluginOnly();
        }
    }
}
