package org.shuyu.controller.session;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.config.SessionProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobLauncher;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.StatementRuns;
import org.shuyu.controller.session.EnginePorts.Acquisition;
import org.shuyu.controller.session.EnginePorts.EngineRef;
import org.shuyu.controller.session.EnginePorts.Queued;
import org.shuyu.controller.session.EnginePorts.Ready;
import org.shuyu.controller.session.EnginePorts.SessionEngineControl;
import org.shuyu.controller.session.EnginePorts.SessionEngines;
import org.shuyu.controller.workspace.WorkspaceReconciliation;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.runtime.contract.EngineSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Why this class is long: it is the one owner of a session's life (open, queue, reopen on a new engine, close by the
 * member, by idle time, by closed access), and each path must close the same way (record, cancel the session's
 * statements in the engine, audit), so they stay together.
 *
 * <p>Interactive sessions (issue 16): a member opens a session in a workspace after the same gate as job submission
 * ({@link WorkspaceService#requireAccess(Actor, String)}: active grant, current member, vetted); the workspace's warm
 * engine is started on first use and holds the member's own Spark session. When admission queues the engine the
 * session stays QUEUED with a visible position and opens on a later read. Closing a session cancels its running
 * statements (recorded CANCELLED, then cancelled in the engine) and drops it in the engine.
 */
@Service
public class SessionService {
    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    /** The result code of statements stopped because their session closed. */
    public static final String SESSION_CLOSED = "SESSION_CLOSED";

    private final SessionStore store;
    private final ObjectProvider<SessionEngines> engines;
    private final ObjectProvider<SessionEngineControl> control;
    private final StatementRuns runs;
    private final WorkspaceService workspaces;
    private final WorkspaceReconciliation reconciliation;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final SessionProperties settings;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    public SessionService(SessionStore store, ObjectProvider<SessionEngines> engines, ObjectProvider<SessionEngineControl> control,
            StatementRuns runs, WorkspaceService workspaces, WorkspaceReconciliation reconciliation, AuditLog audit, Clock clock,
            IdGenerator ids, SessionProperties settings, PlatformTransactionManager transactions,
            ApplicationEventPublisher events) {
        this.store = requireNonNull(store, "store is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.control = requireNonNull(control, "control is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.reconciliation = requireNonNull(reconciliation, "reconciliation is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.tx = new TransactionTemplate(transactions);
        this.events = requireNonNull(events, "events is null");
    }

    /** A session as its reader sees it: with its queue position while QUEUED. */
    public record View(InteractiveSession session, Optional<Integer> queuePosition) {}

    /** Opens a session for the member (REST); QUEUED with a position when the engine waits for capacity. */
    public View open(Actor actor, String workspaceId) {
        return openFor(actor, workspaceId, Optional.empty());
    }

    View openFor(Actor actor, String workspaceId, Optional<String> connectClient) {
        WorkspaceService.Subject subject = workspaces.requireAccess(actor, workspaceId);
        WorkspaceService.requireReady(reconciliation.reconcile(workspaceId), workspaceId);
        SessionEngines engines = engines();
        Instant now = now();
        InteractiveSession session = new InteractiveSession(ids.next("session"), workspaceId, actor.userId(),
                InteractiveSession.State.QUEUED, Optional.empty(), Optional.empty(), connectClient, now, now, Optional.empty());
        tx.executeWithoutResult(status -> {
            long open = store.inWorkspace(workspaceId, Integer.MAX_VALUE).stream()
                    .filter(s -> !s.closed() && s.user().equals(actor.userId())).count();
            if (open >= settings.maxPerMember()) {
                throw new SandboxException(ErrorCode.SESSION_LIMIT, actor.userId() + " already holds " + open
                        + " open session(s) in workspace " + workspaceId + " (at most " + settings.maxPerMember() + "); close one first");
            }
            store.insert(session);
            audit.append(SessionAuditEvents.opened(actor, session, subject, connectClient.isPresent() ? "spark connect" : "rest"));
        });
        return activate(session, engines);
    }

    /** The session if the caller may read it: its member, or a reader of the workspace who is not a member (supervision). */
    public View get(Actor actor, String workspaceId, String sessionId) {
        InteractiveSession session = readable(actor, workspaceId, sessionId);
        if (session.state() == InteractiveSession.State.QUEUED && session.user().equals(actor.userId())) {
            return activate(session, engines());
        }
        return new View(session, Optional.empty());
    }

    /** A workspace's sessions: a member sees their own, a reader who is not a member (supervision) sees all. */
    public List<InteractiveSession> list(Actor actor, String workspaceId, int limit) {
        // The web adapter pages the list (limit 1-1000 per page) and asks for everything up to the end of the page.
        if (limit < 1) {
            throw SandboxException.invalid("limit must be at least 1");
        }
        WorkspaceService.Subject subject = readableWorkspace(actor, workspaceId);
        boolean all = !subject.members().contains(actor.userId());
        // Filtered before it is cut, so that a member's page is full of their own sessions.
        return store.inWorkspace(workspaceId, Integer.MAX_VALUE).stream().filter(s -> all || s.user().equals(actor.userId()))
                .limit(limit).toList();
    }

    /** Closes the member's own session: its running statements are cancelled. */
    public InteractiveSession close(Actor actor, String workspaceId, String sessionId) {
        InteractiveSession session = own(actor, workspaceId, sessionId);
        if (session.closed()) {
            throw new SandboxException(ErrorCode.SESSION_CLOSED, "session " + sessionId + " is already closed ("
                    + session.closeReason().map(Enum::name).orElse("") + ")");
        }
        return close(session.id(), InteractiveSession.CloseReason.CLOSED_BY_MEMBER, actor.userId(),
                actor.roles().stream().map(Enum::name).collect(Collectors.toSet())).orElse(session);
    }

    /** The job gate: active grant, current member, vetted (the same as job submission). */
    void requireGate(Actor actor, String workspaceId) {
        workspaces.requireAccess(actor, workspaceId);
    }

    /** The caller's own session in the workspace (any state); others' sessions are refused, unknown ones not found. */
    InteractiveSession own(Actor actor, String workspaceId, String sessionId) {
        InteractiveSession session = readable(actor, workspaceId, sessionId);
        if (!session.user().equals(actor.userId())) {
            throw new SandboxException(ErrorCode.SESSION_NOT_OWNED, "session " + sessionId + " belongs to another member");
        }
        return session;
    }

    InteractiveSession readable(Actor actor, String workspaceId, String sessionId) {
        WorkspaceService.Subject subject = readableWorkspace(actor, workspaceId);
        InteractiveSession session = store.find(sessionId).filter(s -> s.workspaceId().equals(workspaceId))
                .orElseThrow(() -> SandboxException.notFound("session", sessionId));
        if (!session.user().equals(actor.userId()) && subject.members().contains(actor.userId())) {
            // A member does not learn of another member's sessions.
            throw SandboxException.notFound("session", sessionId);
        }
        return session;
    }

    private WorkspaceService.Subject readableWorkspace(Actor actor, String workspaceId) {
        return workspaces.subject(workspaceId).filter(s -> workspaces.mayRead(actor, s))
                .orElseThrow(() -> SandboxException.notFound("workspace", workspaceId));
    }

    /**
     * The engine holding this OPEN (or QUEUED) session, reopening the session on the workspace's current engine if the
     * one that held it is gone (evicted while idle, restarted). Throws SESSION_QUEUED while the engine waits for
     * capacity and SESSION_CLOSED for a closed session.
     */
    EngineRef engineFor(InteractiveSession session) {
        if (session.closed()) {
            throw new SandboxException(ErrorCode.SESSION_CLOSED, "session " + session.id() + " is closed ("
                    + session.closeReason().map(Enum::name).orElse("") + ")");
        }
        SessionEngines engines = engines();
        if (session.state() == InteractiveSession.State.OPEN) {
            Optional<EngineRef> running = engines.running(session.workspaceId());
            if (running.isPresent() && session.engineId().equals(Optional.of(running.get().engineId()))) {
                return running.get();
            }
        }
        View view = activate(session, engines);
        if (view.session().state() == InteractiveSession.State.QUEUED) {
            throw new SandboxException(ErrorCode.SESSION_QUEUED, "session " + session.id() + " waits for its workspace engine"
                    + view.queuePosition().map(p -> " (queue position " + p + ")").orElse(""));
        }
        if (view.session().closed()) {
            throw new SandboxException(ErrorCode.SESSION_CLOSED, "session " + session.id() + " is closed");
        }
        return engines.running(session.workspaceId()).filter(e -> view.session().engineId().equals(Optional.of(e.engineId())))
                .orElseThrow(() -> new SandboxException(ErrorCode.SESSION_ENGINE_UNAVAILABLE, "the engine of workspace "
                        + session.workspaceId() + " stopped while the session opened; try again"));
    }

    /** Records activity on the session (a statement, a Connect call): it is not idle. */
    void touch(String sessionId) {
        tx.executeWithoutResult(status -> store.lock(sessionId).filter(s -> !s.closed()).ifPresent(s -> store.update(s.active(now()))));
    }

    /** Acquires the engine and opens the member's session in it; the session stays QUEUED while admission queues it. */
    private View activate(InteractiveSession session, SessionEngines engines) {
        Acquisition acquisition;
        try {
            acquisition = engines.acquire(session.workspaceId());
        } catch (RuntimeException e) {
            close(session.id(), InteractiveSession.CloseReason.ENGINE_GONE, SessionAuditEvents.SYSTEM, Set.of());
            throw unavailable(session.workspaceId(), e);
        }
        if (acquisition instanceof Queued queued) {
            return new View(store.find(session.id()).orElse(session), Optional.of(queued.position()));
        }
        EngineRef engine = ((Ready) acquisition).engine();
        try {
            control().openSession(engine, new EngineSession(session.id(), session.user()));
        } catch (RuntimeException e) {
            close(session.id(), InteractiveSession.CloseReason.ENGINE_GONE, SessionAuditEvents.SYSTEM, Set.of());
            throw unavailable(session.workspaceId(), e);
        }
        engines.touch(session.workspaceId());
        InteractiveSession opened = tx.execute(status -> {
            InteractiveSession current = store.lock(session.id()).orElseThrow();
            if (current.closed()) {
                return current; // closed meanwhile (access closed, member closed it): stays closed
            }
            InteractiveSession next = current.opened(engine.engineId(), now());
            store.update(next);
            return next;
        });
        if (opened.closed()) {
            closeInEngine(engine, session.id());
        } else if (!workspaces.mayWork(session.user(), session.workspaceId())) {
            // Access closed between the gate and now, and the revocation pass did not see this session yet.
            return new View(close(session.id(), InteractiveSession.CloseReason.ACCESS_CLOSED, SessionAuditEvents.SYSTEM, Set.of())
                    .orElse(opened), Optional.empty());
        }
        return new View(opened, Optional.empty());
    }

    /**
     * Closes a session for {@code reason} in the name of {@code actor}: recorded and audited, its unfinished statements
     * ended CANCELLED (their credentials die with the record), then dropped in the engine, which cancels what still
     * runs. Returns the closed session, or empty if it was already closed.
     */
    Optional<InteractiveSession> close(String sessionId, InteractiveSession.CloseReason reason, String actor, Set<String> roles) {
        InteractiveSession closed = tx.execute(status -> {
            InteractiveSession current = store.lock(sessionId).orElseThrow();
            if (current.closed()) {
                return null;
            }
            InteractiveSession next = current.closedFor(reason, now());
            store.update(next);
            workspaces.subject(next.workspaceId()).ifPresent(subject -> audit.append(SessionAuditEvents.closed(actor, roles, next, subject)));
            return next;
        });
        if (closed == null) {
            return Optional.empty();
        }
        // Calls of the session still in flight on a transport (Spark Connect) end now, before the engine's cancel.
        events.publishEvent(new SessionClosed(closed.id(), closed.workspaceId()));
        Optional<EngineRef> engine = engineOf(closed);
        List<Job> unfinished = store.statements(sessionId, Integer.MAX_VALUE).stream().map(runs::find).flatMap(Optional::stream)
                .filter(job -> !job.state().finished()).toList();
        // The engine first: what runs is cancelled at once (revocation: decision to cancelled statement, issue 16).
        for (Job job : unfinished) {
            engine.ifPresent(e -> cancelInEngine(e, job.id()));
        }
        engine.ifPresent(e -> closeInEngine(e, sessionId));
        for (Job job : unfinished) {
            try {
                runs.finish(job.id(), JobLauncher.Outcome.of(JobState.CANCELLED, SESSION_CLOSED, "stopped: session " + sessionId
                        + " closed (" + reason + ")"));
            } catch (RuntimeException e) {
                log.error("cannot record the end of statement {} of closed session {}", job.id(), sessionId, e);
            }
        }
        return Optional.of(closed);
    }

    /** Closes every QUEUED or OPEN session whose member may no longer work in its workspace; returns how many. */
    public int closeSessionsWithoutAccess() {
        int closed = 0;
        for (InteractiveSession session : store.notClosed()) {
            if (!workspaces.mayWork(session.user(), session.workspaceId())) {
                try {
                    if (close(session.id(), InteractiveSession.CloseReason.ACCESS_CLOSED, SessionAuditEvents.SYSTEM, Set.of()).isPresent()) {
                        closed++;
                    }
                } catch (RuntimeException e) {
                    log.error("cannot close session {} after an access change; the next pass retries", session.id(), e);
                }
            }
        }
        return closed;
    }

    /** Closes sessions without activity for longer than {@code sandbox.sessions.idle-timeout} and no running statement. */
    public int closeIdle() {
        Instant limit = now().minus(settings.idleTimeout());
        int closed = 0;
        for (InteractiveSession session : store.notClosed()) {
            if (session.lastActivityAt().isBefore(limit) && !running(session.id())) {
                if (close(session.id(), InteractiveSession.CloseReason.IDLE, SessionAuditEvents.SYSTEM, Set.of()).isPresent()) {
                    closed++;
                }
            }
        }
        return closed;
    }

    private boolean running(String sessionId) {
        return store.statements(sessionId, Integer.MAX_VALUE).stream().map(runs::find).flatMap(Optional::stream)
                .anyMatch(job -> !job.state().finished());
    }

    /** The engine that holds the session now, if it still runs. */
    Optional<EngineRef> engineOf(InteractiveSession session) {
        if (session.engineId().isEmpty()) {
            return Optional.empty();
        }
        return engines.getIfAvailable() == null ? Optional.empty()
                : engines().running(session.workspaceId()).filter(e -> session.engineId().equals(Optional.of(e.engineId())));
    }

    boolean cancelInEngine(EngineRef engine, String statementId) {
        try {
            control().cancel(engine, statementId);
            return true;
        } catch (RuntimeException e) {
            log.warn("engine {} did not cancel statement {}: {}", engine.engineId(), statementId, e.getClass().getSimpleName());
            return false;
        }
    }

    private void closeInEngine(EngineRef engine, String sessionId) {
        try {
            control().closeSession(engine, sessionId);
        } catch (RuntimeException e) {
            log.warn("engine {} did not close session {}: {}", engine.engineId(), sessionId, e.getClass().getSimpleName());
        }
    }

    SessionEngines engines() {
        SessionEngines e = engines.getIfAvailable();
        if (e == null) {
            throw new SandboxException(ErrorCode.SESSION_ENGINE_UNAVAILABLE, "interactive sessions are not available:"
                    + " no workspace engines are configured");
        }
        return e;
    }

    SessionEngineControl control() {
        SessionEngineControl c = control.getIfAvailable();
        if (c == null) {
            throw new SandboxException(ErrorCode.SESSION_ENGINE_UNAVAILABLE, "interactive sessions are not available:"
                    + " no engine control is configured");
        }
        return c;
    }

    static SandboxException unavailable(String workspaceId, RuntimeException e) {
        if (e instanceof SandboxException sandbox) {
            return sandbox;
        }
        return new SandboxException(ErrorCode.SESSION_ENGINE_UNAVAILABLE, "the engine of workspace " + workspaceId
                + " cannot be used now (" + e.getClass().getSimpleName() + ")");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
