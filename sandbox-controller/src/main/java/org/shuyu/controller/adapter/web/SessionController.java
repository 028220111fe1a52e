package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.CurrentActor;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.session.InteractiveSession;
import org.shuyu.controller.session.SessionService;
import org.shuyu.controller.session.StatementService;
import org.shuyu.runtime.contract.EngineStatementState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Interactive sessions and their statements (issue 16, docs/sessions.md): open, read, list and close a session in a
 * workspace; submit a statement (optionally waiting for its end), read its state, progress and first rows, cancel it,
 * list a session's statements. Translates HTTP only; {@link SessionService} and {@link StatementService} decide.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{id}/sessions")
class SessionController {
    private final SessionService sessions;
    private final StatementService statements;
    private final CurrentActor actor;

    SessionController(SessionService sessions, StatementService statements, CurrentActor actor) {
        this.sessions = sessions;
        this.statements = statements;
        this.actor = actor;
    }

    record SessionDto(String id, String workspaceId, String user, String state, String closeReason, Instant openedAt,
            Instant lastActivityAt, Instant closedAt, Integer queuePosition, String via) {}

    /** A statement request: the SQL text and how many of the result's first rows to keep (1 to the preview cap). */
    record StatementRequest(String sql, Integer maxRows) {}

    record ProgressDto(int stagesTotal, int stagesDone, int tasksTotal, int tasksDone) {}

    /** A column of a statement's result (named apart from the catalog's dataset columns, schema {@code ColumnDto}). */
    @Schema(name = "StatementColumnDto")
    record ColumnDto(String name, String type) {}

    record ResultDto(List<ColumnDto> columns, List<List<String>> rows, boolean truncated) {}

    record StatementDto(String id, String sessionId, String workspaceId, String sql, String user, String state, Instant submittedAt,
            Instant startedAt, Instant finishedAt, long elapsedMillis, ProgressDto progress, String code, String message,
            ResultDto result, WorkspaceController.MetricsDto metrics) {}

    record HistoryDto(String id, String sql, String state, String code, Instant submittedAt, Instant startedAt, Instant finishedAt) {}

    @Operation(operationId = "openSession", tags = "sessions", summary = "Open an interactive session")
    @Created(value = "/api/v1/workspaces/{id}/sessions/{body.id}", statuses = {201, 202})
    @PostMapping
    ResponseEntity<SessionDto> open(@PathVariable String id) {
        SessionService.View view = sessions.open(actor.get(), id);
        HttpStatus status = view.session().state() == InteractiveSession.State.QUEUED ? HttpStatus.ACCEPTED : HttpStatus.CREATED;
        return ResponseEntity.status(status).body(dto(view));
    }

    @Operation(operationId = "listSessions", tags = "sessions", summary = "List a workspace's interactive sessions")
    @GetMapping
    List<SessionDto> list(@PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
        return sessions.list(actor.get(), id, PageRequest.fetch(limit)).stream().map(s -> dto(new SessionService.View(s, Optional.empty()))).toList();
    }

    @Operation(operationId = "getSession", tags = "sessions", summary = "Show a session")
    @GetMapping("/{sid}")
    SessionDto get(@PathVariable String id, @PathVariable String sid) {
        return dto(sessions.get(actor.get(), id, sid));
    }

    @Operation(operationId = "closeSession", tags = "sessions", summary = "Close a session")
    @DeleteMapping("/{sid}")
    SessionDto close(@PathVariable String id, @PathVariable String sid) {
        return dto(new SessionService.View(sessions.close(actor.get(), id, sid), Optional.empty()));
    }

    @Operation(operationId = "submitStatement", tags = "sessions", summary = "Submit a statement to a session")
    @Created(value = "/api/v1/workspaces/{id}/sessions/{sid}/statements/{body.id}", statuses = {201, 202})
    @PostMapping("/{sid}/statements")
    ResponseEntity<StatementDto> submit(@PathVariable String id, @PathVariable String sid, @RequestBody StatementRequest request,
            @RequestParam(required = false) String wait) {
        if (request == null) {
            throw new SandboxException(ErrorCode.INVALID_STATEMENT, "a statement is an object with sql and optionally maxRows");
        }
        StatementService.View view = statements.submit(actor.get(), id, sid, request.sql(), Optional.ofNullable(request.maxRows()),
                waitOf(wait));
        HttpStatus status = view.job().state().finished() ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).body(dto(view));
    }

    @Operation(operationId = "listStatements", tags = "sessions", summary = "List a session's statements")
    @GetMapping("/{sid}/statements")
    List<HistoryDto> history(@PathVariable String id, @PathVariable String sid, @RequestParam(defaultValue = "100") int limit) {
        return statements.history(actor.get(), id, sid, PageRequest.fetch(limit)).stream()
                .map(j -> new HistoryDto(j.id(), step(j), j.state().name(), j.resultCode().orElse(null), j.submittedAt(),
                        j.startedAt().orElse(null), j.finishedAt().orElse(null)))
                .toList();
    }

    @Operation(operationId = "getStatement", tags = "sessions", summary = "Show a statement")
    @GetMapping("/{sid}/statements/{statementId}")
    StatementDto statement(@PathVariable String id, @PathVariable String sid, @PathVariable String statementId,
            @RequestParam(required = false) String wait) {
        return dto(statements.status(actor.get(), id, sid, statementId, waitOf(wait)));
    }

    @Operation(operationId = "cancelStatement", tags = "sessions", summary = "Cancel a statement")
    @PostMapping("/{sid}/statements/{statementId}/cancel")
    ResponseEntity<StatementDto> cancel(@PathVariable String id, @PathVariable String sid, @PathVariable String statementId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(dto(statements.cancel(actor.get(), id, sid, statementId)));
    }

    static Duration waitOf(String wait) {
        if (wait == null || wait.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(wait);
        } catch (DateTimeParseException e) {
            throw new SandboxException(ErrorCode.INVALID_STATEMENT, "wait must be an ISO-8601 duration such as PT5S");
        }
    }

    private static String step(Job job) {
        return job.steps().isEmpty() ? "" : job.steps().get(0);
    }

    private static SessionDto dto(SessionService.View view) {
        InteractiveSession s = view.session();
        return new SessionDto(s.id(), s.workspaceId(), s.user(), s.state().name(), s.closeReason().map(Enum::name).orElse(null),
                s.openedAt(), s.lastActivityAt(), s.closedAt().orElse(null), view.queuePosition().orElse(null),
                s.connectClient().isPresent() ? "CONNECT" : "REST");
    }

    private static StatementDto dto(StatementService.View view) {
        Job j = view.job();
        EngineStatementState.Progress p = view.progress();
        return new StatementDto(j.id(), view.sessionId(), j.workspaceId(), step(j), j.submittedBy(), j.state().name(), j.submittedAt(),
                j.startedAt().orElse(null), j.finishedAt().orElse(null), view.elapsedMillis(),
                new ProgressDto(p.stagesTotal(), p.stagesDone(), p.tasksTotal(), p.tasksDone()), j.resultCode().orElse(null),
                j.resultMessage().orElse(null),
                view.result().map(r -> new ResultDto(r.columns().stream().map(c -> new ColumnDto(c.name(), c.type())).toList(), r.rows(),
                        r.truncated())).orElse(null),
                j.metrics().map(m -> new WorkspaceController.MetricsDto(m.cpuSeconds(), m.peakMemoryBytes(), m.wallMillis(), m.storageBytes())).orElse(null));
    }
}
