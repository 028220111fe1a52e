package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.Dataset$;
import org.apache.spark.sql.execution.CommandExecutionMode$;
import org.shuyu.jobs.authz.AccessRequest;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.lineage.LineageCapture;
import org.shuyu.jobs.lineage.LineageDeliveryException;
import org.shuyu.lineage.LineageEvent;

/**
 * The write-ahead protocol of one statement, the same for a batch job's steps ({@link JobRunner}) and the warm
 * engine's statements and runs: analyse (enforcement refuses here, before anything ran) and derive its lineage,
 * deliver START, execute the analysed plan in its own Spark job group under {@link RevocationWatch}, deliver COMPLETE
 * (or FAIL if it failed). A policy update that races with execution is retried only while the statement's lineage
 * stays what START said (docs/lineage-capture.md).
 */
public final class StatementProtocol {
    /** How often a statement is analysed again when a policy update arrived while it was being analysed. */
    static final int POLICY_CHANGE_RETRIES = 3;

    private final SparkSession spark;
    private final Enforcement enforcement;
    private final LineageCapture lineage;
    private final long policyPollMillis;

    public StatementProtocol(SparkSession spark, Enforcement enforcement, LineageCapture lineage,
                             long policyPollMillis) {
        this.spark = requireNonNull(spark, "spark is null");
        this.enforcement = requireNonNull(enforcement, "enforcement is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.policyPollMillis = policyPollMillis;
    }

    /** What runs between START and execution (the engine refuses a statement cancelled meanwhile); may throw. */
    public interface Gate {
        Gate OPEN = () -> { };

        void beforeExecution();
    }

    /**
     * Runs statement {@code sql} as step {@code step} in Spark job group {@code group}: {@code run} receives the
     * executed (command) or executable (query) Dataset of the analysed plan.
     */
    public <T> T run(int step, String sql, boolean preview, String group, Gate gate, Function<Dataset<Row>, T> run) {
        Prepared prepared = analysed(() -> prepare(step, sql, preview));
        try {
            lineage.started(prepared.start());
        } catch (LineageDeliveryException e) {
            throw new LineageDeliveryException(e.code(), e.getMessage() + "; the statement did not run");
        }
        T result;
        try {
            gate.beforeExecution();
            for (int attempt = 1; ; attempt++) {
                if (enforcement.authorizer().policyVersion() != prepared.policyVersion()) {
                    prepared = sameLineage(prepared, analysed(() -> prepare(step, sql, preview)), step);
                }
                try {
                    result = watched(group, step, prepared.analyzed(), run);
                    break;
                } catch (RuntimeException e) {
                    boolean raced = EnforcementException.find(e).map(EnforcementException::isPolicyChanged)
                            .orElse(false);
                    if (!raced || attempt > POLICY_CHANGE_RETRIES) {
                        throw e;
                    }
                    prepared = sameLineage(prepared, analysed(() -> prepare(step, sql, preview)), step);
                }
            }
        } catch (Exception | Error e) {
            // Spark throws its checked SparkException (a failed or cancelled job) undeclared: it is a failure too.
            // A cancelled statement's thread may carry an interrupt: its FAIL event is delivered all the same.
            boolean interrupted = Thread.interrupted();
            try {
                lineage.failed(step, e);
            } catch (LineageDeliveryException delivery) {
                e.addSuppressed(delivery);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw StatementProtocol.<RuntimeException>rethrow((Exception) e);
        }
        try {
            lineage.completed(step);
        } catch (LineageDeliveryException e) {
            throw new LineageDeliveryException(e.code(), e.getMessage()
                    + "; the statement ran, so the controller quarantines its outputs");
        }
        return result;
    }

    /** An analysed statement and the lineage event recorded for it. */
    private record Prepared(LogicalPlan analyzed, LineageEvent start, long policyVersion) {
    }

    /**
     * Runs an analysed statement in job group {@code group} while {@link RevocationWatch} checks its accesses against
     * the policies in force every poll interval: a revocation cancels the group, and the statement ends with
     * {@code ACCESS_REVOKED} instead of finishing.
     */
    private <T> T watched(String group, int step, LogicalPlan analyzed, Function<Dataset<Row>, T> run) {
        List<AccessRequest> accesses = enforcement.accessesOf(spark, analyzed);
        SparkContext context = spark.sparkContext();
        context.setJobGroup(group, "step " + step, true);
        RevocationWatch watch = RevocationWatch.start(enforcement.authorizer(), accesses,
                Duration.ofMillis(Math.max(50, policyPollMillis / 4)), () -> context.cancelJobGroup(group));
        try {
            return run.apply(execute(analyzed));
        } catch (Exception e) { // Spark throws its checked SparkException (job cancelled) undeclared
            if (watch.revoked().isPresent()) {
                throw watch.refusal(e);
            }
            throw StatementProtocol.<RuntimeException>rethrow(e);
        } finally {
            watch.close();
            context.clearJobGroup();
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Exception e) throws E {
        throw (E) e;
    }

    private Prepared prepare(int step, String sql, boolean preview) {
        long version = enforcement.authorizer().policyVersion();
        LogicalPlan parsed;
        try {
            parsed = spark.sessionState().sqlParser().parsePlan(sql);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        LogicalPlan analyzed = spark.sessionState().executePlan(parsed, CommandExecutionMode$.MODULE$.SKIP())
                .analyzed();
        return new Prepared(analyzed, lineage.start(step, analyzed, preview), version);
    }

    /** The statement analysed again (new policies) may run only if its lineage is what START recorded. */
    private static Prepared sameLineage(Prepared recorded, Prepared again, int step) {
        LineageEvent a = recorded.start();
        LineageEvent b = again.start();
        if (a.statement() != b.statement() || !a.inputs().equals(b.inputs()) || !a.outputs().equals(b.outputs())
                || !a.edges().equals(b.edges())) {
            throw EnforcementException.policyChanged("the policies changed while the lineage of step " + step
                    + " was being recorded and the statement would now do something else; run the job again");
        }
        return new Prepared(again.analyzed(), recorded.start(), again.policyVersion());
    }

    /** Executes an analysed plan (a command runs now; a query is returned to be run). */
    private Dataset<Row> execute(LogicalPlan analyzed) {
        return Dataset$.MODULE$.ofRows((org.apache.spark.sql.classic.SparkSession) spark, analyzed);
    }

    /**
     * Analyses (and for a command, runs) a statement; if a policy update raced with its analysis the check refuses
     * it before anything ran, and it is analysed again with the new policies.
     */
    public static <T> T analysed(Supplier<T> statement) {
        for (int attempt = 1; ; attempt++) {
            try {
                return statement.get();
            } catch (RuntimeException e) {
                boolean raced = EnforcementException.find(e).map(EnforcementException::isPolicyChanged).orElse(false);
                if (!raced || attempt > POLICY_CHANGE_RETRIES) {
                    throw e;
                }
            }
        }
    }
}
