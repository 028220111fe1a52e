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
        if (writers == null) {
            writers = WorkspaceWriters.open(config.warehouseDir());
        }
        privilegedSetup(spark, enforcement, config.sources(), config.workspaceDatabase(), config.warehouseDir(),
                writers);
    }

    /**
     * The warm engine's privileged setup (the same steps as a job's): returns the workspace's writer lock, held
     * shared until it is closed (when the engine stops).
     */
    public static AutoCloseable engineSetup(SparkSession spark, Enforcement enforcement,
                                            List<RuntimeRequest.Source> sources, String workspaceDatabase,
                                            java.nio.file.Path warehouseDir) throws IOException {
        WorkspaceWriters writers = WorkspaceWriters.open(warehouseDir);
        try {
            privilegedSetup(spark, enforcement, sources, workspaceDatabase, warehouseDir, writers);
        } catch (IOException | RuntimeException e) {
            writers.close();
            throw e;
        }
        return writers;
    }

    private static void privilegedSetup(SparkSession spark, Enforcement enforcement,
                                        List<RuntimeRequest.Source> sources, String workspaceDatabase,
                                        java.nio.file.Path warehouseDir, WorkspaceWriters writers) throws IOException {
        if (enforcement.enabled()) {
            throw new IllegalStateException("setup after enforcement was switched on");
        }
        WorkspaceCatalog catalog = new WorkspaceCatalog(spark);
        for (RuntimeRequest.Source source : sources) {
            catalog.registerSource(source);
            enforcement.declareSource(spark, source.namespace(), source.table());
        }
        boolean alone = writers.tryExclusive();
        try {
            catalog.registerWorkspace(workspaceDatabase, warehouseDir, alone);
        } finally {
            writers.shared();
        }
        spark.catalog().setCurrentDatabase(workspaceDatabase);
        enforcement.enable(spark);
    }

    /** Releases the workspace's writer lock (JobMain, when the job ends; the OS does it if the process dies). */
    @Override
    public void close() throws IOException {
        if (writers != null) {
            writers.close();
        }
    }

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

    /** The write-ahead protocol for one statement ({@link StatementProtocol}), in job group "shuyu-{job}-step-{n}". */
    private <T> T captured(int step, String sql, boolean preview, java.util.function.Function<Dataset<Row>, T> run) {
        return new StatementProtocol(spark, enforcement, lineage, config.policyPollMillis())
                .run(step, sql, preview, "shuyu-" + config.jobId() + "-step-" + step, StatementProtocol.Gate.OPEN, run);
    }

    /** Runs a query to the end, dropping its rows (a command already ran). */
    public static Dataset<Row> drain(Dataset<Row> result) {
        if (!(result.queryExecution().commandExecuted() instanceof CommandResult)) {
            result.foreachPartition((ForeachPartitionFunction<Row>) rows -> {
                while (rows.hasNext()) {
                    rows.next();
                }
            });
        }
        return result;
    }

    /** The rows of a (small) result as text, the preview's format. */
    public static PreviewResult previewOf(Dataset<Row> rows) {
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
        return StatementProtocol.analysed(statement);
    }

    private void requireEnforced() {
        if (!enforcement.enabled()) {
            throw new IllegalStateException("enforcement is not switched on");
        }
    }
}
