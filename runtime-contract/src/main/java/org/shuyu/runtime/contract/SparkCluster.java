package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a runtime's Spark tasks run, as the launcher decided: the master URL ({@code local[n]}, a standalone cluster's
 * {@code spark://host:port}, or {@code k8s://https://...}) and the launcher's Spark settings for executors. A request
 * without one runs {@code local[...]} inside the driver's JVM, as before.
 *
 * <p>Only settings about where and how executors run are accepted ({@link #ALLOWED_PREFIXES}); everything the
 * enforcement depends on (extensions, catalog, warehouse, file queries, variable substitution) stays the runtime's own
 * and is refused here, so a launcher can place tasks but never loosen the seal.
 */
@JsonPropertyOrder({"master", "conf"})
public record SparkCluster(String master, Map<String, String> conf) {

    /** The prefixes of the settings a launcher may pass. */
    public static final List<String> ALLOWED_PREFIXES = List.of("spark.executor.", "spark.cores.max",
            "spark.kubernetes.", "spark.driver.host", "spark.driver.port", "spark.driver.bindAddress",
            "spark.driver.blockManager.port", "spark.blockManager.port", "spark.default.parallelism",
            "spark.dynamicAllocation.", "spark.shuffle.", "spark.network.",
            "spark.task.", "spark.locality.wait", "spark.scheduler.minRegisteredResourcesRatio",
            "spark.scheduler.maxRegisteredResourcesWaitingTime", "spark.authenticate", "spark.io.encryption.",
            "spark.network.crypto.", "spark.hadoop.fs.s3a.");

    /** Refused although under {@code spark.authenticate}: a request file must never carry the cluster's secret. */
    static final String SECRET_PREFIX = "spark.authenticate.secret";

    public SparkCluster {
        Checks.text(master, "master");
        String lower = master.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("local[") || lower.startsWith("spark://") || lower.startsWith("k8s://"))) {
            throw new IllegalArgumentException("cluster master '" + master
                    + "' is not local[n], spark://host:port or k8s://https://host:port");
        }
        Checks.present(conf, "conf");
        for (Map.Entry<String, String> entry : conf.entrySet()) {
            String key = entry.getKey();
            if (key == null || entry.getValue() == null) {
                throw new IllegalArgumentException("cluster conf has a null key or value");
            }
            if (key.startsWith(SECRET_PREFIX)) {
                throw new IllegalArgumentException("cluster conf '" + key + "' would write a secret into the request: "
                        + "the spark.authenticate secret goes into the driver's environment (" + StandaloneLaunch.AUTH_SECRET_ENV
                        + ")");
            }
            if (ALLOWED_PREFIXES.stream().noneMatch(key::startsWith)) {
                throw new IllegalArgumentException("cluster conf '" + key + "' is not a setting a launcher may pass");
            }
        }
        conf = new TreeMap<>(conf);
    }

    /** Tasks in the driver's own JVM on {@code cores} threads: what a request without a cluster gets. */
    public static SparkCluster local(int cores) {
        return new SparkCluster("local[" + cores + "]", Map.of());
    }

    /** True when tasks run in executors of their own (not {@code local[...]}). */
    public boolean hasExecutors() {
        return !master.toLowerCase(Locale.ROOT).startsWith("local[");
    }
}
