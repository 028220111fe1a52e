package org.shuyu.controller.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.JobStore;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceReconciliation;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.store.LineageStore;
import org.shuyu.lineage.store.ProcessRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The capture path flooded at the controller (R-24c: nothing is dropped silently): 12 running jobs of 50 statements
 * each report START and COMPLETE from 16 threads at once, with a third of the events sent twice (a runtime retrying
 * after a lost answer), through the real endpoint, credential filter and store. Every acknowledged event is stored,
 * exactly once, and every job's lineage is complete.
 */
@PlatformTest
@Tag("R-24c")
class LineageIngestFloodTest {
    private static final int JOBS = 12;
    private static final int STEPS = 50;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    JobStore jobs;
    @Autowired
    WorkspaceReconciliation workspaces;
    @Autowired
    LineageStore store;

    @Test
    void everyAcknowledgedEventIsStoredOnceUnderConcurrentLoad() throws Exception {
        Api api = new Api(port);
        LifecycleFixture fx = new LifecycleFixture(api, jdbc, clock);
        String grant = fx.activeGrant("lineage flood " + fx.unique("s"), List.of("registry.enterprises"));
        Workspace workspace = workspaces.reconcile(grant).orElseThrow();
        String db = workspace.databaseName();

        Map<String, String> tokens = new ConcurrentHashMap<>();
        List<String> steps = Collections.nCopies(STEPS, "SELECT 1");
        for (int j = 0; j < JOBS; j++) {
            String id = "job-flood-" + fx.unique("j");
            String token = "flood-token-" + fx.unique("t") + "-" + ThreadLocalRandom.current().nextLong();
            Job job = new Job(id, grant, Job.Kind.JOB, "flood", steps, "engineer", Instant.now(), JobState.QUEUED,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
            jobs.insert(job, Sha256.hex(token));
            jobs.update(job.started(Instant.now()));
            tokens.put(id, token);
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (Map.Entry<String, String> job : tokens.entrySet()) {
                for (int step = 1; step <= STEPS; step++) {
                    int s = step;
                    work.add(pool.submit(() -> {
                        // One statement's events in order, like the runtime; statements of all jobs interleave.
                        for (String event : List.of(start(job.getKey(), s, db), end(job.getKey(), s))) {
                            int copies = ThreadLocalRandom.current().nextInt(3) == 0 ? 2 : 1;
                            for (int c = 0; c < copies; c++) {
                                HttpResponse<String> response = post(http, job.getKey(), job.getValue(), event);
                                assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
                                sent.incrementAndGet();
                                if (c > 0) {
                                    duplicates.incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(sent.get()).isEqualTo(JOBS * STEPS * 2 + duplicates.get());
        for (String jobId : tokens.keySet()) {
            List<ProcessRecord> processes = store.processesOf(jobId);
            assertThat(processes).as(jobId).hasSize(STEPS);
            for (ProcessRecord p : processes) {
                assertThat(p.process().state()).isEqualTo(LineageProcess.State.COMPLETED);
                assertThat(p.process().user()).isEqualTo("engineer");
                assertThat(p.process().grantId()).isEqualTo(grant);
                assertThat(p.inputs()).containsExactly("registry.enterprises");
                assertThat(p.outputs()).hasSize(1);
            }
        }
        long processRows = jdbc.sql("SELECT COUNT(*) FROM lineage_processes WHERE job_id LIKE 'job-flood-%' AND workspace_id = ?")
                .param(grant).query(Long.class).single();
        assertThat(processRows).isEqualTo((long) JOBS * STEPS);

        // The stand-in jobs end here, so nothing else in the shared context sees them running.
        for (String jobId : tokens.keySet()) {
            jdbc.sql("UPDATE jobs SET state = 'SUCCEEDED', finished_at = ?, runtime_token_hash = NULL WHERE id = ?")
                    .param(java.sql.Timestamp.from(Instant.now())).param(jobId).update();
        }
    }

    @Test
    void badEventsAreRefusedWithAClearCodeAndStoreNothing() {
        Api api = new Api(port);
        LifecycleFixture fx = new LifecycleFixture(api, jdbc, clock);
        String grant = fx.activeGrant("lineage bad input " + fx.unique("s"), List.of("registry.enterprises"));
        String db = workspaces.reconcile(grant).orElseThrow().databaseName();
        String id = "job-bad-" + fx.unique("j");
        String token = "bad-token-" + fx.unique("t");
        Job job = new Job(id, grant, Job.Kind.JOB, "bad", List.of("SELECT 1", "SELECT 2"), "engineer", Instant.now(), JobState.QUEUED,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        jobs.insert(job, Sha256.hex(token));
        jobs.update(job.started(Instant.now()));
        HttpClient http = HttpClient.newHttpClient();
        try {
            assertRefused(post(http, id, token, "{not json"), 400, null);
            assertRefused(post(http, id, token, start(id, 3, db)), 400, "INVALID_LINEAGE_EVENT"); // the job has 2 steps
            assertRefused(post(http, id, token, end(id, 1)), 400, "INVALID_LINEAGE_EVENT"); // COMPLETE before START
            assertRefused(post(http, id, token, start(id, 1, "ws_someone_else")), 403, "LINEAGE_OUT_OF_SCOPE");
            assertRefused(post(http, id, token, start(id, 1, db).replace("registry.enterprises", "secret.things")), 403,
                    "LINEAGE_OUT_OF_SCOPE");
            assertRefused(post(http, id + "x", token, start(id + "x", 1, db)), 403, "RUNTIME_CREDENTIAL_SCOPE");
            assertRefused(post(http, id, "not-a-runtime-token", start(id, 1, db)), 401, null);
            assertThat(store.processesOf(id)).isEmpty();

            assertThat(post(http, id, token, start(id, 1, db)).statusCode()).isEqualTo(204);
            String different = start(id, 1, db).replace("\"kind\":\"IDENTITY\"", "\"kind\":\"TRANSFORMATION\"");
            assertRefused(post(http, id, token, different), 409, "LINEAGE_CONFLICT");
            assertThat(store.processesOf(id)).hasSize(1);
            assertThat(store.processesOf(id).get(0).process().state()).isEqualTo(LineageProcess.State.RUNNING);
        } finally {
            jdbc.sql("UPDATE jobs SET state = 'FAILED', finished_at = ?, runtime_token_hash = NULL WHERE id = ?")
                    .param(java.sql.Timestamp.from(Instant.now())).param(id).update();
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (code != null) {
            assertThat(response.body()).contains("\"code\":\"" + code + "\"");
        }
    }

    private HttpResponse<String> post(HttpClient http, String jobId, String token, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/service/lineage/jobs/" + jobId + "/events"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String start(String jobId, int step, String db) {
        String table = db + ".t" + step;
        return "{\"jobId\":\"" + jobId + "\",\"step\":" + step + ",\"phase\":\"START\",\"eventTime\":\"" + Instant.now()
                + "\",\"statement\":\"CREATE_TABLE_AS_SELECT\",\"inputs\":[{\"name\":\"registry.enterprises\",\"kind\":\"SOURCE\","
                + "\"columns\":[\"uscc\",\"name\"]}],\"outputs\":[{\"name\":\"" + table + "\",\"kind\":\"TABLE\",\"mode\":\"CREATE\","
                + "\"columns\":[\"uscc\",\"name\"]}],\"edges\":[{\"source\":{\"dataset\":\"registry.enterprises\",\"column\":\"uscc\"},"
                + "\"target\":{\"dataset\":\"" + table + "\",\"column\":\"uscc\"},\"kind\":\"IDENTITY\"},"
                + "{\"source\":{\"dataset\":\"registry.enterprises\",\"column\":\"name\"},\"target\":{\"dataset\":\"" + table
                + "\",\"column\":\"name\"},\"kind\":\"IDENTITY\"}],\"message\":null}";
    }

    private static String end(String jobId, int step) {
        return "{\"jobId\":\"" + jobId + "\",\"step\":" + step + ",\"phase\":\"COMPLETE\",\"eventTime\":\"" + Instant.now()
                + "\",\"statement\":null,\"inputs\":[],\"outputs\":[],\"edges\":[],\"message\":null}";
    }
}
