package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.ShuyuAuthzExtension;
import org.shuyu.runtime.contract.SparkCluster;
import org.shuyu.runtime.contract.StandaloneLaunch;

/**
 * Builds a job's Spark session: tasks on {@code local[2]} or on the launcher's {@link SparkCluster} (its settings
 * first, so the runtime's own below always win), in-memory catalog, the workspace's warehouse, no UI, bound
 * to 127.0.0.1, file queries by path off, and the enforcement extension always installed (it stays inactive until
 * {@link Enforcement#enable} after the privileged setup).
 */
public final class SparkSessionFactory {
    private SparkSessionFactory() {
    }

    /**
     * The launcher's cluster settings and, for a standalone cluster with authentication, the cluster's secret from
     * the environment ({@link StandaloneLaunch#AUTH_SECRET_ENV}): Spark's driver wants it as a setting, but it never
     * travels in the request file ({@link SparkCluster} refuses it), {@code SessionLock} refuses reading settings from
     * SQL, Spark redacts it, and workers hand it to executors in their environment, not on their command line.
     */
    public static void applyCluster(SparkSession.Builder builder, SparkCluster where) {
        where.conf().forEach(builder::config);
        if (where.master().startsWith("spark://") && "true".equals(where.conf().get("spark.authenticate"))) {
            String secret = System.getenv(StandaloneLaunch.AUTH_SECRET_ENV);
            if (secret == null || secret.isBlank()) {
                throw new IllegalStateException(StandaloneLaunch.AUTH_SECRET_ENV
                        + " must be set to use an authenticated Spark cluster");
            }
            builder.config("spark.authenticate.secret", secret);
        }
    }

    public static SparkSession create(String appName, Path warehouseDir, Enforcement enforcement) {
        return create(appName, warehouseDir, enforcement, Optional.empty());
    }

    public static SparkSession create(String appName, Path warehouseDir, Enforcement enforcement,
            Optional<SparkCluster> cluster) {
        requireNonNull(enforcement, "enforcement is null");
        SparkCluster where = cluster.orElse(SparkCluster.local(2));
        // The driver listens on 127.0.0.1 unless the cluster's executors must reach it elsewhere
        SparkSession.Builder builder = SparkSession.builder()
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        applyCluster(builder, where);
        return builder
                .master(where.master())
                .appName(requireNonNull(appName, "appName is null"))
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.catalogImplementation", "in-memory")
                .config("spark.sql.warehouse.dir", warehouseDir.toAbsolutePath().toUri().toString())
                // Spark reads the files of parquet.`/path` while analysing, before any check: off.
                .config("spark.sql.runSQLOnFiles", "false")
                .config("spark.sql.shuffle.partitions", "8")
                .config("spark.sql.sources.default", "parquet")
                .withExtensions(new ShuyuAuthzExtension(enforcement))
                .create();
    }
}
