package org.shuyu.runtime.contract;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a launcher runs a Spark standalone cluster from the runtime's own jars (docs/executors.md), and what a driver
 * needs to use it: the master's and workers' command lines and environment, and the {@link SparkCluster} of one
 * driver (its own executors, never shared with another workspace's driver).
 *
 * <p>The cluster's {@code spark.authenticate} secret travels only in the environment variable Spark reads
 * ({@link #AUTH_SECRET_ENV}): never on a command line (which other local users can list) nor in runtime.json. Workers
 * hand it to their executors the same way.
 */
public final class StandaloneLaunch {
    public static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
    public static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
    /** Spark's environment variable for the {@code spark.authenticate} secret (SecurityManager.ENV_AUTH_SECRET). */
    public static final String AUTH_SECRET_ENV = "_SPARK_AUTH_SECRET";
    /** The JVM option naming a daemon ({@code <clusterId>-master}, {@code <clusterId>-worker-<n>}): leftovers are recognised by it. */
    public static final String MARKER = "-Dshuyu.spark=";
    /** The executors' logging (a classpath resource of compute-jobs): WARN, plus their start and task lines, no data. */
    public static final String EXECUTOR_LOG_CONFIG = "shuyu-executor-log4j2.properties";

    private StandaloneLaunch() {}

    /** The name of a daemon as its {@link #MARKER} carries it. */
    public static String masterName(String clusterId) {
        return clusterId + "-master";
    }

    public static String workerName(String clusterId, int index) {
        return clusterId + "-worker-" + index;
    }

    /** {@code java <marker> <options> -cp <classpath> Master --host 127.0.0.1 --port <port> --webui-port <uiPort>}. */
    public static List<String> masterCommand(String java, String classpath, String clusterId, int port, int uiPort,
            String daemonMemory) {
        List<String> command = daemon(java, classpath, masterName(clusterId), daemonMemory);
        command.addAll(List.of(MASTER_CLASS, "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port",
                Integer.toString(uiPort)));
        return command;
    }

    /** A worker offering {@code cores} and {@code memoryMb} to executors, its applications' directories under {@code workDir}. */
    public static List<String> workerCommand(String java, String classpath, String clusterId, int index,
            String masterUrl, int cores, int memoryMb, Path workDir, String daemonMemory) {
        List<String> command = daemon(java, classpath, workerName(clusterId, index), daemonMemory);
        command.add("-Djava.io.tmpdir=" + workDir.resolve("tmp"));
        command.addAll(List.of(WORKER_CLASS, "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores",
                Integer.toString(cores), "--memory", memoryMb + "m", "--work-dir", workDir.toString(), masterUrl));
        return command;
    }

    private static List<String> daemon(String java, String classpath, String name, String daemonMemory) {
        List<String> command = new ArrayList<>();
        command.add(requireNonNull(java, "java is null"));
        command.add(MARKER + name); // first, so it is inside what the OS shows of a long command line
        command.add("-Xmx" + daemonMemory);
        command.addAll(RuntimeLaunch.jvmOptions());
        command.add("-Dspark.authenticate=true");
        // No REST submission server (it would accept drivers without the RPC secret), no kill links in the web UIs.
        command.add("-Dspark.master.rest.enabled=false");
        command.add("-Dspark.ui.killEnabled=false");
        // Finished applications' directories (their executors' stderr) are removed after a day.
        command.add("-Dspark.worker.cleanup.enabled=true");
        command.add("-Dspark.worker.cleanup.appDataTtl=86400");
        command.add("-Dlog4j2.configurationFile=" + EXECUTOR_LOG_CONFIG);
        command.add("-cp");
        command.add(requireNonNull(classpath, "classpath is null"));
        return command;
    }

    /**
     * The environment of a master or worker (the caller clears everything else): loopback only, the secret, and a
     * Spark home whose {@code jars} directory may be empty (executors get the runtime's class path from
     * {@code spark.executor.extraClassPath}); {@code localDir}: where the worker's executors keep shuffle and spill
     * files, per application below it.
     */
    public static Map<String, String> daemonEnvironment(Path sparkHome, Path localDir, String secret) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", localDir.toString());
        env.put(AUTH_SECRET_ENV, Checks.text(secret, "secret"));
        return env;
    }

    /**
     * What one driver passes to use the cluster: at most {@code coresMax} cores in executors of
     * {@code executorCores} cores and {@code executorMemoryMb} each, the runtime's class path on them, authentication
     * on (the secret comes from the driver's environment), and the first stage waits until all its executors
     * registered (up to 30 s) rather than starting on the first one.
     */
    public static SparkCluster driverCluster(String masterUrl, int coresMax, int executorCores, int executorMemoryMb,
            String classpath) {
        if (coresMax < 1 || executorCores < 1 || executorMemoryMb < 256) {
            throw new IllegalArgumentException("cores max and executor cores must be at least 1, executor memory at least 256 MB");
        }
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.cores.max", Integer.toString(coresMax));
        conf.put("spark.executor.cores", Integer.toString(Math.min(executorCores, coresMax)));
        conf.put("spark.executor.memory", executorMemoryMb + "m");
        conf.put("spark.executor.extraClassPath", Checks.text(classpath, "classpath"));
        conf.put("spark.executor.extraJavaOptions", "-Dlog4j2.configurationFile=" + EXECUTOR_LOG_CONFIG
                + " -Duser.timezone=Asia/Shanghai");
        conf.put("spark.authenticate", "true");
        conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "30s");
        return new SparkCluster(masterUrl, conf);
    }
}
