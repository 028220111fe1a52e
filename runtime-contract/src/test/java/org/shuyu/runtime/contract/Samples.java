package org.shuyu.runtime.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One sample of each message, as the launchers and the runtime write them; the golden files are these. */
final class Samples {
    private Samples() {}

    static RuntimeRequest job() {
        return request("job-7f3a", RuntimeRequest.Kind.JOB, List.of("CREATE TABLE features AS SELECT * FROM registry.enterprises",
                "SELECT count(*) FROM features"), Optional.empty(), Optional.empty());
    }

    static RuntimeRequest preview() {
        return request("job-7f3b", RuntimeRequest.Kind.PREVIEW, List.of(),
                Optional.of(new RuntimeRequest.Preview("features", 20)), Optional.empty());
    }

    static RuntimeRequest snapshot() {
        return request("job-7f3c", RuntimeRequest.Kind.SNAPSHOT, List.of(), Optional.empty(),
                Optional.of(new RuntimeRequest.Snapshot("features", 100_000)));
    }

    private static RuntimeRequest request(String jobId, RuntimeRequest.Kind kind, List<String> steps,
            Optional<RuntimeRequest.Preview> preview, Optional<RuntimeRequest.Snapshot> snapshot) {
        Path workspace = Path.of("/var/lib/shuyu/workspaces/grant-ab12");
        return new RuntimeRequest(jobId, kind, "engineer", "grant-ab12", "shuyu_grant_ab12", "ws_grant_ab12", workspace,
                workspace.resolve("data/warehouse"), workspace.resolve("data/files"), "http://127.0.0.1:8080", 1000, 10000,
                Optional.empty(), false,
                List.of(new RuntimeRequest.Source("registry.enterprises", "csv",
                        Path.of("/var/lib/shuyu/sources/registry/enterprises"), "uscc STRING, name STRING")),
                steps, preview, snapshot, workspace.resolve("jobs").resolve(jobId));
    }

    static RuntimeStatus succeeded() {
        return RuntimeStatus.succeeded("2 step(s) succeeded");
    }

    static RuntimeStatus refused() {
        return new RuntimeStatus(RuntimeStatus.State.REFUSED, "ACCESS_DENIED", "engineer may not select registry.secrets",
                Optional.of(2));
    }

    static RuntimeMetrics metrics() {
        return new RuntimeMetrics(12.5, 734_003_200L, 8421, List.of(new RuntimeMetrics.Step(1, 5120),
                new RuntimeMetrics.Step(2, 2210)));
    }

    static SnapshotReport snapshotReport() {
        return new SnapshotReport(RuntimeFiles.SNAPSHOT_ARROW, 2, 1234,
                List.of(new SnapshotReport.Column("uscc", "Utf8", "string"),
                        new SnapshotReport.Column("total", "Decimal(18, 2)", "decimal(28,2)")));
    }

    /** Golden file name -> message. */
    static Map<String, Object> all() {
        return Map.of("runtime-request-job.json", job(), "runtime-request-preview.json", preview(),
                "runtime-request-snapshot.json", snapshot(), "status-succeeded.json", succeeded(),
                "status-refused.json", refused(), "metrics.json", metrics(), "snapshot-report.json", snapshotReport());
    }
}
