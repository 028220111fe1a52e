package org.shuyu.jobs.runtime;

import java.util.Optional;

/** The snapshot's table has more rows than allowed; reported as {@code SNAPSHOT_TOO_LARGE}, and nothing is kept. */
public final class SnapshotTooLargeException extends RuntimeException {
    private final long maxRows;

    public SnapshotTooLargeException(String table, long maxRows) {
        super("table " + table + " has more than " + maxRows + " rows, the most a snapshot may hold; nothing was written"
                + " (aggregate or filter it into a smaller table)");
        this.maxRows = maxRows;
    }

    public long maxRows() {
        return maxRows;
    }

    /** This exception in {@code e} or its causes. */
    public static Optional<SnapshotTooLargeException> find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SnapshotTooLargeException tooLarge) {
                return Optional.of(tooLarge);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
