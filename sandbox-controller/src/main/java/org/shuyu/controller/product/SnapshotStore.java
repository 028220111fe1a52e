package org.shuyu.controller.product;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Port: reads a product snapshot, the Arrow IPC file (random-access "file" format) a snapshot job froze from a
 * workspace table. Implemented over Arrow in {@code adapter/arrow}. Failures throw
 * {@link org.shuyu.controller.error.SandboxException} with {@code SNAPSHOT_UNREADABLE}.
 */
public interface SnapshotStore {
    /** The file's columns, row count, size on disk and SHA-256 (hex). */
    SnapshotInfo describe(Path file);

    /**
     * Calls {@code row} once per row, in file order, with the values of {@code columns} (in that order) as Java values:
     * String, Long (all integer types), Double (floating point), java.math.BigDecimal, Boolean, java.time.LocalDate,
     * java.time.Instant, or null. Unknown column names throw {@code SNAPSHOT_UNREADABLE}.
     */
    void scan(Path file, List<String> columns, Consumer<List<Object>> row);

    record SnapshotInfo(List<SnapshotColumn> columns, long rows, long bytes, String sha256) {
        public SnapshotInfo {
            columns = List.copyOf(columns);
        }
    }

    /** A column and its Arrow type as text (for example {@code Utf8}, {@code Int(64, true)}). */
    record SnapshotColumn(String name, String type) {}
}
