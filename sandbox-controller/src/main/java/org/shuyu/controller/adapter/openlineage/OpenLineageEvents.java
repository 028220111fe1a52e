package org.shuyu.controller.adapter.openlineage;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.Sensitivity;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import org.shuyu.lineage.store.DatasetInfo;
import org.shuyu.lineage.store.JobColumns;
import org.shuyu.lineage.store.ProcessRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds OpenLineage 2-0-2 run events (docs/openlineage.md) from a job's <em>stored</em> lineage: one job run = one
 * OpenLineage run whose runId is derived from the job id; inputs are the datasets its statements read, outputs the
 * datasets they wrote, each with the {@code schema}, {@code columnLineage} (several transformations per input field
 * when a column pair has edges of several kinds), {@code lifecycleStateChange} (CREATE, OVERWRITE, DROP) and the
 * platform's {@code shuyu_dataset} facet (kind, quarantine, classification and grade per column). Names, kinds,
 * codes and grades only: no SQL text, no runtime message, no data value ever enters an event.
 */
final class OpenLineageEvents {
    static final String SPEC = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    private static final String FACETS = "https://openlineage.io/spec/facets/";
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum EventType { START, COMPLETE, FAIL, ABORT }

    /** Who ran what where: the job record's names and ids (never its steps' text). */
    record RunSubject(String jobId, String jobKind, String jobName, String workspaceId, String database, Optional<String> grantId,
            String organizationId, String user) {
        RunSubject {
            requireNonNull(jobId, "jobId is null");
            requireNonNull(jobKind, "jobKind is null");
            requireNonNull(jobName, "jobName is null");
            requireNonNull(workspaceId, "workspaceId is null");
            requireNonNull(database, "database is null");
            requireNonNull(grantId, "grantId is null");
            requireNonNull(organizationId, "organizationId is null");
            requireNonNull(user, "user is null");
        }
    }

    /** How the run ended: the job's state and code and failed step (no message: it may quote data). */
    record RunEnd(String state, Optional<String> code, Optional<Integer> step) {
        RunEnd {
            requireNonNull(state, "state is null");
            requireNonNull(code, "code is null");
            requireNonNull(step, "step is null");
        }
    }

    private final String namespace;
    private final String producer;
    private final String facetSchemaUrl;

    OpenLineageEvents(String namespace, String producer, String facetSchemaUrl) {
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.producer = requireNonNull(producer, "producer is null");
        this.facetSchemaUrl = requireNonNull(facetSchemaUrl, "facetSchemaUrl is null");
    }

    /** The run's id: a name-based (version 3) UUID of the instance's namespace and the job id, the same on every replica. */
    UUID runId(String jobId) {
        return UUID.nameUUIDFromBytes(("shuyu-openlineage:" + namespace + ":" + jobId).getBytes(StandardCharsets.UTF_8));
    }

    String datasetNamespace() {
        return "shuyu://" + namespace;
    }

    /** The START of a run: job and run, no datasets yet (they are final only when the job settles). */
    String start(RunSubject subject, Instant at) {
        return JSON.writeValueAsString(event(EventType.START, subject, at, Optional.empty(), List.of(), List.of()));
    }

    /** The end of a run with everything the store holds for the job. */
    String end(EventType type, RunSubject subject, Instant at, RunEnd end, List<ProcessRecord> statements, JobColumns columns,
            Function<String, Optional<DatasetInfo>> datasets) {
        Map<String, Object> run = event(type, subject, at, Optional.of(end), inputs(statements, columns, datasets),
                outputs(statements, columns, datasets));
        @SuppressWarnings("unchecked")
        Map<String, Object> runFacets = (Map<String, Object>) ((Map<String, Object>) run.get("run")).get("facets");
        Map<String, Object> shuyuRun = (Map<String, Object>) runFacets.get("shuyu_run");
        List<Map<String, Object>> steps = new ArrayList<>();
        for (ProcessRecord record : statements) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", record.process().step());
            step.put("statement", record.process().statement().name());
            step.put("state", record.process().state().name());
            steps.add(step);
        }
        shuyuRun.put("statements", steps);
        return JSON.writeValueAsString(run);
    }

    private Map<String, Object> event(EventType type, RunSubject subject, Instant at, Optional<RunEnd> end,
            List<Map<String, Object>> inputs, List<Map<String, Object>> outputs) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventType", type.name());
        event.put("eventTime", at.toString());
        event.put("producer", producer);
        event.put("schemaURL", SPEC);
        Map<String, Object> runFacets = new LinkedHashMap<>();
        end.flatMap(RunEnd::code).ifPresent(code -> {
            Map<String, Object> error = facet(FACETS + "1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet");
            error.put("message", end.get().state() + " " + code + end.get().step().map(s -> " at step " + s).orElse(""));
            error.put("programmingLanguage", "JAVA");
            runFacets.put("errorMessage", error);
        });
        Map<String, Object> shuyuRun = facet(facetSchemaUrl + "#/$defs/ShuyuRunFacet");
        shuyuRun.put("jobId", subject.jobId());
        shuyuRun.put("jobKind", subject.jobKind());
        shuyuRun.put("workspace", subject.workspaceId());
        subject.grantId().ifPresent(g -> shuyuRun.put("grant", g));
        shuyuRun.put("organization", subject.organizationId());
        shuyuRun.put("user", subject.user());
        end.ifPresent(e -> {
            shuyuRun.put("state", e.state());
            e.code().ifPresent(c -> shuyuRun.put("code", c));
            e.step().ifPresent(s -> shuyuRun.put("failedStep", s));
        });
        runFacets.put("shuyu_run", shuyuRun);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("runId", runId(subject.jobId()).toString());
        run.put("facets", runFacets);
        event.put("run", run);
        Map<String, Object> jobType = facet(FACETS + "2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet");
        jobType.put("processingType", "BATCH");
        jobType.put("integration", "SHUYU");
        jobType.put("jobType", subject.jobKind());
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("namespace", namespace);
        job.put("name", jobName(subject));
        job.put("facets", new LinkedHashMap<>(Map.of("jobType", jobType)));
        event.put("job", job);
        event.put("inputs", inputs);
        event.put("outputs", outputs);
        return event;
    }

    /** {@code <workspace database>.<job name>}; a name outside the job-name pattern is replaced by the job's kind. */
    static String jobName(RunSubject subject) {
        String name = SAFE_NAME.matcher(subject.jobName()).matches() ? subject.jobName() : subject.jobKind().toLowerCase(Locale.ROOT);
        return subject.database().toLowerCase(Locale.ROOT) + "." + name;
    }

    private List<Map<String, Object>> inputs(List<ProcessRecord> statements, JobColumns columns,
            Function<String, Optional<DatasetInfo>> datasets) {
        Set<String> names = new LinkedHashSet<>();
        statements.forEach(s -> names.addAll(s.inputs()));
        Map<String, Map<String, Optional<Sensitivity>>> used = new LinkedHashMap<>();
        for (JobColumns.StepEdge edge : columns.edges()) {
            ColumnRef source = edge.edge().source();
            used.computeIfAbsent(source.dataset(), k -> new LinkedHashMap<>()).put(source.column(), edge.sourceSensitivity());
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (String name : names) {
            Map<String, Object> facets = new LinkedHashMap<>();
            facets.put("shuyu_dataset", datasetFacet(name, datasets.apply(name), used.getOrDefault(name, Map.of())));
            result.add(dataset(name, facets));
        }
        return result;
    }

    private List<Map<String, Object>> outputs(List<ProcessRecord> statements, JobColumns columns,
            Function<String, Optional<DatasetInfo>> datasets) {
        Map<String, WriteMode> lastMode = new LinkedHashMap<>();
        for (ProcessRecord record : statements) {
            record.outputs().forEach(o -> lastMode.put(o.dataset(), o.mode()));
        }
        Map<String, Map<String, Optional<Sensitivity>>> written = new LinkedHashMap<>();
        for (JobColumns.StepColumn column : columns.written()) {
            written.computeIfAbsent(column.column().dataset(), k -> new LinkedHashMap<>())
                    .merge(column.column().column(), column.sensitivity(), OpenLineageEvents::moreSensitive);
        }
        // target dataset -> target column -> source column -> kinds, in the store's order
        Map<String, Map<String, Map<ColumnRef, Set<TransformationKind>>>> lineage = new LinkedHashMap<>();
        for (JobColumns.StepEdge edge : columns.edges()) {
            ColumnRef target = edge.edge().target();
            lineage.computeIfAbsent(target.dataset(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(target.column(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(edge.edge().source(), k -> new LinkedHashSet<>()).add(edge.edge().kind());
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map.Entry<String, WriteMode> output : lastMode.entrySet()) {
            String name = output.getKey();
            Map<String, Object> facets = new LinkedHashMap<>();
            lifecycle(output.getValue()).ifPresent(change -> {
                Map<String, Object> facet = facet(FACETS + "1-0-1/LifecycleStateChangeDatasetFacet.json#/$defs/LifecycleStateChangeDatasetFacet");
                facet.put("lifecycleStateChange", change);
                facets.put("lifecycleStateChange", facet);
            });
            Map<String, Optional<Sensitivity>> fields = written.getOrDefault(name, Map.of());
            if (output.getValue() != WriteMode.DROP) {
                Map<String, Object> schema = facet(FACETS + "1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet");
                List<Map<String, Object>> schemaFields = new ArrayList<>();
                int position = 1;
                for (String field : fields.keySet()) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("name", field);
                    f.put("ordinal_position", position++);
                    schemaFields.add(f);
                }
                schema.put("fields", schemaFields);
                facets.put("schema", schema);
                facets.put("columnLineage", columnLineage(lineage.getOrDefault(name, Map.of())));
            }
            facets.put("shuyu_dataset", datasetFacet(name, datasets.apply(name), output.getValue() == WriteMode.DROP ? Map.of() : fields));
            result.add(dataset(name, facets));
        }
        return result;
    }

    private Map<String, Object> columnLineage(Map<String, Map<ColumnRef, Set<TransformationKind>>> targets) {
        Map<String, Object> facet = facet(FACETS + "1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet");
        Map<String, Object> fields = new LinkedHashMap<>();
        targets.forEach((target, sources) -> {
            List<Map<String, Object>> inputFields = new ArrayList<>();
            sources.forEach((source, kinds) -> {
                Map<String, Object> input = new LinkedHashMap<>();
                input.put("namespace", datasetNamespace());
                input.put("name", source.dataset());
                input.put("field", source.column());
                List<Map<String, Object>> transformations = new ArrayList<>();
                for (TransformationKind kind : kinds) {
                    OpenLineageKinds.Transformation t = OpenLineageKinds.of(kind);
                    Map<String, Object> transformation = new LinkedHashMap<>();
                    transformation.put("type", t.type());
                    transformation.put("subtype", t.subtype());
                    transformation.put("description", kind.name());
                    transformation.put("masking", t.masking());
                    transformations.add(transformation);
                }
                input.put("transformations", transformations);
                inputFields.add(input);
            });
            fields.put(target, Map.of("inputFields", inputFields));
        });
        facet.put("fields", fields);
        return facet;
    }

    private Map<String, Object> datasetFacet(String name, Optional<DatasetInfo> info, Map<String, Optional<Sensitivity>> columns) {
        Map<String, Object> facet = facet(facetSchemaUrl + "#/$defs/ShuyuDatasetFacet");
        facet.put("kind", info.map(DatasetInfo::kind).orElse(name.startsWith("ws_") ? DatasetKind.TABLE : DatasetKind.SOURCE).name());
        facet.put("quarantined", info.map(DatasetInfo::quarantined).orElse(false));
        facet.put("dropped", info.map(DatasetInfo::dropped).orElse(false));
        Map<String, Object> fields = new LinkedHashMap<>();
        columns.forEach((column, sensitivity) -> sensitivity.ifPresent(s -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("classification", s.classification().name());
            f.put("grade", s.grade());
            fields.put(column, f);
        }));
        facet.put("fields", fields);
        return facet;
    }

    private Map<String, Object> dataset(String name, Map<String, Object> facets) {
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("namespace", datasetNamespace());
        dataset.put("name", name);
        dataset.put("facets", facets);
        return dataset;
    }

    private Map<String, Object> facet(String schemaUrl) {
        Map<String, Object> facet = new LinkedHashMap<>();
        facet.put("_producer", producer);
        facet.put("_schemaURL", schemaUrl);
        return facet;
    }

    private static Optional<String> lifecycle(WriteMode mode) {
        return switch (mode) {
            case CREATE -> Optional.of("CREATE");
            case OVERWRITE -> Optional.of("OVERWRITE");
            case DROP -> Optional.of("DROP");
            case APPEND -> Optional.empty();
        };
    }

    private static Optional<Sensitivity> moreSensitive(Optional<Sensitivity> a, Optional<Sensitivity> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : Optional.of(a.get().max(b.get()));
    }
}
