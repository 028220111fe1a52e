package org.shuyu.jobs.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.jobs.testing.Refusals.assertRefused;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.shuyu.jobs.JobsErrorCode;

class PolicyFreshnessTest {
    /** A hand-moved clock. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-11-27T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(long millis) {
            now = now.plusMillis(millis);
        }
    }

    private final TestClock clock = new TestClock();
    private final PolicyFreshness freshness = new PolicyFreshness(clock, Duration.ofSeconds(10));

    @Test
    void nothingLoadedIsUnavailable() {
        assertRefused(freshness::requireFresh, JobsErrorCode.POLICY_UNAVAILABLE, "no access policies");
        freshness.failed("policy server answered HTTP 401");
        assertRefused(freshness::requireFresh, JobsErrorCode.POLICY_UNAVAILABLE, "HTTP 401");
    }

    @Test
    void freshWhileDownloadedAppliedAndRecentlyPolled() {
        freshness.downloaded(3);
        freshness.applied(3);
        assertThat(freshness.requireFresh()).isEqualTo(3);
        clock.advance(9_000);
        freshness.unchanged();
        clock.advance(9_000);
        assertThat(freshness.requireFresh()).isEqualTo(3);
        clock.advance(1_001);
        freshness.failed("policy server unreachable: ConnectException");
        assertRefused(freshness::requireFresh, JobsErrorCode.POLICY_UNAVAILABLE, "stale", "ConnectException");
    }

    @Test
    void aDownloadedVersionTheEngineDidNotApplyIsUnavailable() {
        freshness.downloaded(3);
        freshness.applied(3);
        freshness.downloaded(4);
        assertRefused(freshness::requireFresh, JobsErrorCode.POLICY_UNAVAILABLE, "version 4 could not be applied");
        freshness.applied(4);
        assertThat(freshness.requireFresh()).isEqualTo(4);
    }
}
