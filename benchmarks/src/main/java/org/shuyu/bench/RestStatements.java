package org.shuyu.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The enforced side over the REST statements API (the console's and the CLI's path), as a member:
 * {@code POST /api/v1/workspaces/{ws}/sessions} (201 OPEN, or 202 QUEUED until admitted),
 * {@code POST .../sessions/{sid}/statements?wait=PT30S} with {@code {"sql": ..., "maxRows": 10}} (200 when final), and
 * {@code GET .../statements/{id}?wait=PT30S} while it is not. One statement's latency is the client's time from the
 * submission to the final answer, SUCCEEDED required. The sessions path is {@code -Dbench.interactive.rest.sessions}.
 */
final class RestStatements {
    private static final String SESSIONS = System.getProperty("bench.interactive.rest.sessions", "/api/v1/workspaces/{workspace}/sessions");
    private static final int WARMUP = Integer.getInteger("bench.interactive.warmup", 20);
    private static final int REPS = Integer.getInteger("bench.interactive.rounds", 10) * Integer.getInteger("bench.interactive.perRound", 10);

    private final BenchApi api;
    private final InteractivePlatform.Grant grant;
    private final String user;

    RestStatements(BenchApi api, InteractivePlatform.Grant grant) {
        this.api = requireNonNull(api, "api is null");
        this.grant = requireNonNull(grant, "grant is null");
        this.user = grant.members().get(0);
    }

    /** Latencies in microseconds per query name ("trivial", "join"); empty when the API is not there (404/405). */
    Map<String, List<Long>> latencies(List<String> queries) throws IOException, InterruptedException {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        String base = SESSIONS.replace("{workspace}", grant.grantId());
        BenchApi.Response opened = api.call(user, "POST", base, null);
        if (opened.status() == 404 || opened.status() == 405) {
            InteractiveBenchmark.print("rest", "no REST statements API at POST " + base + " (" + opened.status() + "): REST rows left empty");
            return out;
        }
        JsonNode session = InteractivePlatform.ok(opened).json();
        String sid = session.path("id").asString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!"OPEN".equals(session.path("state").asString())) {
            if (System.nanoTime() > deadline || "CLOSED".equals(session.path("state").asString())) {
                throw new IllegalStateException("REST session " + sid + " not OPEN: " + session);
            }
            TimeUnit.MILLISECONDS.sleep(100);
            session = InteractivePlatform.ok(api.get(user, base + "/" + sid)).json();
        }
        try {
            for (String query : queries) {
                String sql = query.equals("trivial") ? InteractiveBenchmark.TRIVIAL : InteractiveBenchmark.JOIN;
                for (int i = 0; i < WARMUP; i++) {
                    statement(base, sid, sql);
                }
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < REPS; i++) {
                    times.add(statement(base, sid, sql));
                }
                out.put(query, times);
                InteractiveBenchmark.print("rest", query + ": enforced over REST p50 " + Results.ms(times, 0.5) + " ms, p99 "
                        + Results.ms(times, 0.99) + " ms");
            }
        } finally {
            api.call(user, "DELETE", base + "/" + sid, null);
        }
        return out;
    }

    /** One statement, submission to final answer, in microseconds; anything but SUCCEEDED is an error. */
    private long statement(String base, String sid, String sql) throws IOException, InterruptedException {
        long start = System.nanoTime();
        JsonNode s = InteractivePlatform.ok(api.call(user, "POST", base + "/" + sid + "/statements?wait=PT30S",
                Map.of("sql", sql, "maxRows", 10))).json();
        while (List.of("QUEUED", "RUNNING").contains(s.path("state").asString())) {
            s = InteractivePlatform.ok(api.get(user, base + "/" + sid + "/statements/" + s.path("id").asString() + "?wait=PT30S")).json();
        }
        long micros = (System.nanoTime() - start) / 1000;
        if (!"SUCCEEDED".equals(s.path("state").asString())) {
            throw new IllegalStateException("REST statement ended " + s.path("state").asString() + " " + s.path("code").asString()
                    + ": " + s.path("message").asString());
        }
        return micros;
    }
}
