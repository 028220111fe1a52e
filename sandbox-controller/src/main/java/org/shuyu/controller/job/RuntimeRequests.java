package org.shuyu.controller.job;

import java.nio.file.Path;
import java.util.Optional;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.shuyu.runtime.contract.SparkCluster;

/**
 * The request of the runtime contract (runtime.json) for a run, the same for every launcher: only the policy URL and
 * the output directory differ (the controller's own address and job directory locally, the in-cluster address and the
 * pod's directory on Kubernetes), so the launchers cannot drift apart. A run the contract refuses (a name that is not
 * an identifier, a source that is not CSV, a relative path) fails with the contract's IllegalArgumentException.
 */
public final class RuntimeRequests {
    private RuntimeRequests() {}

    public static RuntimeRequest of(JobLauncher.Run run, String policyUrl, long policyPollMillis,
            long policyMaxStalenessMillis, Path outputDir) {
        return of(run, policyUrl, policyPollMillis, policyMaxStalenessMillis, outputDir, Optional.empty());
    }

    /** With where the run's Spark tasks run ({@code cluster}; empty: {@code local[2]} in the runtime's JVM). */
    public static RuntimeRequest of(JobLauncher.Run run, String policyUrl, long policyPollMillis,
            long policyMaxStalenessMillis, Path outputDir, Optional<SparkCluster> cluster) {
        return new RuntimeRequest(run.jobId(), RuntimeRequest.Kind.valueOf(run.kind().name()), run.user(),
                run.workspaceId(), run.serviceName(), run.workspaceDatabase(), run.workspaceDir().toAbsolutePath(),
                run.warehouseDir().toAbsolutePath(), run.filesDir().toAbsolutePath(), policyUrl, policyPollMillis,
                policyMaxStalenessMillis, Optional.empty(), false,
                run.sources().stream().map(s -> new RuntimeRequest.Source(s.id(), s.format(), s.location().toAbsolutePath(),
                        s.schema())).toList(),
                run.steps(), run.preview().map(p -> new RuntimeRequest.Preview(p.table(), p.limit())),
                run.snapshot().map(s -> new RuntimeRequest.Snapshot(s.table(), s.maxRows())), outputDir, cluster);
    }
}
