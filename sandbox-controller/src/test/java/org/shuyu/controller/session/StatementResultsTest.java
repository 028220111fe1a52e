package org.shuyu.controller.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.config.SessionProperties;
import org.shuyu.controller.support.MutableClock;
import org.shuyu.runtime.contract.EngineStatementState;

/** First rows stay in memory only, for their member only, bounded by count and by time. */
class StatementResultsTest {
    private static final EngineStatementState.Result ROWS = new EngineStatementState.Result(
            List.of(new EngineStatementState.Column("n", "int")), List.of(List.of("1")), false);

    @Test
    void rowsAreHandedToTheirMemberOnlyAndForgottenAfterTheirTimeOrBeyondTheCount() {
        MutableClock clock = new MutableClock();
        SessionProperties defaults = SessionProperties.defaults();
        SessionProperties settings = new SessionProperties(defaults.idleTimeout(), defaults.sweepInterval(), defaults.maxPerMember(),
                defaults.maxSqlChars(), defaults.maxWait(), Duration.ofMinutes(10), 2);
        StatementResults results = new StatementResults(settings, clock);
        results.put("a", "engineer", ROWS);
        assertThat(results.get("a", "engineer")).contains(ROWS);
        assertThat(results.get("a", "engineer2")).isEmpty();
        results.put("b", "engineer", ROWS);
        results.get("a", "engineer"); // a read keeps "a"; "b" is now the least recently read
        results.put("c", "engineer", ROWS);
        assertThat(results.holds("a")).isTrue();
        assertThat(results.holds("b")).isFalse();
        assertThat(results.holds("c")).isTrue();
        clock.advance(Duration.ofMinutes(11));
        try {
            assertThat(results.get("a", "engineer")).isEmpty();
            assertThat(results.holds("c")).isFalse();
        } finally {
            clock.reset();
        }
    }
}
