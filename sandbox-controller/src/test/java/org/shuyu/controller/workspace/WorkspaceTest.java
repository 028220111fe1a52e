package org.shuyu.controller.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.controller.support.LifecycleFixture.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.grant.LifecycleScheduler;
import org.shuyu.controller.job.WorkspaceReconciler;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Workspaces follow the life cycle, reconciled from state: provisioned, repaired, closed, torn down (R-19a, R-17a). */
@PlatformTest
class WorkspaceTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    WorkspaceReconciler reconciler;
    @Autowired
    LifecycleScheduler scheduler;
    @Autowired
    WorkspaceProvisioner provisioner;

    Api api;
    LifecycleFixture fx;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fx = new LifecycleFixture(api, jdbc, clock);
    }

    private JsonNode workspace(String user, String id) {
        return ok(api.get(user, "/api/v1/workspaces/" + id)).json();
    }

    @Test
    @Tag("R-19a")
    void anActiveGrantGetsAWorkspaceThatHealsAfterACrashHalfway() throws Exception {
        String grant = fx.activeGrant("workspace " + fx.unique("s"));
        reconciler.runOnce();
        JsonNode ws = workspace("engineer", grant);
        assertThat(ws.path("state").asString()).isEqualTo("READY");
        assertThat(ws.path("access").asString()).isEqualTo("OPEN");
        assertThat(ws.path("database").asString()).isEqualTo(Workspace.databaseFor(grant)).startsWith("ws_grant_");
        assertThat(ws.path("members").toString()).contains("engineer");
        WorkspaceProvisioner.Layout layout = provisioner.layout(grant);
        assertThat(layout.warehouse()).isDirectory();
        assertThat(layout.files()).isDirectory();
        assertThat(layout.jobs()).isDirectory();

        // A crash halfway: the storage lost a directory; the next pass repairs it and changes nothing else.
        Files.delete(layout.files());
        Path marker = Files.writeString(layout.warehouse().resolve("kept.txt"), "operator data");
        reconciler.runOnce();
        assertThat(layout.files()).isDirectory();
        assertThat(marker).hasContent("operator data");
        assertThat(workspace("engineer", grant).path("provisionedAt").asString()).isEqualTo(ws.path("provisionedAt").asString());
        // Idempotent: one provisioning record, however many passes.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'workspace.provision' AND subject_id = ?").param(grant)
                .query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    @Tag("R-19a")
    void workspacesAreVisibleToMembersAuthorityAndSupervisorsOnly() {
        String grant = fx.activeGrant("visibility " + fx.unique("s"));
        reconciler.runOnce();
        assertThat(ok(api.get("engineer", "/api/v1/workspaces")).text()).contains(grant);
        assertThat(ok(api.get("security", "/api/v1/workspaces")).text()).contains(grant);
        assertThat(ok(api.get("admin", "/api/v1/workspaces")).text()).contains(grant);
        assertThat(ok(api.get("engineer2", "/api/v1/workspaces")).text()).doesNotContain(grant);
        Api.Response other = api.get("engineer2", "/api/v1/workspaces/" + grant);
        assertThat(other.status()).isEqualTo(404);
        assertThat(api.get("engineer2", "/api/v1/workspaces/" + grant + "/jobs").status()).isEqualTo(404);
    }

    @Test
    @Tag("R-17a")
    void suspensionClosesAccessAndRevocationTearsTheWorkspaceDown() throws Exception {
        String grant = fx.activeGrant("teardown " + fx.unique("s"));
        reconciler.runOnce();
        WorkspaceProvisioner.Layout layout = provisioner.layout(grant);
        Files.writeString(layout.warehouse().resolve("table.parquet"), "rows");

        fx.suspend(grant);
        reconciler.runOnce();
        JsonNode suspended = workspace("admin", grant);
        assertThat(suspended.path("state").asString()).isEqualTo("READY");
        assertThat(suspended.path("access").asString()).isEqualTo("SUSPENDED");
        assertThat(layout.warehouse().resolve("table.parquet")).exists();
        Api.Response refused = api.post("engineer", "/api/v1/workspaces/" + grant + "/jobs",
                java.util.Map.of("name", "after-suspension", "steps", List.of(java.util.Map.of("sql", "SELECT 1"))));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("GRANT_NOT_ACTIVE");

        fx.end(grant, "REVOKE");
        reconciler.runOnce();
        assertThat(workspace("admin", grant).path("state").asString()).isIn("CLOSED", "TORN_DOWN");
        scheduler.runOnce(); // carries out the deletion record (R-17a)
        reconciler.runOnce();
        JsonNode gone = workspace("admin", grant);
        assertThat(gone.path("state").asString()).isEqualTo("TORN_DOWN");
        assertThat(gone.path("access").asString()).isEqualTo("CLOSED");
        assertThat(layout.root()).doesNotExist();
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE subject_id = ? AND subject_type = 'workspace' ORDER BY seq").param(grant)
                .query(String.class).list()).containsExactly("workspace.provision", "workspace.close", "workspace.teardown");
        // An ended grant's workspace never comes back.
        reconciler.runOnce();
        assertThat(layout.root()).doesNotExist();
    }

    @Test
    @Tag("R-19a")
    void anActiveLabHasAWorkspaceForItsRequesterUntilTheLabEnds() {
        String org = fx.organization("applicant", "330200");
        Api.Response lab = fx.requestLab("applicant", org, List.of("registry.enterprises"), 3);
        String id = lab.json().path("id").asString();
        ok(api.post("admin", "/api/v1/labs/" + id + "/approve", java.util.Map.of("note", "approved")));
        reconciler.runOnce();
        JsonNode ws = workspace("applicant", id);
        assertThat(ws.path("kind").asString()).isEqualTo("LAB");
        assertThat(ws.path("access").asString()).isEqualTo("OPEN");
        assertThat(ws.path("members").toString()).contains("applicant");
        assertThat(api.get("engineer", "/api/v1/workspaces/" + id).status()).isEqualTo(404);
        Api.Response stranger = api.post("engineer", "/api/v1/workspaces/" + id + "/jobs",
                java.util.Map.of("name", "lab-job", "steps", List.of(java.util.Map.of("sql", "SELECT 1"))));
        assertThat(stranger.code()).isEqualTo("NOT_FOUND");

        ok(api.post("admin", "/api/v1/labs/" + id + "/complete", java.util.Map.of("conclusion", "PASSED",
                "summary", "validated", "findings", "none")));
        reconciler.runOnce();
        assertThat(workspace("admin", id).path("state").asString()).isEqualTo("TORN_DOWN");
        assertThat(provisioner.layout(id).root()).doesNotExist();
        Api.Response closed = api.post("applicant", "/api/v1/workspaces/" + id + "/jobs",
                java.util.Map.of("name", "lab-job", "steps", List.of(java.util.Map.of("sql", "SELECT 1"))));
        assertThat(closed.code()).isEqualTo("GRANT_NOT_ACTIVE");
    }
}
