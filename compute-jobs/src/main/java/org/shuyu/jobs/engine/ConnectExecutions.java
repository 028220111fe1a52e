package org.shuyu.jobs.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.connect.service.SparkListenerConnectOperationCanceled;
import org.apache.spark.sql.connect.service.SparkListenerConnectOperationClosed;
import org.apache.spark.sql.connect.service.SparkListenerConnectOperationFailed;
import org.apache.spark.sql.connect.service.SparkListenerConnectOperationFinished;
import org.apache.spark.util.Utils$;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.authz.EnforcementResolver;
import org.shuyu.jobs.lineage.HttpLineageSink;
import org.shuyu.jobs.lineage.LineageCapture;
import org.shuyu.jobs.lineage.LineageDeliveryException;
import org.shuyu.jobs.runtime.JobMetrics;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.runtime.contract.ConnectStatementTicket;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.shuyu.runtime.contract.StatementOutcome;

/**
 * Spark Connect executions as statements (docs/engine.md, "Spark Connect executions"). The check phase calls
 * {@link #onAnalysed} for every analysed plan of a bound member session; an analysis counts as an execution when it
 * happens on a Spark Connect execute thread (the thread Spark names {@code CONNECT_EXECUTE_THREAD_PREFIX + operation
 * id}, which runs ExecutePlan operations only; AnalyzePlan, Config and the other RPCs run on gRPC threads) and is the
 * first one of that operation. For it the engine registers a ticket with the controller, derives the lineage from
 * that plan and delivers START with the ticket's credential; no ticket or no START stored throws, which refuses the
 * plan before anything ran (fail closed). Later analyses of the same operation run under the same ticket. When Spark
 * Connect reports the operation finished (or failed, cancelled, closed) on the listener bus, COMPLETE (or FAIL) and
 * the {@link StatementOutcome} are delivered.
 */
public final class ConnectExecutions extends SparkListener {
    private record Execution(ConnectStatementTicket ticket, LineageCapture capture, long startNanos, String group) {
    }

    private final MemberSessions sessions;
    private final ControllerClient controller;
    private final EngineStatements.Settings settings;
    private final GroupMetrics metrics;
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    /** What the Connect guard said about an accepted ExecutePlan, by operation id, until the operation ends. */
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

    private record Accepted(String member, String sessionId, String operation) {
    }
    private final ObjectMapper mapper = new ObjectMapper();

    public ConnectExecutions(MemberSessions sessions, ControllerClient controller, EngineStatements.Settings settings,
                             GroupMetrics metrics) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.controller = requireNonNull(controller, "controller is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /** The Spark Connect operation the current thread executes, if it is an execute thread. */
    public static Optional<String> currentOperation() {
        String name = Thread.currentThread().getName();
        String prefix = Utils$.MODULE$.CONNECT_EXECUTE_THREAD_PREFIX();
        if (!name.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = name.substring(prefix.length());
        int eq = rest.indexOf('=');
        String id = eq >= 0 ? rest.substring(eq + 1) : rest.replaceFirst("^[^A-Za-z0-9]+", "");
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /**
     * The Connect guard's {@code ConnectExecutionHook}: an ExecutePlan it let through, before Spark Connect handles
     * it. Its operation text (never data) names the statement's ticket, and its member must be the member the
     * analysed session is bound to.
     */
    public void accepted(String member, String sessionId, String connectSessionId, String operationId,
                         String operation) {
        accepted.put(requireNonNull(operationId, "operationId is null"), new Accepted(
                requireNonNull(member, "member is null"), requireNonNull(sessionId, "sessionId is null"),
                requireNonNull(operation, "operation is null")));
    }

    /**
     * The check-phase hook: on a Connect execute thread, the operation's first analysed plan gets its ticket and its
     * lineage START before anything runs; throws (refusing the plan) when either fails. No effect elsewhere.
     */
    public void onAnalysed(SparkSession session, LogicalPlan analyzed) {
        Optional<String> operation = currentOperation();
        if (operation.isEmpty() || executions.containsKey(operation.get())) {
            return;
        }
        Accepted guard = accepted.get(operation.get());
        if (guard != null) {
            MemberSessions.Member member = sessions.memberOf(session).orElseThrow(EnforcementResolver::unknown);
            if (!member.user().equals(guard.member()) || !member.sessionId().equals(guard.sessionId())) {
                throw new EnforcementException(JobsErrorCode.NO_IDENTITY,
                        "the Spark Connect operation was accepted for another member session");
            }
        }
        begin(session, operation.get(), guard != null ? guard.operation()
                : "connect: ExecutePlan(" + analyzed.nodeName() + ")", analyzed);
    }

    /** Registers operation {@code operationId} and stores its lineage START; throws when either is not done. */
    public synchronized void begin(SparkSession session, String operationId, String operation, LogicalPlan analyzed) {
        if (executions.containsKey(operationId)) {
            return;
        }
        MemberSessions.Member member = sessions.memberOf(session).orElseThrow(EnforcementResolver::unknown);
        ConnectStatementTicket ticket;
        try {
            ticket = controller.register(new ConnectStatementTicket.Registration(member.sessionId(), member.user(),
                    operation));
        } catch (IllegalStateException e) {
            throw new EnforcementException(JobsErrorCode.STATEMENT_NOT_REGISTERED,
                    "the Spark Connect execution has no ticket: " + e.getMessage() + "; nothing ran");
        }
        HttpLineageSink sink = new HttpLineageSink(settings.controllerUrl(), ticket.statementId(), ticket.token(),
                settings.lineageDeadline(), mapper);
        LineageCapture capture = LineageCapture.of(session, ticket.statementId(), settings.sources(), sink,
                Clock.systemUTC());
        LineageEvent start = capture.start(1, analyzed, !(analyzed instanceof Command));
        try {
            capture.started(start);
        } catch (LineageDeliveryException e) {
            controller.outcome(ticket.statementId(), ticket.token(), new StatementOutcome(new RuntimeStatus(
                    RuntimeStatus.State.FAILED, e.code().name(), e.getMessage() + "; the statement did not run",
                    Optional.of(1)), new RuntimeMetrics(0, JobMetrics.peakMemoryBytes(), 0, List.of())));
            throw new LineageDeliveryException(e.code(), e.getMessage() + "; the statement did not run");
        }
        metrics.track(operationId);
        executions.put(operationId, new Execution(ticket, capture, System.nanoTime(), operationId));
    }

    /** Ends operation {@code operationId}: COMPLETE (no failure) or FAIL, then its outcome. No effect if unknown. */
    public void end(String operationId, Optional<String> failureCode) {
        accepted.remove(operationId);
        Execution execution = executions.remove(operationId);
        if (execution == null) {
            return;
        }
        RuntimeStatus status;
        try {
            if (failureCode.isEmpty()) {
                execution.capture().completed(1);
                status = RuntimeStatus.succeeded("Spark Connect operation finished");
            } else {
                execution.capture().failed(1, new IllegalStateException(failureCode.get()));
                status = new RuntimeStatus(RuntimeStatus.State.FAILED, JobsErrorCode.STEP_FAILED.name(),
                        "the Spark Connect operation " + failureCode.get(), Optional.of(1));
            }
        } catch (LineageDeliveryException e) {
            status = new RuntimeStatus(RuntimeStatus.State.FAILED, e.code().name(), e.getMessage()
                    + (failureCode.isEmpty() ? "; the statement ran, so the controller quarantines its outputs" : ""),
                    Optional.of(1));
        }
        long wall = (System.nanoTime() - execution.startNanos()) / 1_000_000L;
        double cpu = metrics.cpuSeconds(execution.group());
        metrics.forget(execution.group());
        controller.outcome(execution.ticket().statementId(), execution.ticket().token(), new StatementOutcome(status,
                new RuntimeMetrics(cpu, JobMetrics.peakMemoryBytes(), wall, List.of(new RuntimeMetrics.Step(1, wall)))));
    }

    /** Executions begun and not yet ended. */
    public int open() {
        return executions.size();
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
        if (event instanceof SparkListenerConnectOperationFinished finished) {
            end(finished.operationId(), Optional.empty());
        } else if (event instanceof SparkListenerConnectOperationFailed failed) {
            end(failed.operationId(), Optional.of("failed"));
        } else if (event instanceof SparkListenerConnectOperationCanceled canceled) {
            end(canceled.operationId(), Optional.of("was cancelled"));
        } else if (event instanceof SparkListenerConnectOperationClosed closed) {
            end(closed.operationId(), Optional.of("was closed before it finished"));
        }
    }
}
