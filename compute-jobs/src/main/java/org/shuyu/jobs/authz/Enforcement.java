package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
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
    /**
     * Session settings that must keep the value they had when enforcement was switched on, even when they were not
     * explicitly set then (absent must stay absent). Every other explicitly set key outside
     * {@link SessionLock#ALLOWED_KEYS} is also compared (see {@link #verifyLockedSettings}).
     */
    static final String[] LOCKED_RUNTIME_KEYS = {
        "spark.sql.runSQLOnFiles", "spark.sql.optimizer.excludedRules", "spark.sql.defaultCatalog",
        "spark.sql.catalog.spark_catalog", "spark.sql.analyzer.singlePassResolver.enabled",
        "spark.sql.columnNameOfCorruptRecord", "spark.sql.caseSensitive", "spark.sql.ansi.enabled",
        "spark.sql.session.timeZone", "spark.sql.csv.parser.columnPruning.enabled",
        "spark.sql.files.ignoreCorruptFiles", "spark.sql.files.ignoreMissingFiles",
        "spark.sql.storeAssignmentPolicy", "spark.sql.sources.useV1SourceList"
    };

    private final String user;
    private final String workspaceDatabase;
    private final Authorizer authorizer;
    private final WorkspacePaths paths;
    private final SessionLock lock;
    private final String maskSalt;
    private final AtomicBoolean enabled = new AtomicBoolean();
    private volatile Map<String, Optional<String>> lockedValues = Map.of();
    private volatile Map<String, String> lockedConf = Map.of();
    private final Map<String, DeclaredSource> sources = new java.util.concurrent.ConcurrentHashMap<>();
    /** Called with every plan the check rule allowed (the warm engine's Spark Connect executions); may refuse. */
    private volatile java.util.function.BiConsumer<SparkSession, org.apache.spark.sql.catalyst.plans.logical.LogicalPlan>
            checkHook;

    public Enforcement(String user, String workspaceDatabase, Authorizer authorizer, WorkspacePaths paths,
                       SessionLock lock, Optional<String> maskSalt) {
        this.user = requireNonNull(user, "user is null");
        this.workspaceDatabase = requireNonNull(workspaceDatabase, "workspaceDatabase is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.paths = requireNonNull(paths, "paths is null");
        this.lock = requireNonNull(lock, "lock is null");
        this.maskSalt = requireNonNull(maskSalt, "maskSalt is null").filter(s -> !s.isEmpty()).orElse(null);
    }

    /**
     * A fresh enforcement for another user of the same workspace (the warm engine's member sessions): same workspace
     * database, paths, masking salt and declared sources, the member's own authorizer and setting lock, not yet
     * enabled ({@link #enable} it on the member's own session).
     */
    public Enforcement forUser(String otherUser, Authorizer otherAuthorizer) {
        Enforcement member = new Enforcement(otherUser, workspaceDatabase, otherAuthorizer, paths, new SessionLock(),
                Optional.ofNullable(maskSalt));
        member.sources.putAll(sources);
        return member;
    }

    /**
     * Before {@link #enable} only: {@code hook} sees every analysed plan the check rule allowed, and may refuse it by
     * throwing (the warm engine registers Spark Connect executions and stores their lineage START here).
     */
    public void onChecked(java.util.function.BiConsumer<SparkSession,
            org.apache.spark.sql.catalyst.plans.logical.LogicalPlan> hook) {
        if (enabled()) {
            throw new IllegalStateException("the check hook is set before enforcement is switched on");
        }
        this.checkHook = requireNonNull(hook, "hook is null");
    }

    /** Runs the check hook, if any, on an allowed plan. */
    void checked(SparkSession session, org.apache.spark.sql.catalyst.plans.logical.LogicalPlan plan) {
        java.util.function.BiConsumer<SparkSession, org.apache.spark.sql.catalyst.plans.logical.LogicalPlan> hook =
                checkHook;
        if (hook != null) {
            hook.accept(session, plan);
        }
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

    /**
     * Privileged setup only: remembers how catalog source {@code database.table} is read now (the relation the
     * platform's own registration produced), so that every later read of it can be compared with this one.
     */
    public void declareSource(SparkSession session, String database, String table) {
        if (enabled()) {
            throw new IllegalStateException("sources are declared before enforcement is switched on");
        }
        String name = (database + "." + table).toLowerCase(java.util.Locale.ROOT);
        org.apache.spark.sql.catalyst.plans.logical.LogicalPlan analyzed =
                session.table("`" + database + "`.`" + table + "`").queryExecution().analyzed();
        List<org.apache.spark.sql.execution.datasources.LogicalRelation> relations = new java.util.ArrayList<>();
        analyzed.foreach(node -> {
            if (node instanceof org.apache.spark.sql.execution.datasources.LogicalRelation r) {
                relations.add(r);
            }
            return scala.runtime.BoxedUnit.UNIT;
        });
        if (relations.size() != 1) {
            throw new IllegalStateException("source " + name + " is not one file relation");
        }
        sources.put(name, DeclaredSource.of(name, relations.get(0)));
    }

    /** The declaration of a catalog source dataset ({@code database.table}), if it is one. */
    Optional<DeclaredSource> declaredSource(String database, String table) {
        return Optional.ofNullable(sources.get((database + "." + table).toLowerCase(java.util.Locale.ROOT)));
    }

    /** The accesses an analysed plan needs (as the check rule derives them), to watch them while it runs. */
    public List<AccessRequest> accessesOf(SparkSession session,
                                          org.apache.spark.sql.catalyst.plans.logical.LogicalPlan analyzed) {
        return new PrivilegeExtractor(this, session).extract(analyzed);
    }

    /** Switches enforcement on for good, remembering the locked settings' current values. */
    public void enable(SparkSession session) {
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        for (String key : LOCKED_RUNTIME_KEYS) {
            values.put(key, Scala.optional(session.conf().getOption(key)));
        }
        lockedValues = Map.copyOf(values);
        lockedConf = lockedView(session);
        enabled.set(true);
    }

    /**
     * Refuses when a setting outside the allow-list was changed after enforcement was switched on, by any route
     * ({@code SET} is refused earlier; this also covers {@code spark.conf().set} and anything else): the listed keys
     * by value or presence, and every other explicitly set key of the session.
     */
    void verifyLockedSettings(SparkSession session) {
        for (Map.Entry<String, Optional<String>> entry : lockedValues.entrySet()) {
            Optional<String> now = Scala.optional(session.conf().getOption(entry.getKey()));
            if (!now.equals(entry.getValue())) {
                throw new EnforcementException(JobsErrorCode.SETTING_LOCKED,
                        "locked setting '" + entry.getKey() + "' was changed after the session was locked");
            }
        }
        Map<String, String> now = lockedView(session);
        if (!now.equals(lockedConf)) {
            java.util.Set<String> changed = new java.util.TreeSet<>();
            for (String key : now.keySet()) {
                if (!now.get(key).equals(lockedConf.get(key))) {
                    changed.add(key);
                }
            }
            for (String key : lockedConf.keySet()) {
                if (!now.containsKey(key)) {
                    changed.add(key);
                }
            }
            throw new EnforcementException(JobsErrorCode.SETTING_LOCKED,
                    "locked setting(s) " + changed + " changed after the session was locked");
        }
    }

    /** Every explicitly set session setting except the allowed tuning keys. */
    private static Map<String, String> lockedView(SparkSession session) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : Scala.map(session.conf().getAll()).entrySet()) {
            if (!SessionLock.ALLOWED_KEYS.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return Map.copyOf(out);
    }
}
