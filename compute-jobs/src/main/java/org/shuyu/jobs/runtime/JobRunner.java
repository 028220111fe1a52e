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
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.spec.RuntimeConfig;

/**
 * Runs a job in its session: the privileged setup, then (irreversibly) enforcement, then each step or the preview.
 * A query step is executed in full but its rows go nowhere; a command persists its effect.
 */
public final class JobRunner {
    private final SparkSession spark;
    private final Enforcement enforcement;
    private final RuntimeConfig config;

    public JobRunner(SparkSession spark, Enforcement enforcement, RuntimeConfig config) {
        this.spark = requireNonNull(spark, "spark is null");
        this.enforcement = requireNonNull(enforcement, "enforcement is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** Registers sources and workspace tables, makes the workspace database current, then locks the session. */
    public void setup() throws IOException {
        if (enforcement.enabled()) {
            throw new IllegalStateException("setup after enforcement was switched on");
        }
        WorkspaceCatalog catalog = new WorkspaceCatalog(spark);
        for (RuntimeConfig.Source source : config.sources()) {
            catalog.registerSource(source);
        }
        catalog.registerWorkspace(config.workspaceDatabase(), config.warehouseDir());
        spark.catalog().setCurrentDatabase(config.workspaceDatabase());
        enforcement.enable(spark);
    }

    /** How often a statement is analysed again when a policy update arrived while it was being analysed. */
    static final int POLICY_CHANGE_RETRIES = 3;

    /** Runs one SQL statement under enforcement; a query's rows are computed and dropped. */
    public void runStep(String sql) {
        requireEnforced();
        // A query is planned (and checked again) when it executes: a policy update between its analysis and its
        // execution is the same race as during analysis, refused before any task ran, so the whole step is retried.
        analysed(() -> {
            Dataset<Row> result = spark.sql(sql);
            if (!(result.queryExecution().commandExecuted() instanceof CommandResult)) {
                result.foreachPartition((ForeachPartitionFunction<Row>) rows -> {
                    while (rows.hasNext()) {
                        rows.next();
                    }
                });
            }
            return result;
        });
    }

    /** The preview: {@code SELECT * FROM <workspace db>.<table> LIMIT n} under enforcement, values as strings. */
    public PreviewResult preview(RuntimeConfig.Preview preview) {
        requireEnforced();
        return analysed(() -> previewOnce(preview));
    }

    private PreviewResult previewOnce(RuntimeConfig.Preview preview) {
        Dataset<Row> rows = spark.sql("SELECT * FROM `" + config.workspaceDatabase() + "`.`" + preview.table() + "` LIMIT "
                + preview.limit());
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
