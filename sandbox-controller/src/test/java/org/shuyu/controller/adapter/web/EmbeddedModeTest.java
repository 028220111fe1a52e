package org.shuyu.controller.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.grant.LifecycleScheduler;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.LifecycleFixture;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.controller.support.TestClockConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The first command of the README in a test: the application on its embedded defaults (application.yml
 * untouched except the data directory), so an H2 file database, the same Flyway migrations, and the
 * development issuer.
 */
@Tag("R-06")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
class EmbeddedModeTest {
    private static final Path DATA_DIR = temporaryDirectory();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    LifecycleScheduler scheduler;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("sandbox.data-dir", DATA_DIR::toString);
        registry.add("sandbox.lifecycle.scheduler-interval", () -> "1h");
    }

    @Test
    void runsOnAnH2FileDatabaseUnderTheDataDirectory() {
        assertThat(environment.getProperty("spring.datasource.url")).startsWith("jdbc:h2:dsync:file:" + DATA_DIR);
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
                .isPositive();
        assertThat(Files.exists(DATA_DIR.resolve("db/shuyu.mv.db"))).isTrue();
    }

    @Test
    void servesTheApiWithDevelopmentTokens() {
        Api api = new Api(port);
        assertThat(api.withToken("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        Api.Response me = api.get("provider", "/api/v1/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().path("userId").asString()).isEqualTo("provider");
        assertThat(me.json().path("roles").get(0).asString()).isEqualTo("data-provider");

        long before = jdbc.sql("SELECT last_seq FROM audit_head WHERE id = 1").query(Long.class).single();
        Api.Response anonymous = api.withToken("GET", "/api/v1/me", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(jdbc.sql("SELECT outcome FROM audit_log WHERE seq > ?").param(before).query(String.class).list())
                .containsExactly("REFUSED");
    }

    /**
     * The whole grant life cycle on H2, from the demo catalog through an enforced job and a preview in the
     * workspace to termination and deletion of the data.
     */
    @Test
    @Tag("R-17a")
    @Tag("R-19a")
    void theWholeLifeCycleRunsOnTheEmbeddedDatabase() throws Exception {
        Api api = new Api(port);
        LifecycleFixture fx = new LifecycleFixture(api, jdbc, clock);
        assertThat(api.get("engineer", "/api/v1/datasets/registry.enterprises").status()).isEqualTo(200);
        String grant = fx.activeGrant("embedded scenario", List.of("registry.enterprises"));
        assertThat(api.get("engineer", "/api/v1/grants/" + grant).json().path("accessOpen").asBoolean()).isTrue();

        String job = LifecycleFixture.ok(api.post("engineer", "/api/v1/workspaces/" + grant + "/jobs", Map.of(
                "name", "industries", "steps", List.of(Map.of("sql",
                        "CREATE TABLE industries AS SELECT industry, count(*) AS n, max(phone) AS phone FROM registry.enterprises GROUP BY industry")))))
                .json().path("id").asString();
        String state = "QUEUED";
        for (int i = 0; i < 600 && (state.equals("QUEUED") || state.equals("RUNNING")); i++) {
            Thread.sleep(200);
            state = api.get("engineer", "/api/v1/jobs/" + job).json().path("state").asString();
        }
        assertThat(state).as(api.get("engineer", "/api/v1/jobs/" + job).toString()).isEqualTo("SUCCEEDED");
        Api.Response preview = api.getSlow("engineer", "/api/v1/workspaces/" + grant + "/tables/industries/preview?limit=20");
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().path("result").path("rows")).hasSize(8);
        preview.json().path("result").path("rows").forEach(row -> assertThat(row.get(2).asString()).as("phone masked").matches("x+\\d{4}"));
        assertThat(Files.list(DATA_DIR.resolve("workspaces").resolve(grant).resolve("data").resolve("warehouse"))).isNotEmpty();

        String decision = LifecycleFixture.ok(api.post("coordination", "/api/v1/grants/" + grant + "/decisions",
                Map.of("kind", "TERMINATE", "meetingDate", fx.today().toString(), "minutes", "m", "reason", "test end")))
                .json().path("id").asString();
        LifecycleFixture.ok(api.post("leading-group", "/api/v1/grants/" + grant + "/decisions/" + decision + "/approval", null));
        LifecycleFixture.ok(api.post("admin", "/api/v1/grants/" + grant + "/terminate", Map.of("decisionId", decision)));
        assertThat(scheduler.runOnce().deletionsDone()).isEqualTo(1);
        assertThat(DATA_DIR.resolve("workspaces").resolve(grant)).doesNotExist();
        assertThat(jdbc.sql("SELECT state FROM data_deletions WHERE grant_id = ?").param(grant).query(String.class).single())
                .isEqualTo("DONE");
    }

    private static Path temporaryDirectory() {
        try {
            Path target = Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(target, "embedded-mode-").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
