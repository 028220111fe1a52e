package org.shuyu.controller.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.Jobs.spec;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.Jobs;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.workspace.Workspace;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * End to end (issue 4, R-24c): real jobs in their own JVMs report each statement's lineage before it runs; the
 * controller stores it with who, when and under which grant; supervisors and members query it up and down to
 * column level with grades propagated; a statement that fails after its START leaves its output quarantined, which
 * the workspace's policies then refuse to read until it is dropped or created again.
 */
@PlatformTest
@Tag("R-24c")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LineageFlowTest {
    private static final String CONTRIBUTIONS = "social.contributions";
    private static final String ENTERPRISES = "registry.enterprises";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    LifecycleFixture fx;
    String grant;
    String db;
    String jobId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    @BeforeAll
    void grantWithWorkspace() {
        setUp();
        grant = fx.activeGrant("lineage of employer contributions " + fx.unique("s"), List.of(CONTRIBUTIONS, ENTERPRISES));
        db = Workspace.databaseFor(grant);
    }

    @Test
    @Order(1)
    void aJobsLineageIsStoredPerStatementWithWhoAndUnderWhichGrant() {
        JsonNode job = run(spec("employer-features",
                "CREATE TABLE joined AS SELECT c.person_id_number, c.person_name, c.employer_uscc, e.name AS employer,"
                        + " c.amount FROM social.contributions c JOIN registry.enterprises e ON c.employer_uscc = e.uscc",
                "CREATE VIEW recent AS SELECT employer_uscc, employer, amount, upper(person_name) AS who FROM joined",
                "CREATE TABLE features AS SELECT employer_uscc, count(*) AS months, sum(amount) AS total FROM recent"
                        + " GROUP BY employer_uscc"));
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        jobId = job.path("id").asString();

        JsonNode processes = ok(api.get("engineer", "/api/v1/jobs/" + jobId + "/lineage")).json();
        assertThat(processes).hasSize(3);
        for (JsonNode p : processes) {
            assertThat(p.path("state").asString()).isEqualTo("COMPLETED");
            assertThat(p.path("user").asString()).isEqualTo("engineer");
            assertThat(p.path("grant").asString()).isEqualTo(grant);
            assertThat(p.path("workspace").asString()).isEqualTo(grant);
        }
        assertThat(strings(processes.get(0).path("inputs"))).containsExactlyInAnyOrder(CONTRIBUTIONS, ENTERPRISES);
        assertThat(processes.get(0).path("outputs").get(0).path("dataset").asString()).isEqualTo(db + ".joined");
        assertThat(processes.get(1).path("statement").asString()).isEqualTo("CREATE_VIEW");
        assertThat(strings(processes.get(2).path("inputs"))).containsExactly(db + ".recent");
    }

    @Test
    @Order(2)
    void upstreamOfATableReachesTheSourcesThroughTheViewAtAnyDepth() {
        JsonNode answer = ok(api.get("security", "/api/v1/lineage?dataset=" + db + ".features&direction=upstream")).json();
        assertThat(depths(answer.path("datasets"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                db + ".features", 0, db + ".recent", 1, db + ".joined", 2, CONTRIBUTIONS, 3, ENTERPRISES, 3));
        assertThat(answer.path("truncated").asBoolean()).isFalse();
        Set<String> processIds = new TreeSet<>();
        answer.path("edges").forEach(e -> processIds.add(e.path("process").asString()));
        assertThat(processIds).containsExactly(jobId + "#1", jobId + "#2", jobId + "#3");
        answer.path("processes").forEach(p -> assertThat(p.path("organization").asString()).isNotBlank());

        JsonNode shallow = ok(api.get("security", "/api/v1/lineage?dataset=" + db + ".features&direction=upstream&depth=2")).json();
        assertThat(depths(shallow.path("datasets")).keySet()).containsExactlyInAnyOrder(db + ".features", db + ".recent", db + ".joined");
    }

    @Test
    @Order(3)
    void everythingDerivedFromADatasetInOneCall() {
        JsonNode answer = ok(api.get("security", "/api/v1/lineage?dataset=" + CONTRIBUTIONS + "&direction=downstream")).json();
        assertThat(depths(answer.path("datasets"))).containsAllEntriesOf(Map.of(
                CONTRIBUTIONS, 0, db + ".joined", 1, db + ".recent", 2, db + ".features", 3));
    }

    @Test
    @Order(4)
    @Tag("R-24c")
    void columnLineageCarriesKindsAndGradesPropagateAlongCopiesOnly() {
        // total = sum(amount) over the view over the copy of contributions.amount (health/social, grade 3).
        JsonNode total = ok(api.get("security", "/api/v1/lineage?column=" + db + ".features.total&direction=upstream")).json();
        Map<String, String> kinds = edgeKinds(total.path("edges"));
        assertThat(kinds).containsEntry(db + ".recent.amount -> " + db + ".features.total", "AGGREGATION");
        assertThat(kinds).containsEntry(db + ".joined.amount -> " + db + ".recent.amount", "IDENTITY");
        assertThat(kinds).containsEntry(CONTRIBUTIONS + ".amount -> " + db + ".joined.amount", "IDENTITY");
        assertThat(kinds).containsEntry(db + ".recent.employer_uscc -> " + db + ".features.total", "GROUP_BY");

        Map<String, JsonNode> columns = columns(total.path("columns"));
        assertThat(columns.get(CONTRIBUTIONS + ".amount").path("grade").asInt()).isEqualTo(3);
        assertThat(columns.get(CONTRIBUTIONS + ".amount").path("sensitivityOrigin").asString()).isEqualTo("CATALOG");
        // A copy keeps the grade and classification; the aggregate does not inherit it.
        assertThat(columns.get(db + ".joined.amount").path("grade").asInt()).isEqualTo(3);
        assertThat(columns.get(db + ".joined.amount").path("classification").asString()).isEqualTo("HEALTH_SOCIAL");
        assertThat(columns.get(db + ".joined.amount").path("sensitivityOrigin").asString()).isEqualTo("INHERITED");
        assertThat(absent(columns.get(db + ".features.total").path("grade"))).isTrue();
        assertThat(columns.get(db + ".features.total").path("sensitivityOrigin").asString()).isEqualTo("NONE");

        // The masked identifiers: grade 4 nulled, grade 3 hashed: MASKED, and nothing inherited.
        JsonNode id = ok(api.get("security", "/api/v1/lineage?column=" + db + ".joined.person_id_number&direction=upstream")).json();
        assertThat(edgeKinds(id.path("edges"))).containsEntry(CONTRIBUTIONS + ".person_id_number -> " + db + ".joined.person_id_number", "MASKED");
        assertThat(absent(columns(id.path("columns")).get(db + ".joined.person_id_number").path("grade"))).isTrue();
        // upper() of the stored (hashed) name is a transformation of a column that inherited nothing: still nothing.
        JsonNode who = ok(api.get("security", "/api/v1/lineage?dataset=" + db + ".recent&column=who&direction=upstream")).json();
        assertThat(edgeKinds(who.path("edges")))
                .containsEntry(db + ".joined.person_name -> " + db + ".recent.who", "TRANSFORMATION")
                .containsEntry(CONTRIBUTIONS + ".person_name -> " + db + ".joined.person_name", "MASKED")
                .containsEntry(CONTRIBUTIONS + ".employer_uscc -> " + db + ".joined.person_name", "JOIN");
        assertThat(absent(columns(who.path("columns")).get(db + ".recent.who").path("grade"))).isTrue();
        assertThat(columns(who.path("columns")).get(CONTRIBUTIONS + ".person_name").path("classification").asString())
                .isEqualTo("DIRECT_IDENTIFIER");
    }

    @Test
    @Order(5)
    void membersSeeTheirOwnWorkspaceOnlyAndThePictureOpens() {
        assertThat(api.get("engineer", "/api/v1/lineage?dataset=" + db + ".features&direction=upstream").status()).isEqualTo(200);
        Api.Response stranger = api.get("engineer2", "/api/v1/lineage?dataset=" + db + ".features");
        assertThat(stranger.status()).as(stranger.toString()).isEqualTo(404);
        Api.Response svg = api.get("security", "/api/v1/lineage/graph.svg?dataset=" + db + ".features&direction=upstream");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.contentType()).startsWith("image/svg+xml");
        assertThat(svg.text()).contains("<svg", db + ".joined", CONTRIBUTIONS);
        assertThat(api.get("security", "/api/v1/lineage?dataset=" + db + ".features&direction=sideways").code())
                .isEqualTo("INVALID_LINEAGE_QUERY");
        assertThat(api.get("security", "/api/v1/lineage?dataset=" + db + ".features&depth=0").code()).isEqualTo("INVALID_LINEAGE_QUERY");
        assertThat(api.get("security", "/api/v1/lineage").code()).isEqualTo("INVALID_LINEAGE_QUERY");
    }

    @Test
    @Order(6)
    void aPreviewIsAReadThatIsRecordedToo() {
        Api.Response preview = api.getSlow("engineer", "/api/v1/workspaces/" + grant + "/tables/features/preview?limit=5");
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        String previewJob = preview.json().path("jobId").asString();
        JsonNode processes = ok(api.get("security", "/api/v1/jobs/" + previewJob + "/lineage")).json();
        assertThat(processes).hasSize(1);
        assertThat(processes.get(0).path("statement").asString()).isEqualTo("PREVIEW");
        assertThat(processes.get(0).path("state").asString()).isEqualTo("COMPLETED");
        assertThat(strings(processes.get(0).path("inputs"))).containsExactly(db + ".features");
        assertThat(processes.get(0).path("outputs")).isEmpty();
    }

    @Test
    @Order(7)
    void aStatementThatFailsAfterItsLineageQuarantinesWhatItWroteUntilItIsDropped() {
        JsonNode made = run(spec("made", "CREATE TABLE counted AS SELECT uscc, 1 AS n FROM registry.enterprises"));
        assertThat(made.path("state").asString()).as(made.toString()).isEqualTo("SUCCEEDED");
        // Division by zero under ANSI fails while the INSERT runs, after its START was stored.
        JsonNode broken = run(spec("broken", "INSERT INTO counted SELECT uscc, 1 / (length(uscc) - length(uscc)) FROM registry.enterprises"));
        assertThat(broken.path("state").asString()).as(broken.toString()).isEqualTo("FAILED");

        JsonNode quarantine = ok(api.get("engineer", "/api/v1/workspaces/" + grant + "/quarantine")).json();
        assertThat(quarantine).hasSize(1);
        assertThat(quarantine.get(0).path("dataset").asString()).isEqualTo(db + ".counted");
        assertThat(quarantine.get(0).path("jobId").asString()).isEqualTo(broken.path("id").asString());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'lineage.quarantine' AND subject_id = ?")
                .param(broken.path("id").asString()).query(Long.class).single()).isEqualTo(1L);

        JsonNode read = run(spec("read", "CREATE TABLE reuse AS SELECT * FROM counted"));
        assertThat(read.path("state").asString()).as(read.toString()).isEqualTo("REFUSED");
        assertThat(read.path("code").asString()).isEqualTo("ACCESS_DENIED");

        JsonNode dropped = run(spec("drop", "DROP TABLE counted"));
        assertThat(dropped.path("state").asString()).as(dropped.toString()).isEqualTo("SUCCEEDED");
        assertThat(ok(api.get("engineer", "/api/v1/workspaces/" + grant + "/quarantine")).json()).isEmpty();
    }

    // --- helpers

    private JsonNode run(Map<String, Object> spec) {
        return Jobs.await(api, "engineer", Jobs.submit(api, "engineer", grant, spec));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static Map<String, Integer> depths(JsonNode datasets) {
        Map<String, Integer> out = new LinkedHashMap<>();
        datasets.forEach(d -> out.put(d.path("name").asString(), d.path("depth").asInt()));
        return out;
    }

    private static Map<String, String> edgeKinds(JsonNode edges) {
        Map<String, String> out = new LinkedHashMap<>();
        edges.forEach(e -> out.merge(e.path("source").asString() + " -> " + e.path("target").asString(),
                e.path("kind").asString(), (a, b) -> a + "," + b));
        return out;
    }

    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private static Map<String, JsonNode> columns(JsonNode columns) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        columns.forEach(c -> out.put(c.path("id").asString(), c));
        return out;
    }
}
