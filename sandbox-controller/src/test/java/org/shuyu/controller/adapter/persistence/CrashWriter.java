package org.shuyu.controller.adapter.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A child process for {@link EmbeddedCrashDurabilityTest}: opens the embedded database with the controller's own
 * datasource settings (the URL is its argument; {@code dsync:} registered as the controller registers it) and
 * commits one row per transaction, forever, printing {@code ACK <id>} after each commit returns: an acknowledged
 * write. The test kills it with SIGKILL right after an acknowledgement.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        DsyncFilePath.register();
        try (Connection c = DriverManager.getConnection(args[0], "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS acked (id BIGINT PRIMARY KEY, payload VARCHAR(200))");
            }
            long next;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM acked")) {
                rs.next();
                next = rs.getLong(1);
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO acked (id, payload) VALUES (?, ?)")) {
                for (long id = next; ; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, "acknowledged write " + id);
                    insert.executeUpdate();
                    c.commit();
                    System.out.println("ACK " + id);
                    System.out.flush();
                }
            }
        }
    }
}
