package org.shuyu.controller.session;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.config.SessionProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobCancellations;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.JobSubmission;
import org.shuyu.controller.job.StatementEngine;
import org.shuyu.controller.job.StatementRuns;
import org.shuyu.controller.session.EnginePorts.EngineRef;
import org.shuyu.runtime.contract.ConnectStatementTicket;
import org.shuyu.runtime.contract.EngineStatement;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.StatementOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Why this class is long: every use case of a statement (submit, status with its first rows, cancel, history, the
 * engine's outcome, the registration of a Spark Connect statement) goes through the same three checks (whose session,
 * which engine, which job) and they are easier to keep consistent side by side.
 *
 * <p>Statements (issue 16). Every statement is a {@link Job.Kind#STATEMENT} job recorded BEFORE the engine runs it,
 * with its own runtime credential, through {@link JobSubmission#recordStatement} (the job gate: active grant, current
 * member, vetted) and {@link StatementRuns} (start and settlement through the job recorder: lineage, metering, audit,
 * credential cleared). The engine delivers the outcome with the statement's credential; a status read that finds the
 * statement final in the engine settles it too, whichever comes first. Result rows are kept in memory only
 * ({@link StatementResults}).
 */
@Service
public class StatementService implements StatementEngine {
    private static final Logger log = LoggerFactory.getLogger(StatementService.class);
    /** What an engine may say a Connect statement is: an operation's kind, never data (no quotes, digits of values ok). */
    private static final Pattern OPERATION = Pattern.compile("[A-Za-z0-9 :()_.,/+-]{1,200}");
    /** The code of a statement whose engine went away before it ended. */
    public static final String ENGINE_GONE = "ENGINE_GONE";
    /** How long a started statement may be unknown to its engine (its submission is in flight) before it is gone. */
    private static final Duration SUBMIT_GRACE = Duration.ofSeconds(10);

    private final SessionService sessions;
    private final SessionStore store;
    private final JobSubmission submission;
    private final StatementRuns runs;
    private final JobCancellations cancellations;
    private final StatementResults results;
    private final SessionProperties settings;
    private final int maxRows;
    private final Clock clock;

    public StatementService(SessionService sessions, SessionStore store, JobSubmission submission, StatementRuns runs,
            JobCancellations cancellations, StatementResults results, SessionProperties settings, SandboxProperties properties,
            Clock clock) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.store = requireNonNull(store, "store is null");
        this.submission = requireNonNull(submission, "submission is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.cancellations = requireNonNull(cancellations, "cancellations is null");
        this.results = requireNonNull(results, "results is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.maxRows = properties.jobs().previewMaxRows();
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A statement as its reader sees it; {@code result} only for the member who ran it, while kept. */
    public record View(Job job, String sessionId, EngineStatementState.Progress progress, long elapsedMillis,
            Optional<EngineStatementState.Result> result) {}

    /** The preview cap: the most rows a statement's result shows. */
    public int maxRows() {
        return maxRows;
    }

    /** Runs {@code sql} in the member's own open session; waits up to {@code wait} for its end (one round trip). */
    public View submit(Actor actor, String workspaceId, String sessionId, String sql, Optional<Integer> rows, Duration wait) {
        if (sql == null || sql.isBlank()) {
            throw new SandboxException(ErrorCode.INVALID_STATEMENT, "sql is required");
        }
        if (sql.length() > settings.maxSqlChars()) {
            throw new SandboxException(ErrorCode.INVALID_STATEMENT, "sql is longer than " + settings.maxSqlChars() + " characters");
        }
        int limit = rows.orElse(maxRows);
        if (limit < 1 || limit > maxRows) {
            throw new SandboxException(ErrorCode.INVALID_STATEMENT, "maxRows must be 1-" + maxRows + " (the preview cap), got " + limit);
        }
        requireWait(wait);
        InteractiveSession session = sessions.own(actor, workspaceId, sessionId);
        // The gate before anything reaches an engine (it is asked again when the statement is recorded and started).
        sessions.requireGate(actor, workspaceId);
        EngineRef engine = sessions.engineFor(session);
        JobSubmission.Credentialed recorded = submission.recordStatement(actor.userId(),
                actor.roles().stream().map(Enum::name).collect(Collectors.toSet()), workspaceId, "statement", sql,
                "session " + sessionId + ", at most " + limit + " rows");
        String id = recorded.job().id();
        store.addStatement(sessionId, id);
        sessions.touch(sessionId);
        if (!runs.start(id)) {
            return view(actor, runs.find(id).orElseThrow(), sessionId, Duration.ZERO);
        }
        EngineStatementState state;
        try {
            state = sessions.control().submit(engine, sessionId, new EngineStatement(id, recorded.token(), sql, limit));
        } catch (RuntimeException e) {
            runs.finish(id, JobLauncher.Outcome.of(JobState.FAILED, ErrorCode.SESSION_ENGINE_UNAVAILABLE.name(),
                    "the engine did not accept the statement (" + e.getClass().getSimpleName() + ")"));
            throw SessionService.unavailable(workspaceId, e);
        }
        sessions.engines().touch(workspaceId);
        if (state.state().isFinal()) {
            settle(actor.userId(), state);
        }
        return view(actor, runs.find(id).orElseThrow(), sessionId, wait);
    }

    /** A statement's state, progress and (for its member) first rows; waits up to {@code wait} for its end. */
    public View status(Actor actor, String workspaceId, String sessionId, String statementId, Duration wait) {
        requireWait(wait);
        sessions.readable(actor, workspaceId, sessionId);
        return view(actor, statement(sessionId, statementId), sessionId, wait);
    }

    /** Cancels the member's own running statement: recorded CANCELLED, then cancelled in the engine. */
    public View cancel(Actor actor, String workspaceId, String sessionId, String statementId) {
        sessions.own(actor, workspaceId, sessionId);
        Job job = statement(sessionId, statementId);
        if (job.state().finished()) {
            throw new SandboxException(ErrorCode.STATEMENT_ALREADY_ENDED, "statement " + statementId + " already ended " + job.state());
        }
        // The job feature's own cancel: member check, record first (the credential dies), then our engine hook.
        cancellations.cancel(actor, statementId);
        return view(actor, runs.find(statementId).orElseThrow(), sessionId, Duration.ZERO);
    }

    /** The statements of a session, newest first: id, SQL text (the job's step), state, code, times. */
    public List<Job> history(Actor actor, String workspaceId, String sessionId, int limit) {
        // The web adapter pages the list (limit 1-1000 per page) and asks for everything up to the end of the page.
        if (limit < 1) {
            throw SandboxException.invalid("limit must be at least 1");
        }
        sessions.readable(actor, workspaceId, sessionId);
        return store.statements(sessionId, limit).stream().map(runs::find).flatMap(Optional::stream).toList();
    }

    /**
     * The engine's outcome of a statement, delivered with the statement's own runtime credential ({@code job}, the
     * running job that credential belongs to): settled through the job recorder.
     */
    public void outcome(Job job, String statementId, StatementOutcome outcome) {
        if (!job.id().equals(statementId)) {
            throw new SandboxException(ErrorCode.RUNTIME_CREDENTIAL_SCOPE, "the credential of job " + job.id()
                    + " cannot report the outcome of " + statementId);
        }
        if (job.kind() != Job.Kind.STATEMENT) {
            throw new SandboxException(ErrorCode.INVALID_STATEMENT_OUTCOME, "job " + job.id() + " is a " + job.kind() + ", not a statement");
        }
        runs.finish(job.id(), StatementRuns.outcome(outcome.status(), Optional.of(outcome.metrics())));
    }

    /**
     * A Spark Connect statement the engine is about to run (design: no ticket, no execution): the engine's token must
     * be that of the running engine {@code engineId}, the session one of that engine's workspace held by that member,
     * and the member must pass the job gate now. The statement is recorded RUNNING with its own credential.
     */
    public ConnectStatementTicket register(String engineId, String engineToken, ConnectStatementTicket.Registration registration) {
        EngineRef engine = Optional.ofNullable(engineToken).filter(t -> !t.isBlank())
                .flatMap(t -> sessions.engines().workspaceOfEngineToken(t))
                .flatMap(ws -> sessions.engines().running(ws)).filter(e -> e.engineId().equals(engineId))
                .orElseThrow(() -> new SandboxException(ErrorCode.SESSION_ENGINE_CREDENTIAL,
                        "the credential of a running engine " + engineId + " is required"));
        if (!OPERATION.matcher(registration.operation()).matches()) {
            throw new SandboxException(ErrorCode.INVALID_STATEMENT, "operation must be a short kind of operation (letters, digits,"
                    + " ' :()_.,/+-', at most 200), never data");
        }
        InteractiveSession session = store.find(registration.sessionId())
                .filter(s -> s.workspaceId().equals(engine.workspaceId()) && s.user().equals(registration.user()))
                .orElseThrow(() -> new SandboxException(ErrorCode.SESSION_ENGINE_MISMATCH, "session " + registration.sessionId()
                        + " is not a session of " + registration.user() + " in this engine's workspace"));
        if (session.state() != InteractiveSession.State.OPEN || !session.engineId().equals(Optional.of(engine.engineId()))) {
            throw new SandboxException(ErrorCode.SESSION_CLOSED, "session " + session.id() + " is not open in engine " + engineId);
        }
        JobSubmission.Credentialed recorded = submission.recordStatement(session.user(), Set.of(), session.workspaceId(), "connect",
                registration.operation(), "session " + session.id() + ", spark connect");
        String id = recorded.job().id();
        store.addStatement(session.id(), id);
        if (!runs.start(id)) {
            Job refused = runs.find(id).orElseThrow();
            throw new SandboxException(refused.resultCode().flatMap(StatementService::errorCode).orElse(ErrorCode.NOT_A_MEMBER),
                    "statement refused: " + refused.resultCode().orElse("REFUSED"));
        }
        sessions.touch(session.id());
        sessions.engines().touch(session.workspaceId());
        return new ConnectStatementTicket(id, recorded.token());
    }

    /** The job hook of every stop of a STATEMENT ({@link JobCancellations}): cancel it in the engine that runs it. */
    @Override
    public boolean cancel(Job statement) {
        results.forget(statement.id());
        Optional<InteractiveSession> session = store.sessionOfStatement(statement.id()).flatMap(store::find);
        Optional<EngineRef> engine = session.flatMap(sessions::engineOf);
        if (engine.isEmpty()) {
            return false;
        }
        return sessions.cancelInEngine(engine.get(), statement.id());
    }

    private Job statement(String sessionId, String statementId) {
        return runs.find(statementId).filter(j -> store.sessionOfStatement(statementId).equals(Optional.of(sessionId)))
                .orElseThrow(() -> SandboxException.notFound("statement", statementId));
    }

    private View view(Actor actor, Job job, String sessionId, Duration wait) {
        EngineStatementState.Progress progress = EngineStatementState.Progress.NONE;
        long elapsed = elapsed(job);
        boolean member = job.submittedBy().equals(actor.userId());
        if (!job.state().finished()) {
            Optional<EngineStatementState> state = engineState(job, sessionId, member ? wait : Duration.ZERO);
            if (state.isPresent()) {
                progress = state.get().progress();
                elapsed = state.get().elapsedMillis();
                if (state.get().state().isFinal()) {
                    settle(job.submittedBy(), state.get());
                }
            } else if (gone(job)) {
                runs.finish(job.id(), JobLauncher.Outcome.of(JobState.FAILED, ENGINE_GONE, "the engine running the statement is gone"));
            }
            job = runs.find(job.id()).orElseThrow();
        } else {
            // Ended: the engine's last word (final progress; for the member, the first rows if not kept yet), if it
            // still runs and remembers the statement; rows are then kept in memory for the bounded time.
            Optional<EngineStatementState> last = Optional.empty();
            try {
                last = engineState(job, sessionId, Duration.ZERO).filter(s -> s.state().isFinal());
            } catch (SandboxException e) {
                log.debug("engine of statement {} not reachable for its last state: {}", job.id(), e.code());
            }
            if (last.isPresent()) {
                progress = last.get().progress();
                if (member && job.state() == JobState.SUCCEEDED && !results.holds(job.id())) {
                    String owner = job.submittedBy();
                    String id = job.id();
                    last.get().result().ifPresent(r -> results.put(id, owner, r));
                }
            }
        }
        if (job.state().finished()) {
            elapsed = elapsed(job);
        }
        Optional<EngineStatementState.Result> result = member && job.state() == JobState.SUCCEEDED
                ? results.get(job.id(), actor.userId()) : Optional.empty();
        return new View(job, sessionId, progress, elapsed, result);
    }

    /** The engine's view of the statement (long-polled up to {@code wait}); empty if its engine is gone or forgot it. */
    private Optional<EngineStatementState> engineState(Job job, String sessionId, Duration wait) {
        Optional<EngineRef> engine = store.find(sessionId).flatMap(sessions::engineOf);
        if (engine.isEmpty()) {
            return Optional.empty();
        }
        try {
            return sessions.control().status(engine.get(), job.id(), wait.toMillis());
        } catch (RuntimeException e) {
            throw SessionService.unavailable(job.workspaceId(), e);
        }
    }

    /** A final engine state settles the job (unless the outcome did first) and keeps its first rows in memory. */
    private void settle(String user, EngineStatementState state) {
        state.result().ifPresent(r -> results.put(state.statementId(), user, r));
        try {
            runs.finish(state.statementId(), StatementRuns.outcome(state.status().orElseThrow(), state.metrics()));
        } catch (RuntimeException e) {
            log.error("cannot record the end of statement {}", state.statementId(), e);
        }
    }

    /** An unfinished statement the engine does not know: gone once it had time to be registered (not in flight). */
    private boolean gone(Job job) {
        return job.state() == JobState.RUNNING && job.startedAt().map(t -> t.isBefore(clock.instant().minus(SUBMIT_GRACE))).orElse(false);
    }

    private long elapsed(Job job) {
        Instant start = job.startedAt().orElse(job.submittedAt());
        Instant end = job.finishedAt().orElseGet(clock::instant);
        return Math.max(0, Duration.between(start, end).toMillis());
    }

    private void requireWait(Duration wait) {
        if (wait.isNegative() || wait.compareTo(settings.maxWait()) > 0) {
            throw new SandboxException(ErrorCode.INVALID_STATEMENT, "wait must be between PT0S and " + settings.maxWait());
        }
    }

    private static Optional<ErrorCode> errorCode(String name) {
        try {
            return Optional.of(ErrorCode.valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
