package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.CommandResult;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.CommandExecutionMode$;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.lineage.LineageCapture;
import org.shuyu.jobs.lineage.LineageDeliveryException;
import org.shuyu.jobs.spec.RuntimeConfig;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.lineage.LineageEvent;

/**
 * Runs a job in its session: the privileged setup, then (irreversibly) enforcement, then each step, the preview or
 * the snapshot.
 * A query step is executed in full but its rows go nowhere; a command persists its effect.
 *
 * <p>Every statement is write-ahead logged (docs/lineage-capture.md): it is parsed and analysed without executing
 * (enforcement refuses here, as before), its lineage is derived from the analysed plan and delivered as START;
 * only then does that analysed plan execute, and COMPLETE (or FAIL) is delivered before the step counts as done.
 */
public final class JobRunner implements AutoCloseable {
    private final SparkSession spark;
    private final Enforcement enforcement;
    private final RuntimeConfig config;
    /** The workspace's writer lock, held shared from setup until {@link #close}. */
    private WorkspaceWriters writers;
    /** Null only in {@link #withoutLineage} (benchmarks). */
    private final LineageCapture lineage;

    public JobRunner(SparkSession spark, Enforcement enforcement, RuntimeConfig config, LineageCapture lineage) {
        this.spark = requireNonNull(spark, "spark is null");
        this.enforcement = requireNonNull(enforcement, "enforcement is null");
        this.config = requireNonNull(config, "config is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    private JobRunner(SparkSession spark, Enforcement enforcement, RuntimeConfig config) {
        this.spark = requireNonNull(spark, "spark is null");
        this.enforcement = requireNonNull(enforcement, "enforcement is null");
        this.config = requireNonNull(config, "config is null");
        this.lineage = null;
    }

    /**
     * A runner that records no lineage, for the capture-overhead benchmark only (the same statements without
     * capture). Nothing in the runtime configuration selects it; {@code JobMain} always passes a
     * {@link LineageCapture}, and a job's lineage is never optional.
     */
    public static JobRunner withoutLineage(SparkSession spark, Enforcement enforcement, RuntimeConfig config) {
        return new JobRunner(spark, enforcement, config);
    }

    /** Registers sources and workspace tables, makes the workspace database current, then locks the session. */
    public void setup() throws IOException {
        if (enforcement.enabled()) {
            throw new IllegalStateException("setup after enforcement was switched on");
        }
        WorkspaceCatalog catalog = new WorkspaceCatalog(spark);
        for (RuntimeRequest.Source source : config.sources()) {
            catalog.registerSource(source);
            enforcement.declareSource(spark, source.namespace(), source.table());
        }
        if (writers == null) {
            writers = WorkspaceWriters.open(config.warehouseDir());
        }
        boolean alone = writers.tryExclusive();
        try {
            catalog.registerWorkspace(config.workspaceDatabase(), config.warehouseDir(), alone);
        } finally {
            writers.shared();
        }
        spark.catalog().setCurrentDatabase(config.workspaceDatabase());
        enforcement.enable(spark);
    }

    /** Releases the workspace's writer lock (JobMain, when the job ends; the OS does it if the process dies). */
    @Override
    public void close() throws IOException {
        if (writers != null) {
            writers.close();
        }
    }

    /** How often a statement is analysed again when a policy update arrived while it was being analysed. */
    static final int POLICY_CHANGE_RETRIES = 3;

    /** Runs step {@code step} (1-based) under enforcement and lineage capture; a query's rows are dropped. */
    public void runStep(int step, String sql) {
        requireEnforced();
        if (lineage == null) {
            // A query is planned (and checked again) when it executes: a policy update between its analysis and
            // its execution is the same race as during analysis, refused before any task ran, so it is retried.
            analysed(() -> {
                Dataset<Row> result = spark.sql(sql);
                drain(result);
                return result;
            });
            return;
        }
        captured(step, sql, false, JobRunner::drain);
    }

    /** The preview: {@code SELECT * FROM <workspace db>.<table> LIMIT n} under enforcement, values as strings. */
    public PreviewResult preview(RuntimeRequest.Preview preview) {
        requireEnforced();
        String sql = "SELECT * FROM `" + config.workspaceDatabase() + "`.`" + preview.table() + "` LIMIT "
                + preview.limit();
        if (lineage == null) {
            return analysed(() -> previewOf(spark.sql(sql)));
        }
        return captured(1, sql, true, JobRunner::previewOf);
    }

    /**
     * The snapshot: {@code SELECT * FROM <workspace db>.<table> LIMIT maxRows+1} under enforcement and lineage capture
     * exactly like the preview (a read of one table, step 1, no output), streamed to the driver partition by partition
     * into {@code <outputDir>/snapshot.arrow}. More than {@code maxRows} rows: {@link SnapshotTooLargeException} and
     * no file.
     */
    public SnapshotResult snapshot(RuntimeRequest.Snapshot snapshot) {
        requireEnforced();
        String sql = "SELECT * FROM `" + config.workspaceDatabase() + "`.`" + snapshot.table() + "` LIMIT "
                + (snapshot.maxRows() + 1);
        java.util.function.Function<Dataset<Row>, SnapshotResult> write = rows -> {
            Dataset<Row> prepared = ArrowSnapshotWriter.prepared(rows);
            try {
                return ArrowSnapshotWriter.write(snapshot.table(), prepared.schema(), prepared.toLocalIterator(),
                        snapshot.maxRows(), config.outputDir());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write the snapshot: " + e.getMessage(), e);
            }
        };
        if (lineage == null) {
            return analysed(() -> write.apply(spark.sql(sql)));
        }
        return captured(1, sql, true, write);
    }

    /** An analysed statement and the lineage event recorded for it. */
    private record Prepared(LogicalPlan analyzed, LineageEvent start, long policyVersion) {
    }

    /**
     * The write-ahead protocol for one statement: analyse (refusals happen here) and derive its lineage, deliver
     * START, execute the analysed plan, deliver COMPLETE; FAIL if it failed. A policy update that races with
     * execution is retried only while the statement's lineage stays what START said.
     */
    private <T> T captured(int step, String sql, boolean preview, java.util.function.Function<Dataset<Row>, T> run) {
        Prepared prepared = analysed(() -> prepare(step, sql, preview));
        try {
            lineage.started(prepared.start());
        } catch (LineageDeliveryException e) {
            throw new LineageDeliveryException(e.code(), e.getMessage() + "; the statement did not run");
        }
        T result;
        try {
            for (int attempt = 1; ; attempt++) {
                if (enforcement.authorizer().policyVersion() != prepared.policyVersion()) {
                    prepared = sameLineage(prepared, analysed(() -> prepare(step, sql, preview)), step);
                }
                try {
                    result = watched(step, prepared.analyzed(), run);
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
        } catch (RuntimeException | Error e) {
            try {
                lineage.failed(step, e);
            } catch (LineageDeliveryException delivery) {
                e.addSuppressed(delivery);
            }
            throw e;
        }
        try {
            lineage.completed(step);
        } catch (LineageDeliveryException e) {
            throw new LineageDeliveryException(e.code(), e.getMessage()
                    + "; the statement ran, so the controller quarantines its outputs");
        }
        return result;
    }

    /**
     * Runs an analysed statement in its own Spark job group while {@link RevocationWatch} checks its accesses
     * against the policies in force every poll interval: a revocation cancels the group, and the statement ends with
     * {@code ACCESS_REVOKED} instead of finishing.
     */
    private <T> T watched(int step, LogicalPlan analyzed, java.util.function.Function<Dataset<Row>, T> run) {
        List<org.shuyu.jobs.authz.AccessRequest> accesses = enforcement.accessesOf(spark, analyzed);
        String group = "shuyu-" + config.jobId() + "-step-" + step;
        org.apache.spark.SparkContext context = spark.sparkContext();
        context.setJobGroup(group, "step " + step, true);
        RevocationWatch watch = RevocationWatch.start(enforcement.authorizer(), accesses,
                java.time.Duration.ofMillis(Math.max(50, config.policyPollMillis() / 4)),
                () -> context.cancelJobGroup(group));
        try {
            return run.apply(execute(analyzed));
        } catch (Exception e) { // Spark throws its checked SparkException (job cancelled) undeclared
            if (watch.revoked().isPresent()) {
                throw watch.refusal(e);
            }
            throw JobRunner.<RuntimeException>rethrow(e);
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
        } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
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
        return org.apache.spark.sql.classic.Dataset$.MODULE$.ofRows(
                (org.apache.spark.sql.classic.SparkSession) spark, analyzed);
    }

    private static Dataset<Row> drain(Dataset<Row> result) {
        if (!(result.queryExecution().commandExecuted() instanceof CommandResult)) {
            result.foreachPartition((ForeachPartitionFunction<Row>) rows -> {
                while (rows.hasNext()) {
                    rows.next();
                }
            });
        }
        return result;
    }

    private static PreviewResult previewOf(Dataset<Row> rows) {
        List<PreviewResult.Column> columns = new ArrayList<>();
        List<Column> asText = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            columns.add(new PreviewResult.Column(field.name(), field.dataType().simpleString()));
            asText.add(functions.col("`" + field.name().replace("`", "``") + "`").cast("string"));
        }
        List<List<String>> values = new ArrayList<>();
        for (Row row : rows.select(asText.toArray(new Column[0])).collectAsList()) {
            List<String> line = new ArrayList<>(row.length());
            for (int i = 0; i < row.length(); i++) {
                line.add(row.isNullAt(i) ? null : row.getString(i));
            }
            values.add(line);
        }
        return new PreviewResult(columns, values);
    }

    /**
     * Analyses (and for a command, runs) a statement; if a policy update raced with its analysis the check refuses
     * it before anything ran, and it is analysed again with the new policies.
     */
    public static <T> T analysed(java.util.function.Supplier<T> statement) {
        for (int attempt = 1; ; attempt++) {
            try {
                return statement.get();
            } catch (RuntimeException e) {
                boolean raced = org.shuyu.jobs.authz.EnforcementException.find(e)
                        .map(org.shuyu.jobs.authz.EnforcementException::isPolicyChanged).orElse(false);
                if (!raced || attempt > POLICY_CHANGE_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private void requireEnforced() {
        if (!enforcement.enabled()) {
            throw new IllegalStateException("enforcement is not switched on");
        }
    }
}
