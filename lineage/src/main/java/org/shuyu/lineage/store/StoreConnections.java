package org.shuyu.lineage.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import org.shuyu.lineage.LineageErrorCode;
import org.shuyu.lineage.LineageException;

/**
 * Runs one store call on the connection of a {@link ConnectionSource}: the call joins the caller's transaction and
 * never commits, rolls back or closes; writes refuse a connection in auto-commit. SQL errors become
 * {@code STORAGE_FAILURE}.
 */
final class StoreConnections {
    private final ConnectionSource connections;

    StoreConnections(ConnectionSource connections) {
        this.connections = requireNonNull(connections, "connections is null");
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T read(Work<T> work) {
        return run(work, false);
    }

    <T> T write(Work<T> work) {
        return run(work, true);
    }

    <T> T run(Work<T> work, boolean writes) {
        Connection c;
        try {
            c = connections.get();
        } catch (SQLException e) {
            throw new LineageException(LineageErrorCode.STORAGE_FAILURE, "no database connection", e);
        }
        try {
            if (writes && c.getAutoCommit()) {
                throw new LineageException(LineageErrorCode.NOT_IN_TRANSACTION,
                        "lineage writes must run inside the caller's transaction (auto-commit is on)");
            }
            return work.run(c);
        } catch (SQLException e) {
            throw new LineageException(LineageErrorCode.STORAGE_FAILURE, "lineage store: " + e.getMessage(), e);
        } finally {
            try {
                connections.release(c);
            } catch (SQLException e) {
                // the caller owns the connection; a failed release is theirs to see on their next use
            }
        }
    }
}
