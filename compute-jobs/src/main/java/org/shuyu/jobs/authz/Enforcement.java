package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.JobsErrorCode;

/**
 * The enforcement state one job's Spark session is built with: the fixed user, the policy decisions, the workspace
 * paths, the setting lock and the masking salt. Off during the launcher's privileged setup (registering sources and
 * workspace tables), then switched on once with {@link #enable}; there is no way back.
 */
public final class Enforcement {
    /** Session settings that must keep the value they had when enforcement was switched on. */
    static final String[] LOCKED_RUNTIME_KEYS = {
        "spark.sql.runSQLOnFiles", "spark.sql.optimizer.excludedRules", "spark.sql.defaultCatalog",
        "spark.sql.catalog.spark_catalog", "spark.sql.analyzer.singlePassResolver.enabled"
    };

    private final String user;
    private final String workspaceDatabase;
    private final Authorizer authorizer;
    private final WorkspacePaths paths;
    private final SessionLock lock;
    private final String maskSalt;
    private final AtomicBoolean enabled = new AtomicBoolean();
    private volatile Map<String, Optional<String>> lockedValues = Map.of();

    public Enforcement(String user, String workspaceDatabase, Authorizer authorizer, WorkspacePaths paths,
                       SessionLock lock, Optional<String> maskSalt) {
        this.user = requireNonNull(user, "user is null");
        this.workspaceDatabase = requireNonNull(workspaceDatabase, "workspaceDatabase is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.paths = requireNonNull(paths, "paths is null");
        this.lock = requireNonNull(lock, "lock is null");
        this.maskSalt = requireNonNull(maskSalt, "maskSalt is null").filter(s -> !s.isEmpty()).orElse(null);
    }

    public String user() {
        return user;
    }

    public String workspaceDatabase() {
        return workspaceDatabase;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public WorkspacePaths paths() {
        return paths;
    }

    public SessionLock lock() {
        return lock;
    }

    /** The masking salt, or {@code AUTHORIZATION_ERROR} when a hash mask is needed and none is configured. */
    String requireMaskSalt() {
        if (maskSalt == null) {
            throw new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                    "a column must be hash-masked but no masking salt is configured (SHUYU_MASK_SALT)");
        }
        return maskSalt;
    }

    /** The masking salt, if any (only to redact it from messages). */
    public Optional<String> maskSalt() {
        return Optional.ofNullable(maskSalt);
    }

    public boolean enabled() {
        return enabled.get();
    }

    /** Switches enforcement on for good, remembering the locked settings' current values. */
    public void enable(SparkSession session) {
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        for (String key : LOCKED_RUNTIME_KEYS) {
            values.put(key, Scala.optional(session.conf().getOption(key)));
        }
        lockedValues = Map.copyOf(values);
        enabled.set(true);
    }

    /** Refuses when a locked setting was changed after enforcement was switched on (by any route). */
    void verifyLockedSettings(SparkSession session) {
        for (Map.Entry<String, Optional<String>> entry : lockedValues.entrySet()) {
            Optional<String> now = Scala.optional(session.conf().getOption(entry.getKey()));
            if (!now.equals(entry.getValue())) {
                throw new EnforcementException(JobsErrorCode.SETTING_LOCKED,
                        "locked setting '" + entry.getKey() + "' was changed after the session was locked");
            }
        }
    }
}
