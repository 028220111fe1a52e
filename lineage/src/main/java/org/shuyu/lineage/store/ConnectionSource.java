package org.shuyu.lineage.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Where the store gets its JDBC connection and how it gives it back. The store never commits, rolls back or closes
 * a connection: it runs its statements on the connection it is given, inside the caller's transaction, and hands it
 * back with {@link #release}. In the controller: {@code ConnectionSource.of(() -> DataSourceUtils.getConnection(ds),
 * c -> DataSourceUtils.releaseConnection(c, ds))}, so every call joins the current Spring transaction.
 */
public interface ConnectionSource {
    Connection get() throws SQLException;

    void release(Connection connection) throws SQLException;

    /** The given functions. */
    static ConnectionSource of(Opener open, Releaser release) {
        Objects.requireNonNull(open, "open is null");
        Objects.requireNonNull(release, "release is null");
        return new ConnectionSource() {
            @Override
            public Connection get() throws SQLException {
                return open.open();
            }

            @Override
            public void release(Connection connection) throws SQLException {
                release.release(connection);
            }
        };
    }

    /** Always the same connection, never closed here (tests, tools): its owner commits and closes it. */
    static ConnectionSource single(Connection connection) {
        Objects.requireNonNull(connection, "connection is null");
        return of(() -> connection, c -> {});
    }

    /**
     * A new connection from {@code dataSource} for each call, closed after it. Only right for a data source that
     * binds connections to transactions (Spring's {@code TransactionAwareDataSourceProxy}) or for reads: writes
     * refuse a connection in auto-commit mode ({@code NOT_IN_TRANSACTION}).
     */
    static ConnectionSource closing(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource is null");
        return of(dataSource::getConnection, Connection::close);
    }

    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    @FunctionalInterface
    interface Releaser {
        void release(Connection connection) throws SQLException;
    }
}
