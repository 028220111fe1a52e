package org.shuyu.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.Jobs;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.PlatformTest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A preview of a workspace table that does not exist answers 404 at once (issue 14: it took a whole Spark process,
 * 42 s): the controller looks for the table in the workspace's warehouse before it starts a job, and starts none.
 */
@PlatformTest
class PreviewMissingTableTest {
    private static final Logger log = LoggerFactory.getLogger(PreviewMissingTableTest.class);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    @Test
    void aPreviewOfAMissingTableIsNotFoundWithinSecondsAndRunsNoJob() {
        Api api = new Api(port);
        LifecycleFixture fx = new LifecycleFixture(api, jdbc, clock);
        String grant = fx.activeGrant("preview " + fx.unique("s"));
        Api.Response provision = api.post("engineer", "/api/v1/workspaces/" + grant + "/jobs", Jobs.spec("provision", "SELECT 1"));
        assertThat(provision.status()).as(provision.toString()).isEqualTo(202);
        api.delete("engineer", "/api/v1/jobs/" + provision.json().path("id").asString());
        long jobs = jdbc.sql("SELECT COUNT(*) FROM jobs WHERE workspace_id = ?").param(grant).query(Long.class).single();

        long started = System.nanoTime();
        Api.Response preview = api.get("engineer", "/api/v1/workspaces/" + grant + "/tables/no_such_table/preview?limit=5");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("preview of a missing table answered {} in {} ms", preview.status(), took.toMillis());

        assertThat(preview.status()).as(preview.toString()).isEqualTo(404);
        assertThat(preview.code()).isEqualTo("NOT_FOUND");
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM jobs WHERE workspace_id = ?").param(grant).query(Long.class).single()).isEqualTo(jobs);
    }
}
