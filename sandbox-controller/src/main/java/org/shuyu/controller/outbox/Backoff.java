package org.shuyu.controller.outbox;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The retry schedule the outbox deliverers share (OpenLineage, Atlas, notifications): the wait after a failed attempt is
 * {@code initial} doubled per earlier attempt, at most {@code max}; and a row waits out that back-off only if it was
 * tried and its next attempt lies within {@code max} from now. A row stamped further ahead was stamped by a wall clock
 * that has since stepped back (NTP, a test clock) and is due at once: a strictly ordered outbox must not stall behind it.
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        requireNonNull(initial, "initial is null");
        requireNonNull(max, "max is null");
    }

    /** The wait after the ({@code earlierAttempts}+1)-th failed attempt. */
    public Duration after(int earlierAttempts) {
        Duration delay = initial.multipliedBy(1L << Math.min(earlierAttempts, 20));
        return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
    }

    /** Whether a row with these attempts and this next attempt still waits at {@code now}. */
    public boolean waiting(int attempts, Instant nextAttemptAt, Instant now) {
        return attempts > 0 && nextAttemptAt.isAfter(now) && !nextAttemptAt.isAfter(latestWait(now));
    }

    /** The latest next attempt that is still a back-off at {@code now}; anything later is due. */
    public Instant latestWait(Instant now) {
        return now.plus(max);
    }
}
