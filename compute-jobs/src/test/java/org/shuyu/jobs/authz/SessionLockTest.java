package org.shuyu.jobs.authz;

import static org.shuyu.jobs.testing.Refusals.assertRefused;

import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.jobs.JobsErrorCode;

@Tag("R-19a")
class SessionLockTest {
    private final SessionLock lock = new SessionLock();

    @Test
    void everyAllowedKeyMaySetReadAndReset() {
        for (String key : SessionLock.ALLOWED_KEYS) {
            lock.checkSet(Optional.of(key), Optional.of("1"));
            lock.checkSet(Optional.of(key.toUpperCase()), Optional.empty());
            lock.checkReset(Optional.of(key));
        }
    }

    @Test
    void everythingElseIsLocked() {
        assertRefused(() -> lock.checkSet(Optional.empty(), Optional.empty()), JobsErrorCode.SETTING_LOCKED, "SET");
        assertRefused(() -> lock.checkSet(Optional.of("-v"), Optional.empty()), JobsErrorCode.SETTING_LOCKED);
        assertRefused(() -> lock.checkReset(Optional.empty()), JobsErrorCode.SETTING_LOCKED, "RESET");
        assertRefused(() -> lock.checkSet(Optional.of("spark.sql.extensions"), Optional.of("x")),
                JobsErrorCode.SETTING_LOCKED, "spark.sql.extensions");
        assertRefused(() -> lock.checkSet(Optional.of("spark.sql.optimizer.excludedRules"), Optional.empty()),
                JobsErrorCode.SETTING_LOCKED, "may not be read");
        assertRefused(() -> lock.checkSet(Optional.of("spark.shuyu.user"), Optional.of("admin")),
                JobsErrorCode.SETTING_LOCKED, "identity");
        assertRefused(() -> lock.checkSet(Optional.of("spark.shuyu.anything"), Optional.of("x")),
                JobsErrorCode.SETTING_LOCKED);
        assertRefused(() -> lock.checkReset(Optional.of("spark.sql.runSQLOnFiles")), JobsErrorCode.SETTING_LOCKED);
    }
}
