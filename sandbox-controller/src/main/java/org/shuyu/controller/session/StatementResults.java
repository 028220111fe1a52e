package org.shuyu.controller.session;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.shuyu.controller.config.SessionProperties;
import org.shuyu.runtime.contract.EngineStatementState;
import org.springframework.stereotype.Component;

/**
 * The first rows of statements' results, in the controller's memory only (issue 16): masked data, but data, so never
 * written to the database, a log or the audit trail. Bounded by count ({@code sandbox.sessions.result-max-statements},
 * least recently read dropped first) and by time ({@code sandbox.sessions.result-ttl}); a restart forgets them all.
 * Rows are only handed back for the member who ran the statement.
 */
@Component
public class StatementResults {
    private record Entry(String user, EngineStatementState.Result result, Instant storedAt) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final SessionProperties settings;
    private final Clock clock;

    public StatementResults(SessionProperties settings, Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public synchronized void put(String statementId, String user, EngineStatementState.Result result) {
        expire();
        entries.put(statementId, new Entry(user, result, clock.instant()));
        while (entries.size() > settings.resultMaxStatements()) {
            Iterator<String> eldest = entries.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** The statement's first rows if still kept, only for the member who ran it. */
    public synchronized Optional<EngineStatementState.Result> get(String statementId, String user) {
        expire();
        Entry entry = entries.get(statementId);
        return entry == null || !entry.user().equals(user) ? Optional.empty() : Optional.of(entry.result());
    }

    public synchronized boolean holds(String statementId) {
        expire();
        return entries.containsKey(statementId);
    }

    public synchronized void forget(String statementId) {
        entries.remove(statementId);
    }

    private void expire() {
        Instant limit = clock.instant().minus(settings.resultTtl());
        entries.values().removeIf(e -> e.storedAt().isBefore(limit));
    }
}
