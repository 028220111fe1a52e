package org.shuyu.controller.adapter.web;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobCancellations;
import org.shuyu.controller.job.JobQueries;
import org.shuyu.controller.job.JobSpec;
import org.shuyu.controller.job.JobStore;
import org.shuyu.controller.job.JobSubmission;
import org.shuyu.controller.job.TableRuns;
import org.shuyu.controller.lineage.LineageReads;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Workspaces, their jobs, result preview and metered use (R-19a, R-09b). */
@RestController
@RequestMapping("/api/v1")
class WorkspaceController {
    private static final Set<String> SPEC_FIELDS = Set.of("name", "description", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("sql");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final WorkspaceService workspaces;
    private final JobSubmission submission;
    private final TableRuns tableRuns;
    private final JobQueries jobs;
    private final JobCancellations cancellations;
    private final CurrentActor actor;
    private final JsonMapper json;
    private final LineageReads lineage;

    WorkspaceController(WorkspaceService workspaces, JobSubmission submission, TableRuns tableRuns, JobQueries jobs,
            JobCancellations cancellations, CurrentActor actor, JsonMapper json, LineageReads lineage) {
        this.lineage = lineage;
        this.workspaces = workspaces;
        this.submission = submission;
        this.tableRuns = tableRuns;
        this.jobs = jobs;
        this.cancellations = cancellations;
        this.actor = actor;
        this.json = json;
    }

    record UsageDto(long jobs, double cpuSeconds, long peakMemoryBytes, long wallMillis, long storageBytes) {}

    record WorkspaceDto(String id, String kind, String organizationId, String subjectState, String state, String access,
            String database, List<String> datasets, Set<String> members, Instant createdAt, Instant provisionedAt, Instant closedAt,
            Instant tornDownAt, UsageDto usage) {}

    record MetricsDto(double cpuSeconds, long peakMemoryBytes, long wallMillis, long storageBytes) {}

    record JobDto(String id, String workspaceId, String kind, String name, List<String> steps, String submittedBy, Instant submittedAt,
            String state, Instant startedAt, Instant finishedAt, String code, String message, Integer failedStep, MetricsDto metrics) {}

    /** A column of a preview: its name and Spark SQL type. */
    record PreviewColumnDto(String name, String type) {}

    /** The first rows of a table: values as text, null stays null. */
    record PreviewResultDto(List<PreviewColumnDto> columns, List<List<String>> rows) {}

    /** A result preview; {@code result} is the preview job's output, passed through as it was written. */
    record PreviewDto(String workspaceId, String table, String jobId, int limit,
            @JsonRawValue @Schema(implementation = PreviewResultDto.class) String result) {}

    /**
     * The documented shape of a job spec (the handler reads the text itself, JSON or YAML, see {@link #spec}); the
     * schema names are the contract's ({@code JobSubmission}, {@code JobStep}).
     */
    @Schema(name = "JobSubmission", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record JobSubmissionBody(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "1-100 of a-z 0-9 . _ -",
                    pattern = "^[a-z0-9][a-z0-9._-]{0,99}$") String name,
            @ArraySchema(minItems = 1, maxItems = JobSpec.MAX_STEPS, arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED))
            List<JobStepBody> steps) {}

    /** One step of a {@link JobSubmissionBody}: a Spark SQL statement. */
    @Schema(name = "JobStep", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record JobStepBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String sql) {}

    @Operation(operationId = "listWorkspaces", tags = "workspaces", summary = "List the workspaces")
    @GetMapping("/workspaces")
    List<WorkspaceDto> list() {
        return workspaces.list(actor.get()).stream().map(this::dto).toList();
    }

    @Operation(operationId = "getWorkspace", tags = "workspaces", summary = "Show a workspace")
    @GetMapping("/workspaces/{id}")
    WorkspaceDto get(@PathVariable String id) {
        return dto(workspaces.get(actor.get(), id));
    }

    @Operation(operationId = "listJobs", tags = "jobs", summary = "List a workspace's jobs")
    @GetMapping("/workspaces/{id}/jobs")
    List<JobDto> jobs(@PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
        return jobs.list(actor.get(), id, PageRequest.fetch(limit)).stream().map(WorkspaceController::dto).toList();
    }

    /** A job spec as JSON or YAML: {@code name}, {@code steps: [{sql: ...}]}. Nothing else is accepted. */
    @Operation(operationId = "submitJob", tags = "jobs", summary = "Submit a job (runs asynchronously)")
    @Created(value = "/api/v1/jobs/{body.id}", statuses = 202)
    @PostMapping(value = "/workspaces/{id}/jobs", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/yaml", "application/x-yaml"})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = JobSubmissionBody.class)),
            @Content(mediaType = "application/yaml", schema = @Schema(implementation = JobSubmissionBody.class))})
    ResponseEntity<JobDto> submit(@PathVariable String id, @RequestBody String body,
            @Parameter(hidden = true) @RequestHeader(value = "Content-Type", defaultValue = "application/json") String type) {
        JsonNode spec;
        try {
            spec = type.contains("yaml") ? YAML.readTree(body) : json.readTree(body);
        } catch (RuntimeException e) {
            throw new SandboxException(ErrorCode.MALFORMED_BODY, "the job spec is not valid " + (type.contains("yaml") ? "YAML" : "JSON"));
        }
        Job job = submission.submit(actor.get(), id, spec(spec));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(dto(job));
    }

    static JobSpec spec(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new SandboxException(ErrorCode.INVALID_JOB_SPEC, "a job spec is an object with a name and steps");
        }
        unknown(node, SPEC_FIELDS, "job spec");
        JsonNode steps = node.get("steps");
        if (steps == null || !steps.isArray()) {
            throw new SandboxException(ErrorCode.INVALID_JOB_SPEC, "steps must be a list of {sql: ...}");
        }
        List<String> sql = new ArrayList<>();
        for (JsonNode step : steps) {
            if (!step.isObject() || !step.path("sql").isString()) {
                throw new SandboxException(ErrorCode.INVALID_JOB_SPEC, "step " + (sql.size() + 1) + " must be {sql: \"...\"}");
            }
            unknown(step, STEP_FIELDS, "step " + (sql.size() + 1));
            sql.add(step.get("sql").asString());
        }
        JsonNode name = node.get("name");
        return new JobSpec(name == null || !name.isString() ? null : name.asString(), sql);
    }

    private static void unknown(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
            String field = names.next();
            if (!allowed.contains(field)) {
                throw new SandboxException(ErrorCode.INVALID_JOB_SPEC, where + " has an unknown field '" + field + "'; allowed: "
                        + new TreeSet<>(allowed) + ". A job carries no settings: user, Spark configuration and"
                        + " enforcement are fixed by the platform");
            }
        }
    }

    @Operation(operationId = "previewTable", tags = "workspaces", summary = "Preview the rows of a workspace table")
    @GetMapping("/workspaces/{id}/tables/{table}/preview")
    PreviewDto preview(@PathVariable String id, @PathVariable String table, @RequestParam(defaultValue = "20") int limit) {
        TableRuns.Preview preview = tableRuns.preview(actor.get(), id, table, limit);
        return new PreviewDto(id, table, preview.jobId(), limit, preview.json());
    }

    /** A column of a workspace table: name, Spark SQL type, nullable. */
    record TableColumnDto(String name, String type, boolean nullable) {}

    /** A table of the workspace's database: its schema, size, last write, and whether lineage quarantined it. */
    record TableDto(String name, String database, List<TableColumnDto> columns, long bytes, Instant modifiedAt, boolean quarantined) {}

    @Operation(operationId = "listWorkspaceTables", tags = "workspaces",
            summary = "List the workspace's own tables with their schema (no rows; preview a table for its first rows)")
    @GetMapping("/workspaces/{id}/tables")
    List<TableDto> tables(@PathVariable String id) {
        List<WorkspaceProvisioner.TableInfo> tables = workspaces.tables(actor.get(), id);
        String database = workspaces.find(id).map(w -> w.databaseName()).orElse(null);
        Set<String> quarantined = lineage.quarantinedTables(id);
        return tables.stream().map(t -> new TableDto(t.name(), database,
                t.columns().stream().map(c -> new TableColumnDto(c.name(), c.type(), c.nullable())).toList(), t.bytes(),
                t.modifiedAt(), quarantined.contains(t.name()))).toList();
    }

    @Operation(operationId = "getJob", tags = "jobs", summary = "Show a job")
    @GetMapping("/jobs/{id}")
    JobDto job(@PathVariable String id) {
        return dto(jobs.get(actor.get(), id));
    }

    @Operation(operationId = "getJobLog", tags = "jobs", summary = "Show a job's log")
    @GetMapping(value = "/jobs/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    String log(@PathVariable String id) {
        return jobs.log(actor.get(), id);
    }

    @Operation(operationId = "cancelJob", tags = "jobs", summary = "Cancel a job")
    @DeleteMapping("/jobs/{id}")
    JobDto cancel(@PathVariable String id) {
        return dto(cancellations.cancel(actor.get(), id));
    }

    private WorkspaceDto dto(WorkspaceService.View view) {
        var w = view.workspace();
        JobStore.Usage usage = jobs.usage(actor.get(), w.id());
        return new WorkspaceDto(w.id(), w.kind().name(), w.organizationId(), view.subject().state().shortName(), w.state().name(),
                view.access(), w.databaseName(), view.subject().datasetIds(), view.subject().members(), w.createdAt(),
                w.provisionedAt().orElse(null), w.closedAt().orElse(null), w.tornDownAt().orElse(null),
                new UsageDto(usage.jobs(), usage.cpuSeconds(), usage.peakMemoryBytes(), usage.wallMillis(), w.storageBytes()));
    }

    static JobDto dto(Job job) {
        return new JobDto(job.id(), job.workspaceId(), job.kind().name(), job.name(), job.steps(), job.submittedBy(), job.submittedAt(),
                job.state().name(), job.startedAt().orElse(null), job.finishedAt().orElse(null), job.resultCode().orElse(null),
                job.resultMessage().orElse(null), job.failedStep().orElse(null),
                job.metrics().map(m -> new MetricsDto(m.cpuSeconds(), m.peakMemoryBytes(), m.wallMillis(), m.storageBytes())).orElse(null));
    }
}
