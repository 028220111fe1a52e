package org.shuyu.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.Jobs.spec;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.controller.demo.DemoData;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.Jobs;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * End to end (issue 3): a grant activated through the life cycle, a job that joins two granted datasets into a
 * workspace table with masked columns masked and non-consenting subjects absent, metered and audited; then the
 * attacks, each refused with a clear reason and an audit record, every job in its own JVM with the real runtime.
 */
@PlatformTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobFlowTest {
    private static final String CONTRIBUTIONS = "social.contributions";
    private static final String ENTERPRISES = "registry.enterprises";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    WorkspaceReconciler reconciler;
    @Autowired
    WorkspaceProvisioner provisioner;
    @Autowired
    org.shuyu.controller.grant.LifecycleScheduler scheduler;

    Api api;
    LifecycleFixture fx;
    String grant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    @BeforeAll
    void grantWithWorkspace() {
        setUp();
        grant = fx.activeGrant("enterprise social insurance risk " + fx.unique("s"), List.of(CONTRIBUTIONS, ENTERPRISES));
    }

    private String submit(String workspace, Map<String, Object> spec) {
        return Jobs.submit(api, "engineer", workspace, spec);
    }

    private JsonNode await(String jobId) {
        return Jobs.await(api, "engineer", jobId);
    }

    private JsonNode run(Map<String, Object> spec) {
        return await(submit(grant, spec));
    }

    private JsonNode preview(String table, int limit) {
        Api.Response response = api.getSlow("engineer", "/api/v1/workspaces/" + grant + "/tables/" + table + "/preview?limit=" + limit);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().path("result");
    }

    private static List<Map<String, String>> rows(JsonNode result) {
        List<String> names = new ArrayList<>();
        result.path("columns").forEach(c -> names.add(c.path("name").asString()));
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode row : result.path("rows")) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                map.put(names.get(i), row.get(i).isNull() ? null : row.get(i).asString());
            }
            rows.add(map);
        }
        return rows;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Set<String> consentingEmployers() {
        Set<String> employers = new HashSet<>();
        for (int p = 0; p < DemoData.PERSONS; p++) {
            if (DemoData.consented(p)) {
                employers.add(DemoData.uscc(p % DemoData.ENTERPRISES));
            }
        }
        return employers;
    }

    @Test
    @Order(1)
    @Tag("R-19a")
    @Tag("R-24b")
    @Tag("R-21b")
    @Tag("R-09b")
    void aJobJoinsTwoGrantedDatasetsWithMasksAndConsentFiltersAndIsMetered() {
        JsonNode job = run(spec("employer-contributions",
                "CREATE TABLE employer_contributions AS SELECT c.person_id_number, c.person_name, c.employer_uscc, e.name AS employer,"
                        + " e.legal_rep_id_number, e.phone, c.month, c.amount FROM social.contributions c"
                        + " JOIN registry.enterprises e ON c.employer_uscc = e.uscc",
                "CREATE TABLE by_employer AS SELECT employer_uscc, count(*) AS months, sum(amount) AS total"
                        + " FROM employer_contributions GROUP BY employer_uscc"));
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("metrics").path("cpuSeconds").asDouble()).isPositive();
        assertThat(job.path("metrics").path("peakMemoryBytes").asLong()).isGreaterThan(50L << 20);
        assertThat(job.path("metrics").path("wallMillis").asLong()).isPositive();
        assertThat(job.path("metrics").path("storageBytes").asLong()).isPositive();

        List<Map<String, String>> joined = rows(preview("employer_contributions", 50));
        assertThat(joined).hasSize(50);
        for (Map<String, String> row : joined) {
            assertThat(row.get("person_id_number")).as("grade 4: nullified").isNull();
            assertThat(row.get("legal_rep_id_number")).as("grade 4: nullified").isNull();
            assertThat(row.get("person_name")).as("direct identifier grade 3: hashed").matches("[0-9a-f]{64}");
            assertThat(row.get("phone")).as("contact grade 3: partial").matches("[*xX]+\\d{4}").doesNotStartWith("138");
            assertThat(row.get("employer")).startsWith("Ningbo Demo Enterprise");
        }
        // Consent (R-21b): exactly the employers of consenting persons appear, six months each.
        List<Map<String, String>> employers = rows(preview("by_employer", 100));
        Set<String> seen = new HashSet<>();
        employers.forEach(r -> {
            seen.add(r.get("employer_uscc"));
            assertThat(r.get("months")).isEqualTo("6");
        });
        assertThat(seen).isEqualTo(consentingEmployers());

        JsonNode workspace = ok(api.get("engineer", "/api/v1/workspaces/" + grant)).json();
        assertThat(workspace.path("usage").path("jobs").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(workspace.path("usage").path("cpuSeconds").asDouble()).isPositive();
        assertThat(workspace.path("usage").path("storageBytes").asLong()).isPositive();
        List<String> actions = jdbc.sql("SELECT action FROM audit_log WHERE subject_type = 'job' AND detail LIKE ? ORDER BY seq")
                .param("workspace " + grant + ";%").query(String.class).list();
        assertThat(actions).contains("job.submit", "job.succeeded", "workspace.preview-request", "workspace.preview.succeeded");
        String log = ok(api.get("engineer", "/api/v1/jobs/" + job.path("id").asString() + "/log")).text();
        assertThat(log).isNotEmpty().doesNotContain(DemoData.idNumber(1)).doesNotContain(DemoData.idNumber(0));
        assertThat(api.get("engineer2", "/api/v1/jobs/" + job.path("id").asString()).status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    @Tag("R-24b")
    @Tag("R-21b")
    void maskedValuesAndRowFiltersCannotBeBypassed() {
        String raw = DemoData.idNumber(1); // a consenting person's real ID-card number
        String c = "social.contributions";
        JsonNode job = run(spec("bypass-attempts",
                "CREATE TEMPORARY VIEW raw_view AS SELECT person_id_number, person_name FROM " + c,
                "CREATE TABLE leaks AS SELECT attack, count(*) AS n, min(v) AS min_v, max(v) AS max_v,"
                        // A raw ID-card number: 3302 + 13 digits + a check character. (A 64-hex hash of a masked value can
                        // contain "3302" by chance, so the substring alone is no evidence of a leak.)
                        + " sum(CASE WHEN v RLIKE '3302[0-9]{13}[0-9X]' AND NOT v RLIKE '^[0-9a-f]{64}$' THEN 1 ELSE 0 END) AS raw_hits,"
                        + " sum(CASE WHEN v RLIKE '^[0-9a-f]{64}$' THEN 1 ELSE 0 END) AS hashed FROM ("
                        + " SELECT 'cast' AS attack, CAST(person_id_number AS STRING) AS v FROM " + c
                        + " UNION ALL SELECT 'function', concat('x', upper(person_id_number), substring(person_id_number, 1, 18)) FROM " + c
                        + " UNION ALL SELECT 'subquery', (SELECT max(person_id_number) FROM " + c + ")"
                        + " UNION ALL SELECT 'cte', v FROM (WITH t AS (SELECT person_id_number AS v FROM " + c + ") SELECT v FROM t)"
                        + " UNION ALL SELECT 'view', person_id_number FROM raw_view"
                        + " UNION ALL SELECT 'star', s.person_id_number FROM (SELECT * FROM " + c + ") s"
                        + " UNION ALL SELECT 'join-condition', CAST(count(*) AS STRING) FROM " + c + " x JOIN (SELECT '" + raw
                        + "' AS k) k ON x.person_id_number = k.k"
                        + " UNION ALL SELECT 'where', CAST(count(*) AS STRING) FROM " + c + " WHERE person_id_number = '" + raw + "'"
                        + " UNION ALL SELECT 'where-prefix', CAST(count(*) AS STRING) FROM " + c + " WHERE person_id_number LIKE '3302%'"
                        + " UNION ALL SELECT 'group-by', person_id_number FROM " + c + " GROUP BY person_id_number"
                        + " UNION ALL SELECT 'hash-of-name', person_name FROM raw_view) GROUP BY attack",
                "CREATE TABLE row_counts AS"
                        + " SELECT 'plain' AS path, count(*) AS n FROM " + c
                        + " UNION ALL SELECT 'subquery', count(*) FROM (SELECT * FROM " + c + " WHERE 1 = 1) s"
                        + " UNION ALL SELECT 'join', count(*) FROM " + c + " x JOIN registry.enterprises e ON x.employer_uscc = e.uscc"
                        + " UNION ALL SELECT 'in-subquery', count(*) FROM registry.enterprises e WHERE e.uscc IN"
                        + " (SELECT employer_uscc FROM " + c + ")"));
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        List<Map<String, String>> leaks = rows(preview("leaks", 100));
        Map<String, Map<String, String>> byAttack = new LinkedHashMap<>();
        leaks.forEach(r -> byAttack.put(r.get("attack"), r));
        assertThat(byAttack.keySet()).containsExactlyInAnyOrder("cast", "function", "subquery", "cte", "view", "star", "join-condition",
                "where", "where-prefix", "group-by", "hash-of-name");
        byAttack.forEach((attack, row) -> {
            assertThat(row.get("raw_hits")).as(attack + ": no raw ID-card number").isEqualTo("0");
            assertThat(row.get("min_v") == null ? "" : row.get("min_v")).as(attack).doesNotContain(raw);
            assertThat(row.get("max_v") == null ? "" : row.get("max_v")).as(attack).doesNotContain(raw);
        });
        for (String filtered : List.of("where", "where-prefix", "join-condition")) {
            assertThat(byAttack.get(filtered).get("max_v")).as(filtered + ": the filter sees only the masked value").isEqualTo("0");
        }
        assertThat(byAttack.get("hash-of-name").get("hashed")).as("every name is hashed").isEqualTo(byAttack.get("hash-of-name").get("n"));
        int consenting = (int) java.util.stream.IntStream.range(0, DemoData.PERSONS).filter(DemoData::consented).count();
        for (Map<String, String> row : rows(preview("row_counts", 10))) {
            long expected = row.get("path").equals("in-subquery") ? consentingEmployers().size() : consenting * 6L;
            assertThat(Long.parseLong(row.get("n"))).as(row.get("path")).isEqualTo(expected);
        }
    }

    @Test
    @Order(3)
    @Tag("R-19a")
    @Tag("R-24b")
    void everyPathOutIsRefusedWithAReasonAndAnAuditRecord() throws Exception {
        // Another workspace with a table of its own, and files outside this workspace.
        String other = fx.activeGrant("other operator " + fx.unique("s"), List.of(ENTERPRISES));
        JsonNode made = await(submit(other, spec("other-table", "CREATE TABLE secret AS SELECT uscc, name FROM registry.enterprises")));
        assertThat(made.path("state").asString()).as(made.toString()).isEqualTo("SUCCEEDED");
        Path otherWarehouse = provisioner.layout(other).warehouse();
        Path outside = Files.createTempDirectory("shuyu-outside");
        String ownDb = org.shuyu.controller.workspace.Workspace.databaseFor(grant);
        String otherDb = org.shuyu.controller.workspace.Workspace.databaseFor(other);

        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("dataset not in the grant", "SELECT * FROM tax.payments");
        attacks.put("prohibited dataset", "SELECT * FROM police.household_registry");
        attacks.put("another workspace's table", "SELECT * FROM " + otherDb + ".secret");
        attacks.put("another workspace's files", "SELECT * FROM parquet.`" + otherWarehouse + "`");
        attacks.put("insert overwrite directory", "INSERT OVERWRITE DIRECTORY '" + outside + "/dir' USING parquet SELECT * FROM registry.enterprises");
        attacks.put("create table location outside", "CREATE TABLE " + ownDb + ".escape USING csv LOCATION '" + outside
                + "/csv' AS SELECT * FROM registry.enterprises");
        attacks.put("write json outside", "CREATE TABLE escape_json USING json LOCATION 'file://" + outside
                + "/json' AS SELECT uscc FROM registry.enterprises");
        attacks.put("overwrite the job records", "INSERT OVERWRITE DIRECTORY '" + provisioner.layout(grant).jobs()
                + "/forged' USING json SELECT 'SUCCEEDED' AS state");
        attacks.put("read a file path", "SELECT * FROM csv.`" + outside + "`");
        attacks.put("set excluded rules", "SET spark.sql.optimizer.excludedRules=org.apache.spark.sql.catalyst.optimizer.PushDownPredicates");
        attacks.put("set extensions", "SET spark.sql.extensions=org.example.Nothing");
        attacks.put("claim another user", "SET spark.shuyu.user=admin");
        attacks.put("reset", "RESET");
        Map<String, String> jobs = new LinkedHashMap<>();
        attacks.forEach((name, sql) -> jobs.put(name, submit(grant, spec("attack", sql))));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> entry : jobs.entrySet()) {
            JsonNode job = await(entry.getValue());
            if (!job.path("state").asString().equals("REFUSED") || job.path("message").asString().isBlank()) {
                wrong.add(entry.getKey() + ": " + job);
            }
            // Neither the reason nor the log may show data: no ID-card number of any subject (consent filters name them).
            String log = ok(api.get("engineer", "/api/v1/jobs/" + entry.getValue() + "/log")).text();
            if (job.toString().contains(DemoData.idNumber(1)) || log.contains(DemoData.idNumber(1)) || log.contains(DemoData.idNumber(2))) {
                wrong.add(entry.getKey() + ": a subject's ID-card number appears in the job's reason or log");
            }
            long audited = jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND action = 'job.refused' AND outcome = 'REFUSED'")
                    .param(entry.getValue()).query(Long.class).single();
            if (audited != 1) {
                wrong.add(entry.getKey() + ": " + audited + " refusal records");
            }
        }
        assertThat(wrong).isEmpty();
        try (var files = Files.walk(outside)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("nothing was written outside").isEmpty();
        }

        // A job claiming settings or another user is refused before it runs.
        Map<String, Object> withConf = spec("claims", "SELECT 1");
        withConf.put("conf", Map.of("spark.shuyu.user", "admin"));
        Api.Response claim = api.post("engineer", "/api/v1/workspaces/" + grant + "/jobs", withConf);
        assertThat(claim.status()).isEqualTo(400);
        assertThat(claim.code()).isEqualTo("INVALID_JOB_SPEC");
        Map<String, Object> withUser = spec("claims", "SELECT 1");
        withUser.put("user", "admin");
        assertThat(api.post("engineer", "/api/v1/workspaces/" + grant + "/jobs", withUser).code()).isEqualTo("INVALID_JOB_SPEC");
        // A non-member cannot submit into the workspace at all, and is not told that it exists.
        Api.Response stranger = api.post("engineer2", "/api/v1/workspaces/" + grant + "/jobs", spec("stranger", "SELECT 1"));
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.code()).isEqualTo("NOT_FOUND");
    }

    @Test
    @Order(4)
    @Tag("R-09b")
    void aMemberCancelsARunningJobAndOthersCannot() {
        String[] steps = new String[20];
        java.util.Arrays.fill(steps, "SELECT count(*) FROM registry.enterprises e CROSS JOIN range(0, 100000) r");
        String jobId = submit(grant, spec("to-cancel", steps));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline
                && !ok(api.get("engineer", "/api/v1/jobs/" + jobId + "/log")).text().contains(" step 1/")) {
            sleep(100);
        }
        assertThat(api.delete("engineer2", "/api/v1/jobs/" + jobId).status()).as("not a member: not found").isEqualTo(404);
        assertThat(api.delete("security", "/api/v1/jobs/" + jobId).status()).as("supervisors read, members act").isEqualTo(403);
        JsonNode cancelled = ok(api.delete("engineer", "/api/v1/jobs/" + jobId)).json();
        assertThat(cancelled.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("message").asString()).contains("cancelled by engineer");
        Api.Response again = api.delete("engineer", "/api/v1/jobs/" + jobId);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("JOB_ALREADY_FINISHED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND action = 'job.cancelled'").param(jobId)
                .query(Long.class).single()).isEqualTo(1L);
        // The runtime's credential died with the job: its process is gone and nothing records a later end.
        sleep(2_000);
        assertThat(ok(api.get("engineer", "/api/v1/jobs/" + jobId)).json().path("state").asString()).isEqualTo("CANCELLED");
    }

    @Test
    @Order(4)
    @Tag("R-19a")
    @Tag("R-24d")
    void aFailedStatementsAuditRecordCarriesItsCodeAndStepNeverTheRuntimesText() {
        String sentinel = "SENTINEL" + "7Q4Z" + "9031";
        JsonNode job = run(spec("fails", "SELECT 1", "SELECT CAST('" + sentinel + "' AS INT) AS n"));
        assertThat(job.path("state").asString()).as(job.toString()).isIn("FAILED", "REFUSED");
        List<String> details = jdbc.sql("SELECT detail FROM audit_log WHERE subject_id = ? ORDER BY seq").param(job.path("id").asString())
                .query(String.class).list();
        assertThat(details).hasSize(2);
        assertThat(details.get(1)).contains(job.path("state").asString() + " " + job.path("code").asString() + " at step 2");
        assertThat(String.join("\n", details)).doesNotContain(sentinel).doesNotContain("7Q4Z");
        assertThat(job.path("message").asString().length()).isLessThanOrEqualTo(Job.MAX_MESSAGE);
    }

    @Test
    @Order(5)
    @Tag("R-19a")
    @Tag("R-17b")
    void suspensionStopsARunningJobWithinASecondAndClosedGrantsRunNothing() {
        String[] steps = new String[50];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = "SELECT count(*) FROM social.contributions c CROSS JOIN range(0, 20000) r WHERE c.month >= '2025-0" + (i % 9) + "'";
        }
        String jobId = submit(grant, spec("long-running", steps));
        // Wait until the job is inside its statements: step 3 started (policies loaded, data read twice).
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = ok(api.get("engineer", "/api/v1/jobs/" + jobId)).json();
            assertThat(job.path("state").asString()).as(job.toString()).isIn("QUEUED", "RUNNING");
            if (ok(api.get("engineer", "/api/v1/jobs/" + jobId + "/log")).text().contains(" step 3/")) {
                break;
            }
            sleep(100);
        }
        ProcessHandle runtime = ProcessHandle.of(jdbc.sql("SELECT pid FROM jobs WHERE id = ?").param(jobId).query(Long.class).single())
                .orElseThrow();
        assertThat(runtime.isAlive()).isTrue();
        long suspendedNanos = System.nanoTime();
        fx.suspend(grant);
        // The decision's time as the controller recorded it (its clock is the test's), against the job's recorded end.
        java.time.Instant decidedAt = jdbc.sql("SELECT at FROM audit_log WHERE subject_id = ? AND action = 'grant.suspend'"
                + " ORDER BY seq DESC LIMIT 1").param(grant).query(java.time.OffsetDateTime.class).single().toInstant();
        while (runtime.isAlive() && System.nanoTime() - suspendedNanos < Duration.ofSeconds(10).toNanos()) {
            sleep(10);
        }
        long killedMillis = (System.nanoTime() - suspendedNanos) / 1_000_000;
        JsonNode job = await(jobId);
        // The controller cancels the job at the decision (CANCELLED ACCESS_CLOSED); the runtime's own revocation watch
        // may win the race and refuse the running statement (REFUSED ACCESS_REVOKED). Either way within 1.5 s.
        String state = job.path("state").asString();
        assertThat(state).as(job.toString()).isIn("CANCELLED", "REFUSED");
        if (state.equals("CANCELLED")) {
            assertThat(job.path("code").asString()).as(job.toString()).isEqualTo(JobCancellations.ACCESS_CLOSED);
            assertThat(jdbc.sql("SELECT detail FROM audit_log WHERE subject_id = ? AND action = 'job.cancelled'").param(jobId)
                    .query(String.class).single()).startsWith("workspace " + grant + "; CANCELLED ACCESS_CLOSED");
        } else {
            assertThat(job.path("code").asString()).as(job.toString()).isEqualTo("ACCESS_REVOKED");
        }
        long recordedMillis = Duration.between(decidedAt, java.time.Instant.parse(job.path("finishedAt").asString())).toMillis();
        System.out.println("suspension to the job's recorded end: " + recordedMillis + " ms; to its runtime's death (wall, from the"
                + " request): " + killedMillis + " ms");
        assertThat(recordedMillis).as("the job ends within 1.5 s of the decision").isLessThan(1_500);
        assertThat(runtime.isAlive()).as("the runtime's process is gone").isFalse();
        assertThat(killedMillis).as("the runtime dies within 1.5 s of the suspension request").isLessThan(1_500);

        Api.Response afterSuspension = api.post("engineer", "/api/v1/workspaces/" + grant + "/jobs", spec("after", "SELECT 1"));
        assertThat(afterSuspension.code()).isEqualTo("GRANT_NOT_ACTIVE");
        Api.Response previewAfter = api.get("engineer", "/api/v1/workspaces/" + grant + "/tables/leaks/preview");
        assertThat(previewAfter.code()).isEqualTo("GRANT_NOT_ACTIVE");

        fx.end(grant, "REVOKE");
        reconciler.runOnce();
        Api.Response afterRevocation = api.post("engineer", "/api/v1/workspaces/" + grant + "/jobs", spec("after", "SELECT 1"));
        // An ended grant has no current members: its engineer now gets the stranger's answer, as for the grant itself.
        assertThat(afterRevocation.code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("engineer", "/api/v1/grants/" + grant).status()).isEqualTo(404);
    }

    @Test
    @Order(6)
    @Tag("R-19a")
    void anExpiredGrantRunsNoJob() {
        String expiring = fx.activeGrant("expiring " + fx.unique("s"), List.of(ENTERPRISES));
        reconciler.runOnce();
        clock.advance(Duration.ofDays(367));
        try {
            scheduler.runOnce();
        } finally {
            clock.reset();
        }
        assertThat(ok(api.get("admin", "/api/v1/grants/" + expiring)).json().path("state").asString()).isEqualTo("EXPIRED");
        Api.Response refused = api.post("engineer", "/api/v1/workspaces/" + expiring + "/jobs", spec("after", "SELECT 1"));
        // Expiry ends the membership: the former member gets the stranger's answer (the gate itself is unchanged).
        assertThat(refused.code()).isEqualTo("NOT_FOUND");
    }
}
