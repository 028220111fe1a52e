package org.shuyu.controller.adapter.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.shuyu.controller.config.OpenLineageProperties;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.lineage.ColumnEdge;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import org.shuyu.policy.Classification;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events built from lineage stored by the real store (H2, the controller's migrations), validated against the
 * official OpenLineage schemas: one run per job with a stable runId, inputs and outputs, column lineage with every kind
 * of edge (several transformations for one input field), masks flagged, grades in the platform's facet, quarantined
 * outputs of a failed job, and no runtime message or SQL text in any event.
 */
@Tag("R-24c")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenLineageEventsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final String WS = "grant-ol1";
    private static final String DB = "ws_grant_ol1";
    private static final String CONTRIBUTIONS = "social.contributions";
    private static final String ENTERPRISES = "registry.enterprises";
    private static final String SENTINEL = "QjxwOLsecret00042Vz";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final AtomicInteger seconds = new AtomicInteger();
    private final OpenLineageSchemas schemas = new OpenLineageSchemas();
    private ExportDatabase db;
    private OpenLineageExport export;
    private final Workspace workspace = new Workspace(WS, Workspace.Kind.GRANT, "org-7", DB, Workspace.State.READY, T0,
            Optional.of(T0), Optional.empty(), Optional.empty(), 0);

    @BeforeAll
    void storeTwoJobs() {
        db = new ExportDatabase("openlineage_events", clock);
        export = new OpenLineageExport(OpenLineageConfiguration.events(properties()), db.outbox, db.store);
        Job features = job("job-ol1", "employer-features", 3);
        statement(features, 1, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(CONTRIBUTIONS, "person_name", "amount", "employer_uscc"), source(ENTERPRISES, "uscc", "name")),
                output("joined", WriteMode.CREATE, "who", "amount", "employer"),
                List.of(edge(CONTRIBUTIONS, "person_name", "joined", "who", TransformationKind.MASKED),
                        edge(CONTRIBUTIONS, "amount", "joined", "amount", TransformationKind.IDENTITY),
                        edge(ENTERPRISES, "name", "joined", "employer", TransformationKind.IDENTITY),
                        edge(CONTRIBUTIONS, "employer_uscc", "joined", "amount", TransformationKind.JOIN),
                        edge(ENTERPRISES, "uscc", "joined", "amount", TransformationKind.JOIN)),
                LineageProcess.State.COMPLETED);
        statement(features, 2, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(table("joined", "employer", "amount")), output("features", WriteMode.CREATE, "employer", "total"),
                List.of(edge(DB, "joined", "employer", "features", "employer", TransformationKind.IDENTITY),
                        edge(DB, "joined", "amount", "features", "total", TransformationKind.AGGREGATION),
                        edge(DB, "joined", "employer", "features", "total", TransformationKind.GROUP_BY)),
                LineageProcess.State.COMPLETED);
        // INSERT INTO features SELECT employer, length(employer) FROM joined WHERE amount > 0 ORDER BY employer
        statement(features, 3, StatementKind.INSERT,
                List.of(table("joined", "employer", "amount")), output("features", WriteMode.APPEND, "employer", "total"),
                List.of(edge(DB, "joined", "employer", "features", "employer", TransformationKind.IDENTITY),
                        edge(DB, "joined", "employer", "features", "total", TransformationKind.TRANSFORMATION),
                        edge(DB, "joined", "amount", "features", "total", TransformationKind.FILTER),
                        edge(DB, "joined", "employer", "features", "employer", TransformationKind.SORT)),
                LineageProcess.State.COMPLETED);
        settle(features, new JobLauncher.Outcome(JobState.SUCCEEDED, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()));

        Job failing = job("job-ol2", "cast-fail", 1);
        statement(failing, 1, StatementKind.CREATE_TABLE_AS_SELECT,
                List.of(source(CONTRIBUTIONS, "amount")), output("casted", WriteMode.CREATE, "amount"),
                List.of(edge(CONTRIBUTIONS, "amount", "casted", "amount", TransformationKind.TRANSFORMATION)), null);
        settle(failing, JobLauncher.Outcome.of(JobState.FAILED, "CAST_INVALID_INPUT",
                "[CAST_INVALID_INPUT] The value '" + SENTINEL + "' of the type STRING cannot be cast to INT"));

        Job refused = job("job-ol3", "refused", 1);
        settle(refused, JobLauncher.Outcome.of(JobState.REFUSED, "WORKSPACE_ACCESS_CLOSED", "access closed"));
    }

    @AfterAll
    void close() {
        db.close();
    }

    static OpenLineageProperties properties() {
        return new OpenLineageProperties(true, OpenLineageProperties.Transport.FILE,
                null, "/api/v1/lineage", "SHUYU_OPENLINEAGE_TOKEN", "target/x.ndjson", 1 << 20, "shuyu", "urn:shuyu:test",
                OpenLineageSchemas.SHUYU_FACETS_ID, Duration.ofSeconds(1), 100, Duration.ofSeconds(5),
                Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofDays(7), false);
    }

    private Job job(String id, String name, int steps) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            texts.add("SELECT '" + SENTINEL + "' AS s" + i);
        }
        return new Job(id, WS, Job.Kind.JOB, name, texts, "engineer", T0, JobState.RUNNING, Optional.of(T0), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private void statement(Job job, int step, StatementKind kind, List<InputDataset> inputs, OutputDataset output,
            List<ColumnEdge> edges, LineageProcess.State end) {
        Instant at = T0.plusSeconds(seconds.incrementAndGet());
        LineageProcess process = new LineageProcess(job.id(), step, kind, WS, WS, "org-7", "engineer", at, null,
                LineageProcess.State.RUNNING);
        LineageEvent start = LineageEvent.start(job.id(), step, at.toString(), kind, inputs, List.of(output), edges);
        Map<ColumnRef, Sensitivity> sources = new LinkedHashMap<>();
        for (InputDataset input : inputs) {
            if (input.kind() == DatasetKind.SOURCE) {
                input.columns().forEach(c -> sources.put(new ColumnRef(input.name(), c), sensitivity(c)));
            }
        }
        db.transactions.executeWithoutResult(t -> {
            db.store.recordStart(process, start, sources);
            if (step == 1) {
                export.started(job, workspace, at);
            }
        });
        if (end != null) {
            db.transactions.executeWithoutResult(t -> db.store.recordEnd(job.id(), step, end, at.plusMillis(500)));
        }
    }

    /** As LineageSettlement does: open statements fail (their outputs are quarantined), then the export. */
    private void settle(Job job, JobLauncher.Outcome outcome) {
        Instant at = T0.plusSeconds(seconds.incrementAndGet());
        db.transactions.executeWithoutResult(t -> {
            db.store.failOpenProcesses(job.id(), at, "job ended " + outcome.state());
            export.ended(job, workspace, outcome, at);
        });
    }

    private static Sensitivity sensitivity(String column) {
        return switch (column) {
            case "person_name" -> new Sensitivity(Classification.DIRECT_IDENTIFIER, 3);
            case "amount" -> new Sensitivity(Classification.HEALTH_SOCIAL, 3);
            case "employer_uscc", "uscc" -> new Sensitivity(Classification.BUSINESS, 1);
            default -> new Sensitivity(Classification.BUSINESS, 2);
        };
    }

    private static InputDataset source(String name, String... columns) {
        return new InputDataset(name, DatasetKind.SOURCE, List.of(columns));
    }

    private static InputDataset table(String name, String... columns) {
        return new InputDataset(DB + "." + name, DatasetKind.TABLE, List.of(columns));
    }

    private static OutputDataset output(String name, WriteMode mode, String... columns) {
        return new OutputDataset(DB + "." + name, DatasetKind.TABLE, mode, List.of(columns));
    }

    private static ColumnEdge edge(String source, String sourceColumn, String target, String targetColumn, TransformationKind kind) {
        return new ColumnEdge(new ColumnRef(source, sourceColumn), new ColumnRef(DB + "." + target, targetColumn), kind);
    }

    private static ColumnEdge edge(String db, String source, String sourceColumn, String target, String targetColumn,
            TransformationKind kind) {
        return new ColumnEdge(new ColumnRef(db + "." + source, sourceColumn), new ColumnRef(DB + "." + target, targetColumn), kind);
    }

    private List<JsonNode> events(String jobId) {
        return db.outbox.ofJob(jobId).stream().map(r -> JSON.readTree(r.payload())).toList();
    }

    private static JsonNode output(JsonNode event, String name) {
        for (JsonNode o : event.path("outputs")) {
            if (o.path("name").asString().equals(DB + "." + name)) {
                return o;
            }
        }
        throw new AssertionError("no output " + name + " in " + event);
    }

    /** input dataset.field -> the subtypes of its transformations (with "+masking" where masked), for one output field. */
    private static Map<String, List<String>> inputsOf(JsonNode output, String field) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (JsonNode input : output.path("facets").path("columnLineage").path("fields").path(field).path("inputFields")) {
            List<String> kinds = new ArrayList<>();
            for (JsonNode t : input.path("transformations")) {
                kinds.add(t.path("type").asString() + "/" + t.path("subtype").asString() + (t.path("masking").asBoolean() ? "+masking" : ""));
            }
            result.put(input.path("name").asString() + "." + input.path("field").asString(), kinds);
        }
        return result;
    }

    @Test
    void everyEventValidatesAgainstTheOpenLineageSchemas() {
        List<OpenLineageOutbox.Row> rows = new ArrayList<>();
        for (String job : List.of("job-ol1", "job-ol2", "job-ol3")) {
            rows.addAll(db.outbox.ofJob(job));
        }
        assertThat(rows).extracting(OpenLineageOutbox.Row::eventType)
                .containsExactly("START", "COMPLETE", "START", "FAIL", "FAIL");
        for (OpenLineageOutbox.Row row : rows) {
            assertThat(schemas.problems(row.payload())).as(row.eventType() + " of " + row.jobId() + ": " + row.payload()).isEmpty();
        }
    }

    @Test
    void theValidatorRefusesWhatTheSpecForbids() {
        String valid = db.outbox.ofJob("job-ol1").get(1).payload();
        assertThat(schemas.problems(valid.replaceFirst("\"runId\":\"[0-9a-f-]+\"", "\"runId\":\"job-ol1\""))).isNotEmpty();
        assertThat(schemas.problems(valid.replace("\"eventType\":\"COMPLETE\"", "\"eventType\":\"DONE\""))).isNotEmpty();
        assertThat(schemas.problems(valid.replaceFirst("\"grade\":3", "\"grade\":7"))).isNotEmpty();
        assertThat(schemas.problems(valid.replaceFirst("\"field\":\"[a-z_]+\",", ""))).isNotEmpty();
    }

    @Test
    void oneJobIsOneRunWithAStableIdAndItsWorkspacesJobName() {
        List<JsonNode> events = events("job-ol1");
        String runId = events.get(0).path("run").path("runId").asString();
        assertThat(events.get(1).path("run").path("runId").asString()).isEqualTo(runId);
        assertThat(UUID.fromString(runId)).isEqualTo(OpenLineageConfiguration.events(properties()).runId("job-ol1"));
        assertThat(events("job-ol2").get(0).path("run").path("runId").asString()).isNotEqualTo(runId);
        assertThat(events.get(1).path("job").path("namespace").asString()).isEqualTo("shuyu");
        assertThat(events.get(1).path("job").path("name").asString()).isEqualTo(DB + ".employer-features");
        assertThat(events.get(1).path("job").path("facets").path("jobType").path("jobType").asString()).isEqualTo("JOB");
        JsonNode run = events.get(1).path("run").path("facets").path("shuyu_run");
        assertThat(run.path("grant").asString()).isEqualTo(WS);
        assertThat(run.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.path("statements")).hasSize(3);
        assertThat(events.get(0).path("inputs")).isEmpty();
    }

    @Test
    void inputsAndOutputsAreTheStatementsDatasets() {
        JsonNode complete = events("job-ol1").get(1);
        List<String> inputs = new ArrayList<>();
        complete.path("inputs").forEach(i -> inputs.add(i.path("name").asString()));
        assertThat(inputs).containsExactlyInAnyOrder(CONTRIBUTIONS, ENTERPRISES, DB + ".joined");
        List<String> outputs = new ArrayList<>();
        complete.path("outputs").forEach(o -> outputs.add(o.path("name").asString()));
        assertThat(outputs).containsExactly(DB + ".joined", DB + ".features");
        complete.path("outputs").forEach(o -> assertThat(o.path("namespace").asString()).isEqualTo("shuyu://shuyu"));
        assertThat(output(complete, "joined").path("facets").path("lifecycleStateChange").path("lifecycleStateChange").asString())
                .isEqualTo("CREATE");
        List<String> schema = new ArrayList<>();
        output(complete, "joined").path("facets").path("schema").path("fields").forEach(f -> schema.add(f.path("name").asString()));
        assertThat(schema).containsExactlyInAnyOrder("who", "amount", "employer");
    }

    @Test
    @Tag("R-24c")
    void columnLineageCarriesEveryKindMasksAndSeveralTransformationsPerInputField() {
        JsonNode complete = events("job-ol1").get(1);
        JsonNode joined = output(complete, "joined");
        assertThat(inputsOf(joined, "who")).containsExactly(Map.entry(CONTRIBUTIONS + ".person_name", List.of("DIRECT/TRANSFORMATION+masking")));
        assertThat(inputsOf(joined, "amount")).containsOnly(
                Map.entry(CONTRIBUTIONS + ".amount", List.of("DIRECT/IDENTITY")),
                Map.entry(CONTRIBUTIONS + ".employer_uscc", List.of("INDIRECT/JOIN")),
                Map.entry(ENTERPRISES + ".uscc", List.of("INDIRECT/JOIN")));
        JsonNode features = output(complete, "features");
        assertThat(inputsOf(features, "total")).containsOnly(
                Map.entry(DB + ".joined.amount", List.of("DIRECT/AGGREGATION", "INDIRECT/FILTER")),
                Map.entry(DB + ".joined.employer", List.of("INDIRECT/GROUP_BY", "DIRECT/TRANSFORMATION")));
        // One statement's IDENTITY and SORT edges of one column pair: a store keyed by (statement, source, target) keeps
        // the strongest only; with the kind in the key (issue 19 item 6) both arrive, as two transformations.
        assertThat(inputsOf(features, "employer")).containsOnlyKeys(DB + ".joined.employer");
        assertThat(inputsOf(features, "employer").get(DB + ".joined.employer")).startsWith("DIRECT/IDENTITY")
                .isSubsetOf("DIRECT/IDENTITY", "INDIRECT/SORT");
    }

    @Test
    @Tag("R-24c")
    void gradesTravelInThePlatformsFacet() {
        JsonNode complete = events("job-ol1").get(1);
        JsonNode joined = output(complete, "joined").path("facets").path("shuyu_dataset");
        assertThat(joined.path("kind").asString()).isEqualTo("TABLE");
        assertThat(joined.path("quarantined").asBoolean()).isFalse();
        assertThat(joined.path("fields").path("amount").path("grade").asInt()).isEqualTo(3);
        assertThat(joined.path("fields").path("amount").path("classification").asString()).isEqualTo("HEALTH_SOCIAL");
        assertThat(joined.path("fields").has("who")).as("a masked column inherits no grade").isFalse();
        for (JsonNode input : complete.path("inputs")) {
            if (input.path("name").asString().equals(CONTRIBUTIONS)) {
                assertThat(input.path("facets").path("shuyu_dataset").path("kind").asString()).isEqualTo("SOURCE");
                assertThat(input.path("facets").path("shuyu_dataset").path("fields").path("person_name").path("grade").asInt())
                        .isEqualTo(3);
            }
        }
    }

    @Test
    void aFailedJobEmitsFailWithItsQuarantinedOutputsAndItsCodeOnly() {
        JsonNode fail = events("job-ol2").get(1);
        assertThat(fail.path("eventType").asString()).isEqualTo("FAIL");
        JsonNode casted = output(fail, "casted").path("facets").path("shuyu_dataset");
        assertThat(casted.path("quarantined").asBoolean()).isTrue();
        assertThat(fail.path("run").path("facets").path("errorMessage").path("message").asString())
                .isEqualTo("FAILED CAST_INVALID_INPUT");
        assertThat(fail.path("run").path("facets").path("shuyu_run").path("statements").get(0).path("state").asString())
                .isEqualTo("FAILED");

        JsonNode refused = events("job-ol3").get(0);
        assertThat(refused.path("eventType").asString()).isEqualTo("FAIL");
        assertThat(refused.path("inputs")).isEmpty();
        assertThat(refused.path("outputs")).isEmpty();
    }

    @Test
    @Tag("R-19a")
    void noEventCarriesTheRuntimesMessageOrTheStatementsText() {
        for (String job : List.of("job-ol1", "job-ol2", "job-ol3")) {
            for (OpenLineageOutbox.Row row : db.outbox.ofJob(job)) {
                assertThat(row.payload().toLowerCase(Locale.ROOT)).doesNotContain("qjxw").doesNotContain("olsecret");
                assertThat(row.payload()).doesNotContain("SELECT '").doesNotContain("cannot be cast");
            }
        }
    }

    @Test
    void everyKindHasItsOpenLineageTransformationAndDirectnessAgrees() {
        for (TransformationKind kind : TransformationKind.values()) {
            OpenLineageKinds.Transformation t = OpenLineageKinds.of(kind);
            assertThat(t.type()).as(kind.name()).isEqualTo(kind.direct() ? "DIRECT" : "INDIRECT");
            assertThat(t.masking()).as(kind.name()).isEqualTo(kind == TransformationKind.MASKED);
        }
    }
}
