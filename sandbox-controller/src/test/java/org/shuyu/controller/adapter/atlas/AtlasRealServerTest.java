package org.shuyu.controller.adapter.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.shuyu.lineage.ColumnRef;
import org.shuyu.lineage.LineageProcess;

/**
 * Opt-in: against a real Apache Atlas, when {@code ATLAS_URL} is set (e.g. {@code http://localhost:21000}); user
 * {@code ATLAS_USER} (default admin), password {@code ATLAS_PASSWORD}. Creates our type definitions if missing, mirrors
 * one statement through the outbox (an in-memory H2 database) and reads it back by qualifiedName. A plain unit test
 * (not a failsafe *IT), so it is simply skipped where no Atlas runs. See docs/atlas.md.
 */
@Tag("R-24c")
@EnabledIfEnvironmentVariable(named = "ATLAS_URL", matches = ".+")
class AtlasRealServerTest {
    @Test
    void mirrorsAStatementToARealAtlasAndReadsItBack() throws IOException {
        String user = Optional.ofNullable(System.getenv("ATLAS_USER")).filter(s -> !s.isBlank()).orElse("admin");
        String password = Optional.ofNullable(System.getenv("ATLAS_PASSWORD")).orElse("");
        AtlasClient client = new AtlasClient(URI.create(System.getenv("ATLAS_URL").replaceAll("/+$", "")),
                Optional.of(AtlasClient.basic(user, password)), Duration.ofSeconds(60));
        String jobId = "job-it-" + System.currentTimeMillis();
        try (OutboxDatabase db = OutboxDatabase.h2("atlas_real_" + System.nanoTime())) {
            AtlasNames names = new AtlasNames("shuyu-it");
            AtlasMirror mirror = new AtlasMirror(new AtlasEntityMapper(names, 500), db.outbox, Clock.systemUTC());
            AtlasDeliverer deliverer = new AtlasDeliverer(db.outbox, client, Clock.systemUTC(), 100, Duration.ofMillis(200),
                    Duration.ofSeconds(2), Duration.ofDays(1));
            LineageProcess process = LineageSamples.process(jobId, 1);
            db.transactions.executeWithoutResult(t -> mirror.started(process, LineageSamples.start(jobId, 1, "it_" + jobId.substring(7))));
            db.transactions.executeWithoutResult(t -> mirror.ended(process.ended(LineageSamples.STARTED.plusSeconds(2),
                    LineageProcess.State.COMPLETED)));

            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (db.outbox.count(AtlasOutbox.State.PENDING) > 0 && System.nanoTime() < deadline) {
                if (deliverer.deliver().stopped()) {
                    sleep(500);
                }
            }
            AtlasOutbox.Status status = db.outbox.status();
            assertThat(status.pending()).as("still pending; last error: " + status.lastError().orElse("-")).isZero();
            assertThat(status.failed()).as("refused by Atlas: " + status.lastError().orElse("-")).isZero();

            AtlasClient.Response read = client.entity(AtlasNames.PROCESS, names.process(process));
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            Map<String, Object> entity = AtlasTypeSystem.map(AtlasTypeSystem.parse(read.body()), "entity");
            assertThat(AtlasTypeSystem.map(entity, "attributes")).containsEntry("state", "COMPLETED").containsEntry("jobId", jobId);
            AtlasClient.Response lineage = client.entity(AtlasNames.COLUMN_LINEAGE,
                    names.columnLineage(process, new ColumnRef("ws_ws_12.it_" + jobId.substring(7), "total")));
            assertThat(lineage.status()).as(lineage.toString()).isEqualTo(200);
            assertThat(client.entity(AtlasNames.DATASET, names.dataset("census.persons")).status()).isEqualTo(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
