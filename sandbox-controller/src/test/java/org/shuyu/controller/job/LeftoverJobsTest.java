package org.shuyu.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.policy.PolicyCompiler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a crashed controller left (issue 14): a job recorded RUNNING by an earlier incarnation, whose runtime
 * process still runs. Its credential is dead from the moment this controller runs; the startup sweep kills the
 * process (it really is that job's runtime) and ends the job FAILED with CONTROLLER_RESTARTED, audited.
 */
@PlatformTest
@Tag("R-17a")
class LeftoverJobsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    WorkspaceReconciler reconciler;
    @Autowired
    WorkspaceProvisioner provisioner;
    @Autowired
    JobCancellations jobs;

    @Test
    void aJobOfAnEarlierIncarnationLosesItsCredentialAtOnceAndIsKilledAndFailedAtStartup() throws Exception {
        LifecycleFixture fx = new LifecycleFixture(new Api(port), jdbc, clock);
        String grant = fx.activeGrant("leftover " + fx.unique("s"), List.of("registry.enterprises"));
        reconciler.runOnce();
        String jobId = fx.unique("job-leftover");
        String token = "runtime-" + jobId;
        // The runtime the earlier controller started, still running in the job's directory.
        Path dir = Files.createDirectories(provisioner.layout(grant).jobs().resolve(jobId));
        Files.writeString(dir.resolve("runtime.json"), "{\"outputDir\":\"" + dir.toAbsolutePath() + "\",\"steps\":[\"sleep\"]}");
        Process runtime = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Path.of("target/test-classes").toAbsolutePath().toString(), "org.shuyu.jobs.JobMain",
                dir.resolve("runtime.json").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            jdbc.sql("INSERT INTO jobs (id, workspace_id, kind, name, spec, submitted_by, submitted_at, state, started_at,"
                            + " runtime_token_hash, incarnation, pid) VALUES (?, ?, 'JOB', 'left', '[\"sleep\"]', 'engineer', ?, 'RUNNING', ?, ?,"
                            + " 'incarnation-earlier', ?)")
                    .params(jobId, grant, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()), Sha256.hex(token),
                            runtime.pid())
                    .update();

            assertThat(download(PolicyCompiler.serviceName(grant), token)).as("an earlier incarnation's credential").isEqualTo(401);

            assertThat(jobs.abandonOrphans()).isGreaterThanOrEqualTo(1);

            assertThat(runtime.waitFor(2, TimeUnit.SECONDS)).as("the leftover runtime was killed").isTrue();
            assertThat(jdbc.sql("SELECT state || ' ' || result_code FROM jobs WHERE id = ?").param(jobId).query(String.class).single())
                    .isEqualTo("FAILED CONTROLLER_RESTARTED");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM jobs WHERE id = ? AND runtime_token_hash IS NULL").param(jobId)
                    .query(Long.class).single()).isEqualTo(1L);
            assertThat(jdbc.sql("SELECT detail FROM audit_log WHERE subject_id = ? AND action = 'job.failed'").param(jobId)
                    .query(String.class).single()).contains("FAILED CONTROLLER_RESTARTED");
            assertThat(jobs.abandonOrphans()).as("nothing left to end").isZero();
        } finally {
            runtime.destroyForcibly();
        }
    }

    private int download(String service, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/service/plugins/policies/download/" + service
                        + "?lastKnownVersion=-1&pluginId=test")).header("Authorization", "Bearer " + bearer).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
