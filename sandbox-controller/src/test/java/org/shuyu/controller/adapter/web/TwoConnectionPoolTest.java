package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.Jobs;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.support.TwoConnections;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * No code path holds a connection while it waits for another (issue 14): every read endpoint, hit by many clients at
 * once on a pool of two connections, answers without a 5xx; refusals made under that load are all audited; and
 * concurrent first job submissions to a workspace not yet provisioned all succeed, provisioning it once.
 */
@PlatformTest
@TwoConnections
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoConnectionPoolTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    LifecycleFixture fx;
    String grant;
    String lab;
    String application;
    String organization;
    String job;

    @BeforeAll
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
        grant = fx.activeGrant("pool " + fx.unique("s"));
        organization = api.get("admin", "/api/v1/grants/" + grant).json().path("organizationId").asString();
        application = api.get("admin", "/api/v1/grants/" + grant).json().path("applicationId").asString();
        lab = api.get("admin", "/api/v1/applications/" + application).json().path("labId").asString();
        // A job provisions the workspace; it is cancelled at once (its state is all the reads need).
        Api.Response submitted = api.post("engineer", "/api/v1/workspaces/" + grant + "/jobs", Jobs.spec("provision", "SELECT 1"));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
        job = submitted.json().path("id").asString();
        api.delete("engineer", "/api/v1/jobs/" + job);
        for (int i = 0; i < 5; i++) {
            fx.activeGrant("pool more " + fx.unique("s")); // a list of several grants, each with children to load
        }
    }

    /** Every read endpoint with the user who may read it. */
    private List<String[]> reads() {
        return List.of(
                new String[] {"admin", "/api/v1/me"},
                new String[] {"admin", "/api/v1/datasets"},
                new String[] {"admin", "/api/v1/datasets/registry.enterprises"},
                new String[] {"admin", "/api/v1/providers"},
                new String[] {"admin", "/api/v1/announcements"},
                new String[] {"admin", "/api/v1/organizations"},
                new String[] {"admin", "/api/v1/organizations/" + organization},
                new String[] {"applicant", "/api/v1/organizations/" + organization + "/personnel"},
                new String[] {"admin", "/api/v1/labs"},
                new String[] {"admin", "/api/v1/labs/" + lab},
                new String[] {"admin", "/api/v1/labs/" + lab + "/report"},
                new String[] {"admin", "/api/v1/applications"},
                new String[] {"admin", "/api/v1/applications/" + application},
                new String[] {"admin", "/api/v1/grants"},
                new String[] {"applicant", "/api/v1/grants"},
                new String[] {"engineer", "/api/v1/grants"},
                new String[] {"admin", "/api/v1/grants/" + grant},
                new String[] {"applicant", "/api/v1/grants/" + grant + "/members"},
                new String[] {"engineer", "/api/v1/grants/" + grant + "/access"},
                new String[] {"admin", "/api/v1/publications"},
                new String[] {"admin", "/api/v1/filings"},
                new String[] {"admin", "/api/v1/deletions"},
                new String[] {"admin", "/api/v1/workspaces"},
                new String[] {"engineer", "/api/v1/workspaces"},
                new String[] {"security", "/api/v1/workspaces/" + grant + "/policies"},
                new String[] {"engineer", "/api/v1/workspaces/" + grant},
                new String[] {"engineer", "/api/v1/workspaces/" + grant + "/jobs"},
                new String[] {"engineer", "/api/v1/workspaces/" + grant + "/quarantine"},
                new String[] {"engineer", "/api/v1/jobs/" + job},
                new String[] {"engineer", "/api/v1/jobs/" + job + "/log"},
                new String[] {"engineer", "/api/v1/jobs/" + job + "/lineage"},
                new String[] {"admin", "/api/v1/products"},
                new String[] {"security", "/api/v1/audit?limit=50"},
                new String[] {"admin", "/api/v1/lineage/mirror"},
                // The lineage store is asked: 404 while no job has read it yet, 200 once one has (tests share the database).
                new String[] {"security", "/api/v1/lineage?dataset=registry.enterprises&depth=2", "200|404"});
    }

    /** The statuses a read may answer, as a pattern: 200 unless the entry says otherwise. */
    private static String expected(String[] read) {
        return read.length > 2 ? read[2] : "200";
    }

    @Test
    @Tag("R-24d")
    void everyReadEndpointAnswersOnTwoConnectionsAndEveryRefusalUnderLoadIsAudited() throws Exception {
        List<String[]> reads = reads();
        for (String[] read : reads) {
            Api.Response r = api.get(read[0], read[1]);
            assertThat(String.valueOf(r.status())).as(read[1] + " " + r).matches(expected(read));
        }
        String unknown = "grant-" + fx.unique("missing");
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong answered = new AtomicLong();
        ExecutorService load = Executors.newFixedThreadPool(16);
        ExecutorService refusals = Executors.newFixedThreadPool(50);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int client = c;
                clients.add(load.submit(() -> {
                    for (int i = client; !stop.get(); i++) {
                        String[] read = reads.get(i % reads.size());
                        Api.Response r = api.get(read[0], read[1]);
                        answered.incrementAndGet();
                        if (!String.valueOf(r.status()).matches(expected(read))) {
                            failures.add(read[1] + " -> " + r);
                        }
                    }
                }));
            }
            // 50 refusals at once while the readers run: each answered 404 and each audited.
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Response>> refused = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                refused.add(refusals.submit(() -> {
                    go.await();
                    return api.get("admin", "/api/v1/grants/" + unknown);
                }));
            }
            go.countDown();
            for (Future<Api.Response> f : refused) {
                Api.Response r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.toString()).isEqualTo(404);
                assertThat(r.code()).isEqualTo("NOT_FOUND");
            }
            // Keep the load on a little longer than the pool's 3 s wait: a nested acquisition would now have failed.
            long now = answered.get();
            Awaitility.await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(60))
                    .until(() -> answered.get() > now);
            stop.set(true);
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            load.shutdownNow();
            refusals.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(answered.get()).isGreaterThan(reads.size());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE outcome = 'REFUSED' AND subject_id = ? AND code = 'NOT_FOUND'")
                .param(unknown).query(Long.class).single()).isEqualTo(50);
    }

    @Test
    void concurrentFirstSubmissionsAllSucceedAndProvisionTheWorkspaceOnce() throws Exception {
        String fresh = fx.activeGrant("first jobs " + fx.unique("s"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM workspaces WHERE id = ?").param(fresh).query(Long.class).single()).isZero();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Api.Response> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Response>> submitted = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                submitted.add(pool.submit(() -> {
                    go.await();
                    return api.post("engineer", "/api/v1/workspaces/" + fresh + "/jobs", Jobs.spec("first-" + n, "SELECT 1"));
                }));
            }
            go.countDown();
            for (Future<Api.Response> f : submitted) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        // The runtime need not run them: cancel what is queued or running, so that no Spark process is left working.
        for (Api.Response r : answers) {
            if (r.status() == 202) {
                api.delete("engineer", "/api/v1/jobs/" + r.json().path("id").asString());
            }
        }
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(202));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM workspaces WHERE id = ?").param(fresh).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'workspace.provision' AND subject_id = ?").param(fresh)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM jobs WHERE workspace_id = ?").param(fresh).query(Long.class).single()).isEqualTo(20);
    }
}
