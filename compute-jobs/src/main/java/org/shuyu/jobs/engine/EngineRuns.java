package org.shuyu.jobs.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.EnforcementResolver;
import org.shuyu.jobs.lineage.HttpLineageSink;
import org.shuyu.jobs.lineage.LineageCapture;
import org.shuyu.jobs.runtime.JobRunner;
import org.shuyu.jobs.runtime.PreviewResult;
import org.shuyu.jobs.spec.RuntimeConfig;
import org.shuyu.runtime.contract.EngineStatementState;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.shuyu.runtime.contract.StatementOutcome;

/**
 * Batch jobs on a warm engine ({@code /runs}): a JOB or PREVIEW {@link RuntimeRequest} runs in a fresh member session
 * of the job's user ({@code run-<jobId>}, closed when it ends) through the batch {@link JobRunner} (same steps, same
 * job groups {@code shuyu-<jobId>-step-<n>}, same write-ahead lineage under the job's own credential), and ends with
 * the {@link RuntimeStatus} JobMain would write; its {@link RuntimeMetrics} count the CPU seconds of the job's own
 * Spark tasks (a cold run counts its whole process) and the engine's peak memory.
 */
public final class EngineRuns {
    /** A request this engine cannot run (another workspace, sources it did not register, a SNAPSHOT). */
    public static final class NotRunnableException extends RuntimeException {
        NotRunnableException(String message) {
            super(message);
        }
    }

    private final EngineStatements statements;
    private final MemberSessions sessions;
    private final EngineStatements.Settings settings;
    private final String workspaceId;
    private final ObjectMapper mapper = new ObjectMapper();

    public EngineRuns(EngineStatements statements, MemberSessions sessions, EngineStatements.Settings settings,
                      String workspaceId) {
        this.statements = requireNonNull(statements, "statements is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    }

    /** Starts a run; {@code token} is the job's runtime credential. */
    public void submit(RuntimeRequest request, String token) {
        if (request.kind() == RuntimeRequest.Kind.SNAPSHOT) {
            throw new NotRunnableException("a SNAPSHOT runs cold only");
        }
        if (!request.workspaceId().equals(workspaceId)
                || !request.workspaceDatabase().equalsIgnoreCase(settings.workspaceDatabase())) {
            throw new NotRunnableException("the run belongs to another workspace");
        }
        Set<String> mine = settings.sources().stream().map(RuntimeRequest.Source::id).collect(Collectors.toSet());
        for (RuntimeRequest.Source source : request.sources()) {
            if (!settings.sources().contains(source)) {
                throw new NotRunnableException("source " + source.id() + (mine.contains(source.id())
                        ? " is registered differently in this engine" : " is not registered in this engine"));
            }
        }
        RuntimeConfig config = new RuntimeConfig(request);
        String sessionId = "run-" + request.jobId();
        EngineStatements.Running running = new EngineStatements.Running(request.jobId(), sessionId, request.user(),
                "shuyu-" + request.jobId() + "-step-1");
        for (int i = 2; i <= request.steps().size(); i++) {
            running.groups.add("shuyu-" + request.jobId() + "-step-" + i);
        }
        statements.register(running);
        List<String> words = new ArrayList<>(request.steps());
        request.preview().ifPresent(p -> words.add(p.table()));
        statements.submitWork(() -> {
            SparkSession session = null;
            try {
                session = sessions.open(sessionId, request.user());
                SparkSession s = session;
                statements.execute(running, session, token, words, () -> work(running, s, config, token, words));
            } catch (RuntimeException e) {
                statements.execute(running, null, token, words, () -> {
                    throw e;
                });
            } finally {
                if (session != null) {
                    sessions.close(sessionId);
                }
            }
        });
    }

    private RuntimeStatus work(EngineStatements.Running running, SparkSession session, RuntimeConfig config,
                               String token, List<String> words) {
        Enforcement enforcement = sessions.enforcementOf(session).orElseThrow(EnforcementResolver::unknown);
        HttpLineageSink sink = new HttpLineageSink(config.policyUrl(), config.jobId(), token,
                java.time.Duration.ofMillis(config.lineageDeliveryTimeoutMillis()), mapper);
        JobRunner runner = new JobRunner(session, enforcement, config,
                LineageCapture.of(session, config, sink, Clock.systemUTC()));
        List<RuntimeMetrics.Step> steps = new ArrayList<>();
        int index = 0;
        try {
            if (config.kind() == RuntimeRequest.Kind.PREVIEW) {
                index = 1;
                long t0 = System.nanoTime();
                try {
                    PreviewResult preview = runner.preview(config.preview().orElseThrow());
                    running.result = Optional.of(new EngineStatementState.Result(preview.columns().stream()
                            .map(c -> new EngineStatementState.Column(c.name(), c.type())).toList(), preview.rows(),
                            false));
                    return RuntimeStatus.succeeded("preview of " + config.preview().orElseThrow().table() + ": "
                            + preview.rows().size() + " rows");
                } finally {
                    steps.add(new RuntimeMetrics.Step(1, (System.nanoTime() - t0) / 1_000_000L));
                    running.runtimeMetrics = Optional.of(new RuntimeMetrics(0, 0, 0, steps));
                }
            }
            for (String step : config.steps()) {
                index++;
                long t0 = System.nanoTime();
                try {
                    runner.runStep(index, step);
                } finally {
                    steps.add(new RuntimeMetrics.Step(index, (System.nanoTime() - t0) / 1_000_000L));
                    running.runtimeMetrics = Optional.of(new RuntimeMetrics(0, 0, 0, List.copyOf(steps)));
                }
            }
            return RuntimeStatus.succeeded(index + " step(s) succeeded");
        } catch (RuntimeException | Error e) {
            if (running.cancelled) {
                throw e;
            }
            return statements.outcomes(session, words).of(e, Math.max(1, index));
        }
    }

    /** The run's outcome once final. Empty while it runs; throws {@link IllegalArgumentException} if unknown. */
    public Optional<StatementOutcome> outcome(String jobId, long waitMillis) throws InterruptedException {
        EngineStatements.Running running = statements.running(jobId)
                .orElseThrow(() -> new IllegalArgumentException("unknown run " + jobId));
        EngineStatements.awaitFinal(running, waitMillis);
        if (!running.state.isFinal()) {
            return Optional.empty();
        }
        return Optional.of(new StatementOutcome(running.status.orElseThrow(), running.runtimeMetrics.orElseThrow()));
    }

    /** A finished PREVIEW's rows (empty while it runs or when it had none). */
    public Optional<EngineStatementState.Result> preview(String jobId) {
        return statements.running(jobId).filter(r -> r.state.isFinal()).flatMap(r -> r.result);
    }

    public boolean cancel(String jobId) {
        Optional<EngineStatements.Running> running = statements.running(jobId);
        running.ifPresent(statements::cancel);
        return running.isPresent();
    }
}
