package org.shuyu.runtime.contract;

import java.util.regex.Pattern;

/** The bounds both sides of the contract check: the controller when it accepts a request, the runtime when it runs. */
public final class RuntimeLimits {
    /** A plain SQL identifier: database, table and namespace names (nothing else is ever spliced into SQL). */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** The most rows a preview may show. */
    public static final int MAX_PREVIEW_ROWS = 1000;
    /** The most rows a snapshot may hold (the runtime reads one more to detect a larger table; a LIMIT is an int). */
    public static final long MAX_SNAPSHOT_ROWS = 100_000_000L;
    /** How often the runtime polls the controller for policies, by default and at least. */
    public static final long DEFAULT_POLICY_POLL_MILLIS = 1000;
    public static final long MIN_POLICY_POLL_MILLIS = 100;
    /** How old the runtime's policies may grow before it refuses to run statements, by default. */
    public static final long DEFAULT_POLICY_MAX_STALENESS_MILLIS = 10_000;
    /** How long a lineage event may take to be stored by the controller, retries included, by default and at most. */
    public static final long DEFAULT_LINEAGE_DELIVERY_MILLIS = 30_000;
    public static final long MAX_LINEAGE_DELIVERY_MILLIS = 600_000;

    private RuntimeLimits() {}

    /** Whether {@code name} is a plain identifier. */
    public static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }
}
