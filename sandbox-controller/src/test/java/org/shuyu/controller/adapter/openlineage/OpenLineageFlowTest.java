package org.shuyu.controller.adapter.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.Jobs.spec;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end with real jobs in their own JVMs (the platform tests export to a file, support/PlatformTest): a job's
 * run is a START and a COMPLETE with its inputs, outputs and column lineage, a failing job's a START and a FAIL; every
 * event validates against the official OpenLineage schemas, reaches the file, and the status shows the delivery.
 */
@PlatformTest
@Tag("R-24c")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenLineageFlowTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path FILE = Path.of("target/openlineage/platform-events.ndjson");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api;
    String db;
    String succeeded;
    String failed;
    final OpenLineageSchemas schemas = new OpenLineageSchemas();

    @BeforeAll
    void twoJobs() {
        api = new Api(port);
        LifecycleFixture fx = new LifecycleFixture(api, jdbc, clock);
        String grant = fx.activeGrant("openlineage export " + fx.unique("s"), List.of("social.contributions", "registry.enterprises"));
        db = Workspace.databaseFor(grant);
        String good = Jobs.submit(api, "engineer", grant, spec("ol-features",
                "CREATE TABLE ol_joined AS SELECT c.amount, e.name AS employer FROM social.contributions c"
                        + " JOIN registry.enterprises e ON c.employer_uscc = e.uscc WHERE c.amount > 0",
                "CREATE TABLE ol_totals AS SELECT employer, sum(amount) AS total FROM ol_joined GROUP BY employer"));
        String bad = Jobs.submit(api, "engineer", grant, spec("ol-broken",
                "CREATE TABLE ol_first AS SELECT amount FROM social.contributions",
                "CREATE TABLE ol_second AS SELECT x FROM no_such_table"));
        JsonNode goodJob = Jobs.await(api, "engineer", good);
        assertThat(goodJob.path("state").asString()).as(goodJob.toString()).isEqualTo("SUCCEEDED");
        JsonNode badJob = Jobs.await(api, "engineer", bad);
        assertThat(badJob.path("state").asString()).as(badJob.toString()).isEqualTo("FAILED");
        succeeded = good;
        failed = bad;
    }

    private List<String> payloads(String jobId) {
        return jdbc.sql("SELECT payload FROM openlineage_outbox WHERE job_id = ? ORDER BY id").param(jobId).query(String.class).list();
    }

    private static Map<String, List<String>> inputs(JsonNode event, String output, String field) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (JsonNode o : event.path("outputs")) {
            if (o.path("name").asString().endsWith("." + output)) {
                for (JsonNode in : o.path("facets").path("columnLineage").path("fields").path(field).path("inputFields")) {
                    List<String> kinds = new ArrayList<>();
                    in.path("transformations").forEach(t -> kinds.add(t.path("subtype").asString()));
                    result.put(in.path("name").asString() + "." + in.path("field").asString(), kinds);
                }
            }
        }
        return result;
    }

    @Test
    void aJobIsOneRunWhoseEventsValidateAndCarryItsColumnLineage() {
        List<String> events = payloads(succeeded);
        assertThat(events).hasSize(2);
        for (String event : events) {
            assertThat(schemas.problems(event)).as(event).isEmpty();
        }
        JsonNode start = JSON.readTree(events.get(0));
        JsonNode complete = JSON.readTree(events.get(1));
        assertThat(start.path("eventType").asString()).isEqualTo("START");
        assertThat(complete.path("eventType").asString()).isEqualTo("COMPLETE");
        assertThat(complete.path("run").path("runId").asString()).isEqualTo(start.path("run").path("runId").asString());
        assertThat(complete.path("job").path("name").asString()).isEqualTo(db.toLowerCase(Locale.ROOT) + ".ol-features");
        assertThat(inputs(complete, "ol_totals", "total")).containsEntry(db.toLowerCase(Locale.ROOT) + ".ol_joined.amount",
                List.of("AGGREGATION"));
        assertThat(inputs(complete, "ol_totals", "total").get(db.toLowerCase(Locale.ROOT) + ".ol_joined.employer"))
                .contains("GROUP_BY");
        assertThat(inputs(complete, "ol_joined", "amount").get("social.contributions.amount")).contains("IDENTITY");
        assertThat(inputs(complete, "ol_joined", "amount").get("registry.enterprises.uscc")).contains("JOIN");
    }

    @Test
    void aFailedJobEndsItsRunWithFail() {
        List<String> events = payloads(failed);
        assertThat(events).isNotEmpty();
        JsonNode end = JSON.readTree(events.get(events.size() - 1));
        assertThat(end.path("eventType").asString()).isEqualTo("FAIL");
        assertThat(end.path("run").path("facets").path("shuyu_run").path("state").asString()).isEqualTo("FAILED");
        events.forEach(e -> assertThat(schemas.problems(e)).as(e).isEmpty());
    }

    @Test
    void theEventsReachTheFileAndTheStatusShowsTheDelivery() throws IOException, InterruptedException {
        String runId = JSON.readTree(payloads(succeeded).get(1)).path("run").path("runId").asString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long lines = 0;
        while (System.nanoTime() < deadline) {
            lines = Files.exists(FILE) ? Files.readAllLines(FILE, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains(runId)).count() : 0;
            if (lines == 2) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        assertThat(lines).as("START and COMPLETE of the run in " + FILE).isEqualTo(2);
        JsonNode status = ok(api.get("security", "/api/v1/lineage/openlineage")).json();
        assertThat(status.path("enabled").asBoolean()).isTrue();
        assertThat(status.path("target").asString()).startsWith("file ");
        assertThat(status.path("delivered").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(api.get("engineer", "/api/v1/lineage/openlineage").status()).isEqualTo(403);
    }
}
