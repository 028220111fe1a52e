package org.shuyu.controller.workspace;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: makes a workspace's storage exist, or go away. Implementations are idempotent: {@code ensure} on a
 * provisioned workspace repairs what is missing and changes nothing else; {@code teardown} of a removed one
 * succeeds and deletes nothing.
 */
public interface WorkspaceProvisioner {
    Layout ensure(Workspace workspace);

    /** Deletes everything the workspace holds; returns what was deleted. */
    Teardown teardown(Workspace workspace);

    Layout layout(String workspaceId);

    /** Whether a table of the workspace database exists, as far as the controller can tell without running a job. */
    enum TablePresence { PRESENT, ABSENT, UNKNOWN }

    /**
     * Whether {@code table} of the workspace's database exists, checked cheaply (no job): a result preview of a table
     * that is {@code ABSENT} is answered at once instead of starting a runtime to say so. {@code UNKNOWN} where the
     * controller cannot see the workspace's storage (the default): the job runs and the runtime decides.
     */
    default TablePresence table(Workspace workspace, String table) {
        return TablePresence.UNKNOWN;
    }

    /**
     * The committed tables of the workspace's database with their columns, as far as the controller can see the
     * workspace's storage without running a job; empty where it cannot (the default).
     */
    default Optional<List<TableInfo>> tables(Workspace workspace) {
        return Optional.empty();
    }

    /** A workspace table: its name, its columns (Spark SQL types), its size on disk and when it was last written. */
    record TableInfo(String name, List<TableColumn> columns, long bytes, Instant modifiedAt) {
        public TableInfo {
            requireNonNull(name, "name is null");
            columns = List.copyOf(columns);
            requireNonNull(modifiedAt, "modifiedAt is null");
        }
    }

    /** A column of a workspace table: name, Spark SQL type and whether it may hold nulls. */
    record TableColumn(String name, String type, boolean nullable) {
        public TableColumn {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    /** Bytes the workspace occupies now (R-09b storage metering). */
    long storageBytes(String workspaceId);

    /**
     * Where a workspace lives: the root; {@code data}, the only tree its jobs may write (the Spark warehouse and
     * the operator's files below it); and job outputs (configs, status, logs), which jobs may not touch.
     */
    record Layout(Path root, Path data, Path warehouse, Path files, Path jobs) {
        public Layout {
            requireNonNull(root, "root is null");
            requireNonNull(data, "data is null");
            requireNonNull(warehouse, "warehouse is null");
            requireNonNull(files, "files is null");
            requireNonNull(jobs, "jobs is null");
        }
    }

    record Teardown(long files, long bytes) {}
}
