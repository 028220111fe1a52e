package org.shuyu.jobs.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.EnforcementResolver;
import org.shuyu.jobs.lineage.HttpLineageSink;
import org.shuyu.jobs.lineage.LineageCapture;
import org.shuyu.jobs.lineage.LineageDeliveryException;
import org.shuyu.jobs.runtime.JobMetrics;
import org.shuyu.jobs.runtime.JobRunner;
import org.shuyu.jobs.runtime.Outcomes;
import org.shuyu.jobs.runtime.PreviewResult;
import org.shuyu.jobs.runtime.SafeMessages;
import org.shuyu.jobs.runtime.StatementProtocol;
import org.shuyu.runtime.contract.EngineStatement;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.shuyu.runtime.contract.StatementOutcome;

/**
 * Why this class is long: it is the one place that owns a statement's life in the engine (queue, pool, protocol,
 * result rows, cancel, final state, metrics, outcome delivery); splitting it would spread that state machine.
 *
 * <p>Runs members' statements in a warm engine. Each statement runs on a worker thread in its member's FAIR pool
 * ({@code spark.scheduler.pool} = {@code member-<user>}) and its own job group ({@code shuyu-stmt-<id>}) through
 * {@link StatementProtocol}, the batch path's write-ahead protocol (analyse, START, execute under
 * {@code RevocationWatch}, COMPLETE/FAIL), with lineage and the outcome delivered under the statement's own
 * credential. A query keeps its first {@code maxRows} rows as text (masked by the same rules, the preview's format)
 * and says whether there were more; a command (CREATE TABLE AS, INSERT) persists into the workspace database.
 * Failures are reported as a batch step's ({@link Outcomes}). Cancel = a flag checked before execution plus cancelling
 * the job group until the statement ends.
 */
public final class EngineStatements implements AutoCloseable {
    /** Settings of the engine every statement needs. */
    public record Settings(URI controllerUrl, List<RuntimeRequest.Source> sources, String workspaceDatabase,
                           long policyPollMillis, Duration lineageDeadline, int maxResultRows,
                           List<String> secrets) {
        public Settings {
            requireNonNull(controllerUrl, "controllerUrl is null");
            sources = List.copyOf(sources);
            requireNonNull(workspaceDatabase, "workspaceDatabase is null");
            requireNonNull(lineageDeadline, "lineageDeadline is null");
            secrets = List.copyOf(secrets);
        }
    }

    /** The session is not open in this engine. */
    public static final class UnknownSessionException extends RuntimeException {
        UnknownSessionException(String sessionId) {
            super("session " + sessionId + " is not open in this engine");
        }
    }

    /** A statement id submitted twice. */
    public static final class DuplicateStatementException extends RuntimeException {
        DuplicateStatementException(String statementId) {
            super("statement " + statementId + " was already submitted");
        }
    }

    private final MemberSessions sessions;
    private final GroupMetrics metrics;
    private final ControllerClient controller;
    private final Settings settings;
    private final JavaSparkStatusTracker tracker;
    private final SparkContext context;
    private final ExecutorService workers;
    private final ScheduledExecutorService cancellers;
    private final Map<String, Running> statements = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private volatile long lastActivityNanos = System.nanoTime();
    private final ObjectMapper mapper = new ObjectMapper();

    public EngineStatements(SparkContext context, MemberSessions sessions, GroupMetrics metrics,
                            ControllerClient controller, Settings settings, int threads) {
        this.context = requireNonNull(context, "context is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.controller = requireNonNull(controller, "controller is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.tracker = new JavaSparkContext(context).statusTracker();
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> daemon(r, "shuyu-statement-" + n.incrementAndGet()));
        this.cancellers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "shuyu-cancel"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One statement (or batch step group) and where it is. */
    static final class Running {
        final String id;
        final String sessionId;
        final String user;
        final String group;
        final long submittedNanos = System.nanoTime();
        volatile EngineStatementState.State state = EngineStatementState.State.QUEUED;
        volatile boolean cancelled;
        volatile long endNanos;
        volatile Optional<RuntimeStatus> status = Optional.empty();
        volatile Optional<EngineStatementState.Result> result = Optional.empty();
        volatile Optional<RuntimeMetrics> runtimeMetrics = Optional.empty();
        final List<String> groups = new java.util.concurrent.CopyOnWriteArrayList<>();

        Running(String id, String sessionId, String user, String group) {
            this.id = id;
            this.sessionId = sessionId;
            this.user = user;
            this.group = group;
            groups.add(group);
        }
    }

    /** Submits a statement to open session {@code sessionId}; QUEUED (or already RUNNING). */
    public EngineStatementState submit(String sessionId, EngineStatement statement) {
        SparkSession session = sessions.session(sessionId).orElseThrow(() -> new UnknownSessionException(sessionId));
        MemberSessions.Member member = sessions.member(sessionId).orElseThrow(() -> new UnknownSessionException(sessionId));
        int rows = Math.min(statement.maxRows(), settings.maxResultRows());
        Running running = new Running(statement.statementId(), sessionId, member.user(),
                "shuyu-stmt-" + statement.statementId());
        prune();
        if (statements.putIfAbsent(statement.statementId(), running) != null) {
            throw new DuplicateStatementException(statement.statementId());
        }
        touch();
        active.incrementAndGet();
        workers.execute(() -> run(running, session, statement.sql(), statement.token(), rows));
        return state(running);
    }

    /**
     * Runs a statement (or a batch run's work) in a member session on the caller's thread: the member's pool and the
     * final bookkeeping; {@code work} does the protocol and returns the result rows, if any.
     */
    private void run(Running running, SparkSession session, String sql, String token, int maxRows) {
        execute(running, session, token, List.of(sql), () -> {
            Enforcement enforcement = sessions.enforcementOf(session).orElseThrow(EnforcementResolver::unknown);
            HttpLineageSink sink = new HttpLineageSink(settings.controllerUrl(), running.id, token,
                    settings.lineageDeadline(), mapper);
            LineageCapture capture = LineageCapture.of(session, running.id, settings.sources(), sink,
                    Clock.systemUTC());
            boolean query = isQuery(session, sql);
            Optional<EngineStatementState.Result> result = new StatementProtocol(session, enforcement, capture,
                    settings.policyPollMillis()).run(1, sql, query, running.group, () -> {
                        if (running.cancelled) {
                            throw new StatementCancelledException();
                        }
                    }, rows -> firstRows(rows, maxRows));
            running.result = result;
            return RuntimeStatus.succeeded(result.map(r -> r.rows().size() + (r.truncated() ? "+" : "")
                    + " row(s)").orElse("done"));
        });
    }

    /** The bookkeeping around one piece of work: RUNNING, pool, metrics, final state, outcome delivery. */
    void execute(Running running, SparkSession session, String token, List<String> statementsText,
                 java.util.concurrent.Callable<RuntimeStatus> work) {
        long start = System.nanoTime();
        RuntimeStatus status;
        try {
            if (running.cancelled) {
                throw new StatementCancelledException();
            }
            running.state = EngineStatementState.State.RUNNING;
            context.setLocalProperty("spark.scheduler.pool", pool(running.user));
            // Jobs Spark starts on other threads for this statement (broadcasts, subqueries) carry the thread's tags
            // but not always its job group: cancel by both.
            context.addJobTag(tag(running));
            running.groups.forEach(metrics::track);
            status = work.call();
        } catch (Throwable e) {
            if (running.cancelled && !(e instanceof LineageDeliveryException)) {
                String note = LineageDeliveryException.find(e)
                        .map(d -> " (and its lineage FAIL event was not stored: " + d.getMessage() + ")").orElse("");
                status = outcomes(session, statementsText).failed(JobsErrorCode.STATEMENT_CANCELLED,
                        "the statement was cancelled" + note, Optional.of(1));
            } else {
                status = outcomes(session, statementsText).of(e, 1);
            }
        } finally {
            context.removeJobTag(tag(running));
            context.setLocalProperty("spark.scheduler.pool", null);
        }
        double cpu = running.groups.stream().mapToDouble(metrics::cpuSeconds).sum();
        long wall = (System.nanoTime() - start) / 1_000_000L;
        running.groups.forEach(metrics::forget);
        RuntimeMetrics figures = new RuntimeMetrics(cpu, JobMetrics.peakMemoryBytes(), wall,
                running.runtimeMetrics.map(RuntimeMetrics::steps).orElse(List.of(new RuntimeMetrics.Step(1, wall))));
        running.runtimeMetrics = Optional.of(figures);
        running.status = Optional.of(status);
        running.endNanos = System.nanoTime();
        running.state = finalState(running, status);
        synchronized (running) {
            running.notifyAll();
        }
        active.decrementAndGet();
        touch();
        Thread.interrupted(); // a cancel may have interrupted this worker: the outcome is delivered all the same
        controller.outcome(running.id, token, new StatementOutcome(status, figures));
    }

    private static EngineStatementState.State finalState(Running running, RuntimeStatus status) {
        if (status.state() == RuntimeStatus.State.SUCCEEDED) {
            return EngineStatementState.State.SUCCEEDED;
        }
        if (JobsErrorCode.STATEMENT_CANCELLED.name().equals(status.code())) {
            return EngineStatementState.State.CANCELLED;
        }
        return status.state() == RuntimeStatus.State.REFUSED ? EngineStatementState.State.REFUSED
                : EngineStatementState.State.FAILED;
    }

    /** The outcome rules with this statement's vocabulary and the engine's secrets. */
    Outcomes outcomes(SparkSession session, List<String> statementsText) {
        List<String> words = new ArrayList<>(statementsText);
        words.add(settings.workspaceDatabase());
        return new Outcomes(SafeMessages.of(Optional.ofNullable(session), words), settings.secrets());
    }

    /** A query (its rows are shown, lineage PREVIEW) or a command; an unparsable text is left to the protocol. */
    private static boolean isQuery(SparkSession session, String sql) {
        try {
            return !(session.sessionState().sqlParser().parsePlan(sql) instanceof Command);
        } catch (Exception e) {
            return true;
        }
    }

    /** At most {@code maxRows} rows of a result with columns, as text; {@code truncated} when there were more. */
    static Optional<EngineStatementState.Result> firstRows(Dataset<Row> rows, int maxRows) {
        if (rows.schema().fields().length == 0) {
            return Optional.empty();
        }
        PreviewResult preview = JobRunner.previewOf(rows.limit(maxRows + 1));
        List<EngineStatementState.Column> columns = preview.columns().stream()
                .map(c -> new EngineStatementState.Column(c.name(), c.type())).toList();
        boolean truncated = preview.rows().size() > maxRows;
        List<List<String>> kept = truncated ? preview.rows().subList(0, maxRows) : preview.rows();
        return Optional.of(new EngineStatementState.Result(columns, kept, truncated));
    }

    static String tag(Running running) {
        return "shuyu-statement-" + running.id;
    }

    static String pool(String user) {
        return "member-" + user;
    }

    public Optional<EngineStatementState> state(String statementId) {
        Running running = statements.get(statementId);
        return running == null ? Optional.empty() : Optional.of(state(running));
    }

    /** The state, waiting up to {@code waitMillis} (at most 30 s) for it to be final. */
    public Optional<EngineStatementState> await(String statementId, long waitMillis) throws InterruptedException {
        Running running = statements.get(statementId);
        if (running == null) {
            return Optional.empty();
        }
        awaitFinal(running, waitMillis);
        return Optional.of(state(running));
    }

    static void awaitFinal(Running running, long waitMillis) throws InterruptedException {
        long end = System.nanoTime() + Math.min(Math.max(0, waitMillis), 30_000) * 1_000_000L;
        synchronized (running) {
            while (!running.state.isFinal()) {
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                running.wait(left);
            }
        }
    }

    /** Cancels a statement (no effect once final). */
    public Optional<EngineStatementState> cancel(String statementId) {
        Running running = statements.get(statementId);
        if (running == null) {
            return Optional.empty();
        }
        cancel(running);
        return Optional.of(state(running));
    }

    void cancel(Running running) {
        if (running.state.isFinal() || running.cancelled) {
            return;
        }
        running.cancelled = true;
        // A job may start right after one cancel: cancel the group again until the statement ends.
        Runnable cancelGroups = () -> {
            context.cancelJobsWithTag(tag(running));
            running.groups.forEach(context::cancelJobGroup);
        };
        cancelGroups.run();
        java.util.concurrent.ScheduledFuture<?>[] repeat = new java.util.concurrent.ScheduledFuture<?>[1];
        repeat[0] = cancellers.scheduleWithFixedDelay(() -> {
            if (running.state.isFinal()) {
                repeat[0].cancel(false);
            } else {
                cancelGroups.run();
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
    }

    /** Cancels every statement of {@code sessionId} that has not ended. */
    public void cancelSession(String sessionId) {
        for (Running running : statements.values()) {
            if (running.sessionId.equals(sessionId)) {
                cancel(running);
            }
        }
    }

    /** Cancels everything (shutdown). */
    public void cancelAll() {
        statements.values().forEach(this::cancel);
    }

    /** How long a final statement's state stays readable (the controller keeps the durable record). */
    static final long KEEP_FINAL_NANOS = TimeUnit.MINUTES.toNanos(30);

    /** Forgets statements that ended more than {@link #KEEP_FINAL_NANOS} ago. */
    private void prune() {
        long now = System.nanoTime();
        statements.values().removeIf(r -> r.state.isFinal() && now - r.endNanos > KEEP_FINAL_NANOS);
    }

    void register(Running running) {
        prune();
        if (statements.putIfAbsent(running.id, running) != null) {
            throw new DuplicateStatementException(running.id);
        }
        active.incrementAndGet();
        touch();
    }

    void submitWork(Runnable work) {
        workers.execute(work);
    }

    Optional<Running> running(String id) {
        return Optional.ofNullable(statements.get(id));
    }

    EngineStatementState state(Running running) {
        long end = running.state.isFinal() ? running.endNanos : System.nanoTime();
        EngineStatementState.Progress progress = EngineStatementState.Progress.NONE;
        try {
            progress = GroupMetrics.progress(tracker, running.group);
        } catch (RuntimeException e) {
            // no progress figures while the context stops
        }
        return new EngineStatementState(running.id, running.sessionId, running.state, progress,
                Math.max(0, (end - running.submittedNanos) / 1_000_000L), running.status, running.result,
                running.runtimeMetrics);
    }

    /** Statements not yet final. */
    public int runningCount() {
        return active.get();
    }

    /** Milliseconds since the last statement ended or was submitted; 0 while one runs. */
    public long idleMillis() {
        return active.get() > 0 ? 0 : (System.nanoTime() - lastActivityNanos) / 1_000_000L;
    }

    public void touch() {
        lastActivityNanos = System.nanoTime();
    }

    @Override
    public void close() {
        cancelAll();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cancellers.shutdownNow();
    }
}
