package org.shuyu.controller.adapter.persistence;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.shuyu.controller.config.MetricsProperties;
import org.shuyu.controller.engine.EngineRecord;
import org.shuyu.controller.job.Job;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.session.InteractiveSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gauges of what the platform holds, by state (issue 19, docs/operations.md): {@code shuyu.jobs} by {@code kind} and
 * {@code state}, {@code shuyu.sessions} and {@code shuyu.engines} by {@code state}. One {@code GROUP BY} per table,
 * reused for {@code sandbox.metrics.gauge-cache} (5 s) however often Prometheus scrapes; the label values are the
 * enums' names (a fixed set, every combination registered from the start so a series never appears late), and a
 * value the enum does not know is not counted. A failed count keeps the last value and logs once per failure streak.
 */
@Component
public class StateGauges implements MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(StateGauges.class);
    private final JdbcClient jdbc;
    private final Cached<Map<String, Long>> jobs;
    private final Cached<Map<String, Long>> sessions;
    private final Cached<Map<String, Long>> engines;

    public StateGauges(JdbcClient jdbc, MetricsProperties properties) {
        this.jdbc = jdbc;
        Duration ttl = properties.gaugeCache();
        this.jobs = new Cached<>(ttl, () -> counts("SELECT kind, state, COUNT(*) AS n FROM jobs GROUP BY kind, state"));
        this.sessions = new Cached<>(ttl, () -> counts("SELECT '' AS kind, state, COUNT(*) AS n FROM interactive_sessions GROUP BY state"));
        this.engines = new Cached<>(ttl, () -> counts("SELECT '' AS kind, state, COUNT(*) AS n FROM workspace_engine GROUP BY state"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Job.Kind kind : Job.Kind.values()) {
            for (JobState state : JobState.values()) {
                String key = kind.name() + "/" + state.name();
                Gauge.builder("shuyu.jobs", jobs, c -> c.get().getOrDefault(key, 0L))
                        .description("Runs (jobs, previews, snapshots, statements) by kind and state")
                        .tag("kind", kind.name()).tag("state", state.name()).register(registry);
            }
        }
        for (InteractiveSession.State state : InteractiveSession.State.values()) {
            String key = "/" + state.name();
            Gauge.builder("shuyu.sessions", sessions, c -> c.get().getOrDefault(key, 0L))
                    .description("Interactive sessions by state").tag("state", state.name()).register(registry);
        }
        for (EngineRecord.State state : EngineRecord.State.values()) {
            String key = "/" + state.name();
            Gauge.builder("shuyu.engines", engines, c -> c.get().getOrDefault(key, 0L))
                    .description("Workspace engines by state").tag("state", state.name()).register(registry);
        }
    }

    private Map<String, Long> counts(String sql) {
        Map<String, Long> out = new HashMap<>();
        jdbc.sql(sql).query((rs, n) -> {
            out.put(rs.getString("kind") + "/" + rs.getString("state"), rs.getLong("n"));
            return null;
        }).list();
        return out;
    }

    /** A value recomputed at most once per {@code ttl}; the previous one stands while a recomputation fails. */
    static final class Cached<T> {
        private final long ttlNanos;
        private final Supplier<T> source;
        private T value;
        private long at;
        private boolean failing;

        Cached(Duration ttl, Supplier<T> source) {
            this.ttlNanos = ttl.toNanos();
            this.source = source;
        }

        synchronized T get() {
            long now = System.nanoTime();
            if (value == null || now - at >= ttlNanos) {
                try {
                    value = source.get();
                    failing = false;
                } catch (RuntimeException e) {
                    if (!failing) {
                        log.warn("a state gauge could not be counted; it keeps its last value until the database answers", e);
                    }
                    failing = true;
                    if (value == null) {
                        throw e; // nothing to show yet: Micrometer reports NaN for this scrape
                    }
                }
                at = now;
            }
            return value;
        }
    }
}
