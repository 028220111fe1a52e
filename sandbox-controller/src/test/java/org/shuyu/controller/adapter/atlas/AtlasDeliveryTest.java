package org.shuyu.controller.adapter.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.lineage.LineageMirror;
import org.shuyu.lineage.LineageProcess;

/**
 * The outbox and its deliverer on a real database against the fake Atlas: delivered in order, Atlas down means queued
 * and retried (never lost), a flood from several threads while Atlas flaps, a refused payload marked FAILED without
 * stopping the rest.
 */
@Tag("R-24c")
class AtlasDeliveryTest {
    private static final Duration RETRY_INITIAL = Duration.ofMillis(5);
    private static final Duration RETRY_MAX = Duration.ofMillis(50);
    private final Clock clock = Clock.systemUTC();
    private OutboxDatabase db;
    private FakeAtlas atlas;
    private AtlasMirror mirror;
    private AtlasDeliverer deliverer;

    @BeforeEach
    void setUp() {
        db = OutboxDatabase.postgres("atlas");
        atlas = new FakeAtlas();
        mirror = new AtlasMirror(new AtlasEntityMapper(new AtlasNames("shuyu"), 500), db.outbox, clock);
        deliverer = deliverer(Optional.empty(), Duration.ofDays(7));
    }

    @AfterEach
    void tearDown() {
        atlas.close();
        db.close();
    }

    private AtlasDeliverer deliverer(Optional<String> authorization, Duration retention) {
        return new AtlasDeliverer(db.outbox, new AtlasClient(atlas.uri(), authorization, Duration.ofSeconds(5)), clock, 100,
                RETRY_INITIAL, RETRY_MAX, retention);
    }

    /** Stores a statement the way the controller's ingest does: START in one transaction, its end in a later one. */
    private LineageProcess runStatement(LineageMirror target, String jobId, LineageProcess.State end) {
        LineageProcess process = LineageSamples.process(jobId, 1);
        db.transactions.executeWithoutResult(t -> target.started(process, LineageSamples.start(jobId, 1, "t_" + jobId.replace('-', '_'))));
        LineageProcess ended = process.ended(LineageSamples.STARTED.plusSeconds(1), end);
        db.transactions.executeWithoutResult(t -> target.ended(ended));
        return ended;
    }

    /** Passes until nothing is pending (back-offs here are milliseconds, so no pause between passes). */
    private void deliverAll() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (db.outbox.count(AtlasOutbox.State.PENDING) > 0) {
            assertThat(System.nanoTime()).as("delivered within 5 minutes").isLessThan(deadline);
            deliverer.deliver();
        }
    }

    private List<String> outboxPayloadsById() {
        return db.jdbc.sql("SELECT payload FROM atlas_outbox ORDER BY id").query(String.class).list();
    }

    private List<String> appliedEntityPayloads() {
        return atlas.applied().stream().filter(a -> a.path().contains("/entity")).map(FakeAtlas.Applied::body).toList();
    }

    @Test
    void deliversAProcessWithItsDatasetsColumnsAndColumnLineageThenItsEnd() {
        runStatement(mirror, "job-a", LineageProcess.State.COMPLETED);
        assertThat(db.outbox.count(AtlasOutbox.State.PENDING)).isEqualTo(2);

        AtlasDeliverer.Pass pass = deliverer.deliver();

        assertThat(pass).isEqualTo(new AtlasDeliverer.Pass(2, 0, false));
        assertThat(atlas.types().entities).containsKeys(AtlasNames.DATASET, AtlasNames.COLUMN, AtlasNames.PROCESS, AtlasNames.COLUMN_LINEAGE);
        assertThat(atlas.entity(AtlasNames.PROCESS, "job-a#1@shuyu").orElseThrow().attributes()).containsEntry("state", "COMPLETED");
        assertThat(atlas.count(AtlasNames.COLUMN_LINEAGE)).isEqualTo(3);
        assertThat(appliedEntityPayloads()).isEqualTo(outboxPayloadsById());
        AtlasOutbox.Status status = db.outbox.status();
        assertThat(status.pending()).isZero();
        assertThat(status.delivered()).isEqualTo(2);
        assertThat(status.lastDeliveredAt()).isPresent();
        assertThat(atlas.refusals()).isEmpty();
    }

    @Test
    void aFailedStatementQuarantinesItsOutputsInAtlas() {
        runStatement(mirror, "job-q", LineageProcess.State.FAILED);
        deliverAll();
        assertThat(atlas.entity(AtlasNames.DATASET, "ws_ws_12.t_job_q@shuyu").orElseThrow().attributes()).containsEntry("quarantined", true);
        assertThat(atlas.entity(AtlasNames.PROCESS, "job-q#1@shuyu").orElseThrow().attributes()).containsEntry("state", "FAILED");
    }

    @Test
    void atlasDownMeansQueuedAndRetriedThenDeliveredInOrderExactlyOnce() throws InterruptedException {
        atlas.stop();
        for (int i = 0; i < 3; i++) {
            runStatement(mirror, "job-d" + i, LineageProcess.State.COMPLETED);
        }
        assertThat(deliverer.deliver().stopped()).isTrue();
        Thread.sleep(RETRY_MAX.toMillis() + 10);
        deliverer.deliver();
        AtlasOutbox.Status down = db.outbox.status();
        assertThat(down.pending()).isEqualTo(6);
        assertThat(down.headAttempts()).isEqualTo(2);
        assertThat(down.lastError()).get().asString().contains("ConnectException");
        assertThat(down.oldestPendingAt()).isPresent();

        atlas.start();
        atlas.failWith(() -> 503);
        Thread.sleep(RETRY_MAX.toMillis() + 10);
        deliverer.deliver();
        assertThat(db.outbox.status().headAttempts()).isEqualTo(3);
        assertThat(db.outbox.status().lastError()).get().asString().contains("HTTP 503");
        assertThat(atlas.applied()).isEmpty();

        atlas.failWith(() -> 0);
        deliverAll();
        assertThat(db.outbox.count(AtlasOutbox.State.DELIVERED)).isEqualTo(6);
        assertThat(appliedEntityPayloads()).isEqualTo(outboxPayloadsById());
        assertThat(atlas.count(AtlasNames.PROCESS)).isEqualTo(3);
    }

    @Test
    void backsOffExponentiallyUpToTheCap() {
        assertThat(deliverer.backoff(0)).isEqualTo(Duration.ofMillis(5));
        assertThat(deliverer.backoff(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(deliverer.backoff(3)).isEqualTo(Duration.ofMillis(40));
        assertThat(deliverer.backoff(4)).isEqualTo(RETRY_MAX);
        assertThat(deliverer.backoff(1000)).isEqualTo(RETRY_MAX);
    }

    @Test
    void whileBackingOffNothingIsSent() {
        AtlasDeliverer slow = new AtlasDeliverer(db.outbox, new AtlasClient(atlas.uri(), Optional.empty(), Duration.ofSeconds(5)), clock, 100,
                Duration.ofHours(1), Duration.ofHours(2), Duration.ofDays(7));
        runStatement(mirror, "job-b", LineageProcess.State.COMPLETED);
        atlas.failWith(() -> 503);
        slow.deliver();
        long calls = atlas.calls();
        atlas.failWith(() -> 0);
        assertThat(slow.deliver()).isEqualTo(new AtlasDeliverer.Pass(0, 0, false));
        assertThat(atlas.calls()).isEqualTo(calls);
        assertThat(db.outbox.status().headAttempts()).isEqualTo(1);
    }

    @Test
    void aRefusedPayloadIsMarkedFailedAndDoesNotBlockTheRest() {
        runStatement(mirror, "job-1", LineageProcess.State.COMPLETED);
        String bad = "{\"entities\":[{\"typeName\":\"shuyu_dataset\",\"attributes\":{\"qualifiedName\":\"a.b@shuyu\",\"name\":\"a.b\","
                + "\"database\":\"a\",\"kind\":\"SOURCE\",\"colour\":\"red\"}}],\"referredEntities\":{}}";
        db.transactions.executeWithoutResult(t -> db.outbox.enqueue(List.of(new AtlasRequest(AtlasRequest.Kind.ENTITIES, "bad#1@shuyu", bad)),
                List.of(), clock.instant()));
        runStatement(mirror, "job-2", LineageProcess.State.COMPLETED);

        AtlasDeliverer.Pass pass = deliverer.deliver();

        assertThat(pass).isEqualTo(new AtlasDeliverer.Pass(4, 1, false));
        assertThat(deliverer.failedPermanently()).isEqualTo(1);
        AtlasOutbox.Status status = db.outbox.status();
        assertThat(status.failed()).isEqualTo(1);
        assertThat(status.pending()).isZero();
        assertThat(status.lastError()).get().asString().contains("HTTP 400", "colour");
        assertThat(atlas.entity(AtlasNames.PROCESS, "job-2#1@shuyu")).isPresent();
        // Failed rows are kept for an operator, never pruned.
        assertThat(db.outbox.pruneDelivered(Instant.now().plusSeconds(60))).isEqualTo(4);
        assertThat(db.outbox.count(AtlasOutbox.State.FAILED)).isEqualTo(1);
    }

    @Test
    void refusedCredentialsAreRetriedNotFailed() {
        atlas.requireAuthorization(AtlasClient.basic("mirror", "right"));
        AtlasDeliverer wrong = deliverer(Optional.of(AtlasClient.basic("mirror", "wrong")), Duration.ofDays(7));
        runStatement(mirror, "job-c", LineageProcess.State.COMPLETED);
        assertThat(wrong.deliver().stopped()).isTrue();
        assertThat(db.outbox.status().lastError()).get().asString().contains("HTTP 401");
        assertThat(db.outbox.count(AtlasOutbox.State.FAILED)).isZero();

        deliverer = deliverer(Optional.of(AtlasClient.basic("mirror", "right")), Duration.ofDays(7));
        deliverAll();
        assertThat(db.outbox.count(AtlasOutbox.State.DELIVERED)).isEqualTo(2);
    }

    @Test
    void createsOnlyTheTypeDefinitionsAtlasLacks() {
        Map<String, Object> some = new HashMap<>();
        some.put("entityDefs", AtlasDeliverer.typeDefinitions().get("entityDefs").subList(0, 2));
        assertThat(atlas.types().add(some)).isEmpty();
        runStatement(mirror, "job-t", LineageProcess.State.COMPLETED);
        deliverAll();
        List<FakeAtlas.Applied> typeCalls = atlas.applied().stream().filter(a -> a.path().contains("/types/")).toList();
        assertThat(typeCalls).hasSize(1);
        Map<String, Object> created = AtlasTypeSystem.parse(typeCalls.get(0).body());
        assertThat(AtlasTypeSystem.list(created, "entityDefs")).extracting(d -> d.get("name"))
                .containsExactly(AtlasNames.PROCESS, AtlasNames.COLUMN_LINEAGE);
        assertThat(AtlasTypeSystem.list(created, "relationshipDefs")).hasSize(2);

        // A restarted controller finds them all and creates none.
        deliverer = deliverer(Optional.empty(), Duration.ofDays(7));
        runStatement(mirror, "job-u", LineageProcess.State.COMPLETED);
        deliverAll();
        assertThat(atlas.applied().stream().filter(a -> a.path().contains("/types/"))).hasSize(1);
    }

    @Test
    void statusCodesAreClassified() {
        for (int status : List.of(200, 201, 204)) {
            assertThat(AtlasDeliverer.outcome(status)).isEqualTo(AtlasDeliverer.Outcome.DELIVERED);
        }
        for (int status : List.of(400, 404, 409, 413, 422)) {
            assertThat(AtlasDeliverer.outcome(status)).isEqualTo(AtlasDeliverer.Outcome.PERMANENT);
        }
        for (int status : List.of(301, 401, 403, 407, 408, 425, 429, 500, 502, 503, 504)) {
            assertThat(AtlasDeliverer.outcome(status)).isEqualTo(AtlasDeliverer.Outcome.RETRY);
        }
    }

    @Test
    void aRolledBackTransactionLeavesNothingToDeliver() {
        LineageProcess process = LineageSamples.process("job-r", 1);
        db.transactions.executeWithoutResult(t -> {
            mirror.started(process, LineageSamples.start("job-r", 1));
            t.setRollbackOnly();
        });
        assertThat(db.outbox.status().pending()).isZero();
    }

    @Test
    void aFloodFromSeveralThreadsWhileAtlasFlapsIsDeliveredCompletelyAndInOrderPerProcess() throws Exception {
        int processes = Integer.getInteger("atlas.flood", 600);
        long t0 = System.nanoTime();
        int threads = 4;
        Random random = new Random(42);
        atlas.failWith(() -> {
            synchronized (random) {
                return random.nextInt(5) == 0 ? 503 : 0;
            }
        });
        AtomicBoolean producing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        Future<?> delivering = pool.submit(() -> {
            while (producing.get()) {
                if (deliverer.deliver().stopped()) {
                    Thread.sleep(1);
                }
            }
            return null;
        });
        List<Future<?>> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            producers.add(pool.submit(() -> {
                for (int i = thread; i < processes; i += threads) {
                    runStatement(mirror, "job-f" + i, LineageProcess.State.COMPLETED);
                }
                return null;
            }));
        }
        for (Future<?> producer : producers) {
            producer.get(5, TimeUnit.MINUTES);
        }
        producing.set(false);
        delivering.get(1, TimeUnit.MINUTES);
        pool.shutdown();
        System.out.printf("FLOOD produced in %d ms, delivered %d, pending %d%n", (System.nanoTime() - t0) / 1_000_000,
                db.outbox.count(AtlasOutbox.State.DELIVERED), db.outbox.count(AtlasOutbox.State.PENDING));
        deliverAll();
        System.out.printf("FLOOD done in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(db.outbox.count(AtlasOutbox.State.DELIVERED)).isEqualTo(2L * processes);
        assertThat(db.outbox.count(AtlasOutbox.State.FAILED)).isZero();
        assertThat(atlas.count(AtlasNames.PROCESS)).isEqualTo(processes);
        assertThat(atlas.entities().stream().filter(e -> e.typeName().equals(AtlasNames.PROCESS))
                .allMatch(e -> e.attributes().get("state").equals("COMPLETED"))).isTrue();
        // Exactly once: every row's request was applied once (a 503 is answered before anything is applied).
        List<FakeAtlas.Applied> applied = atlas.applied().stream().filter(a -> a.path().contains("/entity")).toList();
        assertThat(applied).hasSize(2 * processes);
        // Per process: its creation before its end.
        Map<String, Integer> created = new HashMap<>();
        for (int i = 0; i < applied.size(); i++) {
            FakeAtlas.Applied a = applied.get(i);
            if (a.method().equals("POST")) {
                String subject = a.body().replaceAll("(?s).*\"qualifiedName\":\"(job-f\\d+#1@shuyu)\".*", "$1");
                assertThat(created.put(subject, i)).isNull();
            } else {
                String subject = URLDecoder.decode(a.path().substring(a.path().indexOf("=") + 1), StandardCharsets.UTF_8);
                assertThat(created).as(subject).containsKey(subject);
            }
        }
        assertThat(created).hasSize(processes);
    }

    @Test
    void worksOnTheEmbeddedH2DatabaseToo() {
        try (OutboxDatabase h2 = OutboxDatabase.h2("atlas_outbox_h2")) {
            AtlasMirror h2Mirror = new AtlasMirror(new AtlasEntityMapper(new AtlasNames("shuyu"), 500), h2.outbox, clock);
            AtlasDeliverer h2Deliverer = new AtlasDeliverer(h2.outbox, new AtlasClient(atlas.uri(), Optional.empty(), Duration.ofSeconds(5)),
                    clock, 100, RETRY_INITIAL, RETRY_MAX, Duration.ofDays(7));
            LineageProcess process = LineageSamples.process("job-h", 1);
            h2.transactions.executeWithoutResult(t -> h2Mirror.started(process, LineageSamples.start("job-h", 1)));
            h2.transactions.executeWithoutResult(t -> h2Mirror.ended(process.ended(LineageSamples.STARTED.plusSeconds(1),
                    LineageProcess.State.FAILED)));
            assertThat(h2.outbox.status().pending()).isEqualTo(3);
            assertThat(h2.outbox.status().oldestPendingAt()).isPresent();
            assertThat(h2Deliverer.deliver()).isEqualTo(new AtlasDeliverer.Pass(3, 0, false));
            assertThat(h2.outbox.status().lastDeliveredAt()).isPresent();
            assertThat(atlas.entity(AtlasNames.DATASET, "ws_ws_12.features@shuyu").orElseThrow().attributes()).containsEntry("quarantined", true);
        }
    }
}
