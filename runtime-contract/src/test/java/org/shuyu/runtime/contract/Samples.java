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
                steps, preview, snapshot, workspace.resolve("jobs").resolve(jobId), Optional.empty());
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

    static EngineRequest engineRequest() {
        Path workspace = Path.of("/var/lib/shuyu/workspaces/grant-ab12");
        return new EngineRequest("eng-41c2", "grant-ab12", "shuyu_grant_ab12", "ws_grant_ab12", workspace,
                workspace.resolve("data/warehouse"), workspace.resolve("data/files"), "http://127.0.0.1:8080", 1000,
                10000, 30000, job().sources(), 2, 1024, 1000, "127.0.0.1", 0, 0, true,
                workspace.resolve("engines").resolve("eng-41c2"), Optional.empty());
    }

    static EngineReady engineReady() {
        return new EngineReady("eng-41c2", 40211, 41877, 41878, 4210);
    }

    static EngineSession engineSession() {
        return new EngineSession("ses-9d01", "engineer");
    }

    static EngineStatement engineStatement() {
        return new EngineStatement("job-7f3d", "runtime-credential-of-job-7f3d",
                "SELECT name, count(*) FROM registry.enterprises GROUP BY name", 100);
    }

    static EngineStatementState statementRunning() {
        return new EngineStatementState("job-7f3d", "ses-9d01", EngineStatementState.State.RUNNING,
                new EngineStatementState.Progress(2, 1, 10, 6), 120, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static EngineStatementState statementSucceeded() {
        return new EngineStatementState("job-7f3d", "ses-9d01", EngineStatementState.State.SUCCEEDED,
                new EngineStatementState.Progress(2, 2, 10, 10), 240, Optional.of(RuntimeStatus.succeeded("2 rows")),
                Optional.of(new EngineStatementState.Result(List.of(new EngineStatementState.Column("name", "string"),
                        new EngineStatementState.Column("count(1)", "bigint")),
                        List.of(List.of("Alpha Ltd", "1"), java.util.Arrays.asList("Beta Ltd", null)), false)),
                Optional.of(new RuntimeMetrics(0.25, 612_000_000L, 240, List.of(new RuntimeMetrics.Step(1, 240)))));
    }

    static EngineHealth engineHealth() {
        return new EngineHealth("eng-41c2", 2, 1, 31.5, 201_326_592L, 612_000_000L, 600_000, 12_000);
    }

    static ConnectStatementTicket ticket() {
        return new ConnectStatementTicket("job-7f3e", "runtime-credential-of-job-7f3e");
    }

    static ConnectStatementTicket.Registration registration() {
        return new ConnectStatementTicket.Registration("ses-9d01", "engineer", "connect: ExecutePlan(SQL)");
    }

    static StatementOutcome outcome() {
        return new StatementOutcome(refused(), metrics());
    }

    /** Golden file name -> message. */
    static Map<String, Object> all() {
        return Map.ofEntries(Map.entry("runtime-request-job.json", job()),
                Map.entry("runtime-request-preview.json", preview()),
                Map.entry("runtime-request-snapshot.json", snapshot()), Map.entry("status-succeeded.json", succeeded()),
                Map.entry("status-refused.json", refused()), Map.entry("metrics.json", metrics()),
                Map.entry("snapshot-report.json", snapshotReport()), Map.entry("engine-request.json", engineRequest()),
                Map.entry("engine-ready.json", engineReady()), Map.entry("engine-session.json", engineSession()),
                Map.entry("engine-statement.json", engineStatement()),
                Map.entry("engine-statement-running.json", statementRunning()),
                Map.entry("engine-statement-succeeded.json", statementSucceeded()),
                Map.entry("engine-health.json", engineHealth()), Map.entry("connect-ticket.json", ticket()),
                Map.entry("connect-registration.json", registration()), Map.entry("statement-outcome.json", outcome()));
    }
}
