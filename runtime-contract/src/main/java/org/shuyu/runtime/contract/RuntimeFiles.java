package org.shuyu.runtime.contract;

/**
 * The layout of a run's directory (the runtime's {@code outputDir}; on Kubernetes the outputs come back as marker lines
 * of the pod's log instead, see {@link RuntimeLaunch#OUTPUT_MARKER_ENV}).
 */
public final class RuntimeFiles {
    /** The request, {@link RuntimeRequest}. */
    public static final String REQUEST = "runtime.json";
    /** How the run ended, {@link RuntimeStatus}. */
    public static final String STATUS = "status.json";
    /** What it used, {@link RuntimeMetrics}. */
    public static final String METRICS = "metrics.json";
    /** A PREVIEW's columns and rows ({@code {columns: [{name, type}], rows: [[value or null]]}}), served as it is. */
    public static final String PREVIEW = "preview.json";
    /** A SNAPSHOT's Arrow IPC file. */
    public static final String SNAPSHOT_ARROW = "snapshot.arrow";
    /** A SNAPSHOT's report, {@link SnapshotReport}, written after {@link #SNAPSHOT_ARROW}. */
    public static final String SNAPSHOT_REPORT = "snapshot.json";
    /** The runtime's stdout and stderr as the launcher keeps them (progress and outcome lines only). */
    public static final String LOG = "log.txt";
    /** The runtime's own logs (Spark, Hadoop, Ranger); never served by the controller. */
    public static final String INTERNAL_DIR = "internal";

    private RuntimeFiles() {}
}
