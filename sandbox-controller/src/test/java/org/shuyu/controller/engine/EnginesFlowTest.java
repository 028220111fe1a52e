package org.shuyu.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.launcher.FakeEngines;
import org.shuyu.controller.job.WorkspaceReconciler;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.shuyu.controller.workspace.WorkspaceService;
import org.shuyu.policy.PolicyCompiler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A workspace engine in the whole controller (the stand-in engine as a real child JVM): started on first use and
 * registered, its credential accepted at /service only for its own workspace's policies and only while it runs, and
 * stopped when the grant is suspended (access closed for everyone).
 */
@PlatformTest
@Import(EnginesFlowTest.StandInEngines.class)
class EnginesFlowTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestConfiguration
    static class StandInEngines {
        @Bean
        @Primary
        EngineLauncher standInEngineLauncher() {
            return FakeEngines.launcher(Path.of("target/test-data").toAbsolutePath());
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    WorkspaceReconciler reconciler;
    @Autowired
    WorkspaceEngines engines;
    @Autowired
    WorkspaceService workspaces;

    Api api;
    LifecycleFixture fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    private int get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String body(String path, String bearer) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
                .header("Authorization", "Bearer " + bearer).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private boolean stopped(String engineId) {
        return jdbc.sql("SELECT state FROM workspace_engine WHERE id = ?").param(engineId).query(String.class).single()
                .equals("STOPPED");
    }

    private static String download(String service) {
        return "/service/plugins/policies/download/" + service + "?lastKnownVersion=-1&pluginId=engine";
    }

    @Test
    @Tag("R-19a")
    void anEngineStartsOnFirstUseServesItsOwnWorkspaceOnlyAndStopsWhenAccessCloses() throws Exception {
        String grant = fx.activeGrant("engine flow " + fx.unique("s"), List.of("registry.enterprises"));
        String other = fx.activeGrant("engine other " + fx.unique("s"), List.of("tax.payments"));
        reconciler.runOnce();
        assertThat(engines.running(grant)).isEmpty();

        EngineEndpoint endpoint = engines.acquire(grant);
        assertThat(engines.running(grant)).contains(endpoint);
        assertThat(jdbc.sql("SELECT state FROM workspace_engine WHERE id = ?").param(endpoint.engineId())
                .query(String.class).single()).isEqualTo("READY");
        Path engineDir = workspaces.layout(grant).root().resolve("engines").resolve(endpoint.engineId());
        String token = Files.readString(engineDir.resolve("token.txt"));
        long pid = jdbc.sql("SELECT location FROM workspace_engine WHERE id = ?").param(endpoint.engineId())
                .query(Long.class).single();

        // The engine's credential: its own workspace's policies only; never a job's door; nothing else is one.
        assertThat(get(download(PolicyCompiler.serviceName(grant)), token)).isEqualTo(200);
        assertThat(get(download(PolicyCompiler.serviceName(other)), token)).isEqualTo(403);
        assertThat(body(download(PolicyCompiler.serviceName(other)), token)).contains("ENGINE_CREDENTIAL_SCOPE");
        assertThat(get(download(PolicyCompiler.serviceName(grant)), "x" + token)).isEqualTo(401);
        assertThat(get(download(PolicyCompiler.serviceName(grant)), endpoint.secret())).isEqualTo(401);
        assertThat(get(download(PolicyCompiler.serviceName(grant)), api.token("engineer"))).isEqualTo(401);
        HttpRequest lineage = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/service/lineage/jobs/job-x/events")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThat(HTTP.send(lineage, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

        // Suspension closes the workspace for everyone: the engine stops, its credential dies.
        fx.suspend(grant);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!stopped(endpoint.engineId()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engines.running(grant)).isEmpty();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(jdbc.sql("SELECT stop_reason FROM workspace_engine WHERE id = ?").param(endpoint.engineId())
                .query(String.class).single()).isEqualTo(WorkspaceEngines.ACCESS_CLOSED);
        assertThat(get(download(PolicyCompiler.serviceName(grant)), token)).isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND action IN ('engine.start', 'engine.stop')")
                .param(endpoint.engineId()).query(Long.class).single()).isEqualTo(2);
    }
}
