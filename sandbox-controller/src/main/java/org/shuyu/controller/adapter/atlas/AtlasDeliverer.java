package org.shuyu.controller.adapter.atlas;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.shuyu.controller.outbox.Backoff;
import org.shuyu.controller.replica.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the outbox to Atlas (docs/atlas.md, "Delivery"). Strictly by id: a pass stops at the first row that could
 * not be delivered for a reason that may pass (Atlas down, 5xx, timeouts, 401/403/429) and backs off exponentially
 * up to a cap, so a process's update never overtakes its creation. A row Atlas refuses with another 4xx is a
 * contract bug: it is marked FAILED with the error, logged at ERROR, counted in the status, and delivery goes on
 * (the queue is not stopped for one bad payload). The type definitions are ensured before the first row.
 */
public class AtlasDeliverer {
    private static final Logger log = LoggerFactory.getLogger(AtlasDeliverer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);
    private static final List<String> CATEGORIES = List.of("enumDefs", "structDefs", "classificationDefs", "entityDefs", "relationshipDefs");
    private final AtlasOutbox outbox;
    private final AtlasClient client;
    private final Clock clock;
    private final int batchSize;
    private final Backoff backoff;
    private final Duration deliveredRetention;
    private final Map<String, List<Map<String, Object>>> typeDefs;
    private final AtomicLong failedPermanently = new AtomicLong();
    private volatile boolean typesReady;
    private Instant lastPrune = Instant.MIN;

    /** What one pass did. */
    public record Pass(int delivered, int failed, boolean stopped) {}

    public AtlasDeliverer(AtlasOutbox outbox, AtlasClient client, Clock clock, int batchSize, Duration retryInitial,
            Duration retryMax, Duration deliveredRetention) {
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.client = requireNonNull(client, "client is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.batchSize = batchSize;
        this.backoff = new Backoff(retryInitial, retryMax);
        this.deliveredRetention = requireNonNull(deliveredRetention, "deliveredRetention is null");
        this.typeDefs = typeDefinitions();
    }

    /** Our type definitions (the resource {@code atlas/shuyu-typedefs.json}), by AtlasTypesDef category. */
    public static Map<String, List<Map<String, Object>>> typeDefinitions() {
        try (InputStream in = AtlasDeliverer.class.getResourceAsStream("/atlas/shuyu-typedefs.json")) {
            if (in == null) {
                throw new IllegalStateException("atlas/shuyu-typedefs.json is missing from the class path");
            }
            Map<String, List<Map<String, Object>>> defs = JSON.readValue(in, new TypeReference<>() {});
            Map<String, List<Map<String, Object>>> result = new LinkedHashMap<>();
            for (String category : CATEGORIES) {
                result.put(category, List.copyOf(defs.getOrDefault(category, List.of())));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Leadership leadership;

    /** Scheduled passes run only on the leader replica (docs/replicas.md); without one, never. */
    @Autowired
    void setLeadership(Leadership leadership) {
        this.leadership = leadership;
        this.fence = leadership::stillLeads;
    }

    /** Checked before each row is sent: a paused former leader that wakes up sends nothing (docs/replicas.md). */
    private volatile BooleanSupplier fence = () -> true;

    private boolean leads() {
        return leadership != null && leadership.isLeader();
    }

    @Scheduled(fixedDelayString = "${sandbox.lineage.atlas.delivery-interval:10s}",
            initialDelayString = "${sandbox.lineage.atlas.delivery-interval:10s}")
    void scheduled() {
        if (!leads()) {
            return;
        }
        try {
            deliver();
        } catch (RuntimeException e) {
            // The database itself failed: nothing was lost (rows stay pending); the next pass tries again.
            log.warn("Atlas mirror: delivery pass failed: {}", e.toString());
        }
    }

    /** Rows refused for good since this controller started (the status counts all FAILED rows). */
    public long failedPermanently() {
        return failedPermanently.get();
    }

    /** One delivery pass; passes never overlap. */
    public synchronized Pass deliver() {
        Instant now = clock.instant();
        if (!now.isBefore(lastPrune.plus(PRUNE_INTERVAL)) || deliveredRetention.isZero()) {
            outbox.pruneDelivered(now.minus(deliveredRetention));
            lastPrune = now;
        }
        List<AtlasOutbox.Row> rows = outbox.pending(batchSize);
        if (rows.isEmpty() || backoff.waiting(rows.get(0).attempts(), rows.get(0).nextAttemptAt(), now)) {
            return new Pass(0, 0, false);
        }
        if (!typesReady) {
            try {
                ensureTypes();
                typesReady = true;
            } catch (IOException | AtlasRefusal e) {
                retry(rows.get(0), now, "type definitions: " + message(e));
                return new Pass(0, 0, true);
            }
        }
        List<Long> delivered = new ArrayList<>();
        int failed = 0;
        try {
            for (AtlasOutbox.Row row : rows) {
                Instant at = clock.instant();
                if (backoff.waiting(row.attempts(), row.nextAttemptAt(), at)) {
                    return new Pass(delivered.size(), failed, true);
                }
                if (!fence.getAsBoolean()) {
                    log.warn("Atlas mirror: this replica no longer leads; delivery stops at outbox row {}", row.id());
                    return new Pass(delivered.size(), failed, true);
                }
                AtlasClient.Response response;
                try {
                    response = client.send(row.request());
                } catch (IOException e) {
                    retry(row, at, message(e));
                    return new Pass(delivered.size(), failed, true);
                }
                switch (outcome(response.status())) {
                    case DELIVERED -> delivered.add(row.id());
                    case RETRY -> {
                        if (response.status() == 401 || response.status() == 403) {
                            log.error("Atlas mirror: Atlas refused the controller's credentials ({}); check sandbox.lineage.atlas.username"
                                    + " and the password or token environment variable", response.status());
                        }
                        retry(row, at, response.toString());
                        return new Pass(delivered.size(), failed, true);
                    }
                    case PERMANENT -> {
                        outbox.failed(row.id(), clock.instant(), response.toString());
                        failedPermanently.incrementAndGet();
                        failed++;
                        log.error("Atlas mirror: Atlas refused outbox row {} ({} of {}) with {}: marked FAILED, delivery goes on."
                                + " This is a contract bug of the mirror; see GET /api/v1/lineage/mirror", row.id(),
                                row.request().kind(), row.request().subject(), abbreviate(response.toString()));
                    }
                }
            }
            return new Pass(delivered.size(), failed, false);
        } finally {
            // Marked together at the end of the pass: if the controller stops before, those rows are sent again, which
            // Atlas takes as updates by qualifiedName (at least once, never lost).
            outbox.delivered(delivered, clock.instant());
        }
    }

    enum Outcome { DELIVERED, RETRY, PERMANENT }

    /**
     * 2xx delivered. Other 4xx: Atlas refused this payload (400 invalid, 404 a referenced entity or type missing) and
     * will refuse it again: permanent. Except what is about the caller or the moment, not the payload: 401, 403, 407
     * (credentials, fixed by an operator), 408, 425, 429 (try later). Everything else (5xx, 3xx) may pass: retry.
     */
    static Outcome outcome(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        if (status >= 400 && status < 500 && !Set.of(401, 403, 407, 408, 425, 429).contains(status)) {
            return Outcome.PERMANENT;
        }
        return Outcome.RETRY;
    }

    /** Backs off: retry-initial doubled per earlier attempt, at most retry-max. */
    Duration backoff(int attempts) {
        return backoff.after(attempts);
    }

    private void retry(AtlasOutbox.Row row, Instant at, String error) {
        Instant next = at.plus(backoff(row.attempts()));
        outbox.retry(row.id(), at, next, error);
        if (row.attempts() == 0 || row.attempts() % 10 == 0) {
            log.warn("Atlas mirror: outbox row {} not delivered (attempt {}), next try at {}: {}", row.id(), row.attempts() + 1, next,
                    abbreviate(error));
        }
    }

    /** Creates the type definitions Atlas does not have yet (409: someone else just did). */
    void ensureTypes() throws IOException, AtlasRefusal {
        Set<String> missing = missingTypes();
        if (missing.isEmpty()) {
            return;
        }
        Map<String, Object> create = new LinkedHashMap<>();
        for (String category : CATEGORIES) {
            create.put(category, typeDefs.get(category).stream().filter(d -> missing.contains(String.valueOf(d.get("name")))).toList());
        }
        AtlasClient.Response created = client.createTypes(JSON.writeValueAsString(create));
        if (!created.ok() && created.status() != 409) {
            throw new AtlasRefusal("POST typedefs: " + created);
        }
        Set<String> still = missingTypes();
        if (!still.isEmpty()) {
            throw new AtlasRefusal("type definitions still missing after creating them: " + still);
        }
        log.info("Atlas mirror: created the type definitions {} in Atlas at {}", missing, client.base());
    }

    private Set<String> missingTypes() throws IOException, AtlasRefusal {
        AtlasClient.Response headers = client.typeHeaders();
        if (!headers.ok()) {
            throw new AtlasRefusal("GET typedefs/headers: " + headers);
        }
        List<Map<String, Object>> existing;
        try {
            existing = JSON.readValue(headers.body(), new TypeReference<>() {});
        } catch (RuntimeException e) {
            throw new AtlasRefusal("GET typedefs/headers: not a list of type headers");
        }
        Set<String> names = new HashSet<>();
        existing.forEach(h -> names.add(String.valueOf(h.get("name"))));
        Set<String> missing = new LinkedHashSet<>();
        typeDefs.values().forEach(defs -> defs.forEach(d -> {
            String name = String.valueOf(d.get("name"));
            if (!names.contains(name)) {
                missing.add(name);
            }
        }));
        return missing;
    }

    /** Atlas answered, but not as needed to go on. */
    static final class AtlasRefusal extends Exception {
        AtlasRefusal(String message) {
            super(message);
        }
    }

    private static String message(Exception e) {
        String text = e.getMessage();
        return e.getClass().getSimpleName() + (text == null ? "" : ": " + text);
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 497) + "..." : s;
    }
}
