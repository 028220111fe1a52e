package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.ShuyuAuthzExtension;

/**
 * Builds a job's local Spark session: {@code local[2]}, in-memory catalog, the workspace's warehouse, no UI, bound
 * to 127.0.0.1, file queries by path off, and the enforcement extension always installed (it stays inactive until
 * {@link Enforcement#enable} after the privileged setup).
 */
public final class SparkSessionFactory {
    private SparkSessionFactory() {
    }

    public static SparkSession create(String appName, Path warehouseDir, Enforcement enforcement) {
        requireNonNull(enforcement, "enforcement is null");
        return SparkSession.builder()
                .master("local[2]")
                .appName(requireNonNull(appName, "appName is null"))
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.catalogImplementation", "in-memory")
                .config("spark.sql.warehouse.dir", warehouseDir.toAbsolutePath().toUri().toString())
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                // Spark reads the files of parquet.`/path` while analysing, before any check: off.
                .config("spark.sql.runSQLOnFiles", "false")
                .config("spark.sql.shuffle.partitions", "8")
                .config("spark.sql.sources.default", "parquet")
                .withExtensions(new ShuyuAuthzExtension(enforcement))
                .create();
    }
}
