package org.shuyu.controller.adapter.atlas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.Api;
import org.shuyu.controller.support.TestDatabase;
import org.shuyu.lineage.LineageMirror;
import org.shuyu.lineage.LineageProcess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The controller with {@code sandbox.lineage.atlas.enabled=true} against the fake Atlas (basic authentication, the
 * password from the environment variable the settings name): what the ingest stores in its transaction reaches Atlas
 * through the scheduled deliverer, and the status endpoint shows it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("R-24c")
class AtlasMirrorEnabledTest {
    private static final FakeAtlas ATLAS = new FakeAtlas();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabase.fresh("atlas_app"));
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", () -> "");
        registry.add("sandbox.data-dir", () -> "target/test-data-atlas");
        registry.add("sandbox.lifecycle.scheduler-interval", () -> "1h");
        registry.add("sandbox.workspaces.reconcile-interval", () -> "1h");
        registry.add("sandbox.lineage.atlas.enabled", () -> "true");
        registry.add("sandbox.lineage.atlas.url", () -> ATLAS.uri().toString());
        registry.add("sandbox.lineage.atlas.username", () -> "mirror");
        registry.add("sandbox.lineage.atlas.password-env", () -> "SHUYU_TEST_ATLAS_PASSWORD");
        // Stands in for the environment variable (Spring's environment includes the process environment).
        registry.add("SHUYU_TEST_ATLAS_PASSWORD", () -> "s3cret");
        registry.add("sandbox.lineage.atlas.delivery-interval", () -> "200ms");
        registry.add("sandbox.lineage.atlas.retry-initial", () -> "50ms");
        registry.add("sandbox.lineage.atlas.retry-max", () -> "200ms");
        ATLAS.requireAuthorization(AtlasClient.basic("mirror", "s3cret"));
    }

    @AfterAll
    static void stopAtlas() {
        ATLAS.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void whatTheIngestStoresReachesAtlasAndTheStatusShowsIt() {
        assertThat(context.getBeansOfType(LineageMirror.class)).hasSize(1);
        LineageMirror mirror = context.getBean(LineageMirror.class);
        assertThat(mirror).isInstanceOf(AtlasMirror.class);
        assertThat(context.getBeansOfType(AtlasDeliverer.class)).hasSize(1);

        LineageProcess process = LineageSamples.process("job-e2e", 1);
        ATLAS.failWith(() -> 503);
        transactions.executeWithoutResult(t -> mirror.started(process, LineageSamples.start("job-e2e", 1)));
        transactions.executeWithoutResult(t -> mirror.ended(process.ended(LineageSamples.STARTED.plusSeconds(3),
                LineageProcess.State.COMPLETED)));
        Api api = new Api(port);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode status = api.get("security", "/api/v1/lineage/mirror").json();
            assertThat(status.path("pending").asLong()).isEqualTo(2);
            assertThat(status.path("headAttempts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(status.path("lastError").asString()).contains("503");
            assertThat(status.path("oldestPendingAgeSeconds").isNumber()).isTrue();
        });

        ATLAS.failWith(() -> 0);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ATLAS.entity(AtlasNames.PROCESS, "job-e2e#1@shuyu"))
                .hasValueSatisfying(e -> assertThat(e.attributes()).containsEntry("state", "COMPLETED")));
        assertThat(ATLAS.count(AtlasNames.COLUMN_LINEAGE)).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode status = api.get("admin", "/api/v1/lineage/mirror").json();
            assertThat(status.path("enabled").asBoolean()).isTrue();
            assertThat(status.path("pending").asLong()).isZero();
            assertThat(status.path("delivered").asLong()).isEqualTo(2);
            assertThat(status.path("failed").asLong()).isZero();
            assertThat(status.path("lastDeliveredAt").asString()).isNotEmpty();
            assertThat(status.has("oldestPendingAgeSeconds")).isFalse();
        });
        // Never the credentials in what the status shows.
        assertThat(api.get("security", "/api/v1/lineage/mirror").text()).doesNotContain("s3cret");
    }
}
