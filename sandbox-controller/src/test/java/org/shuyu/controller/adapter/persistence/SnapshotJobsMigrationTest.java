package org.shuyu.controller.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.TestDatabase;

/**
 * V9 widens the jobs' kind check to SNAPSHOT on both databases the controller runs on: PostgreSQL, and H2 in
 * PostgreSQL mode (embedded mode). All migrations run on a fresh database, then jobs of each kind are stored.
 */
@Tag("R-19b")
class SnapshotJobsMigrationTest {
    private static final String H2 = "jdbc:h2:mem:snapshot_migration;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    @Test
    void postgresqlStoresSnapshotJobsAndStillRefusesUnknownKinds() throws Exception {
        String url = TestDatabase.fresh("snapshot_migration");
        check(url, TestDatabase.user(), "postgresql");
    }

    @Test
    void h2StoresSnapshotJobsAndStillRefusesUnknownKinds() throws Exception {
        check(H2, "sa", "h2");
    }

    private static void check(String url, String user, String vendor) throws Exception {
        Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            try (Statement s = c.createStatement()) {
                assertThat(s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE version = '9' AND success"))
                        .satisfies(rs -> {
                            rs.next();
                            assertThat(rs.getLong(1)).isEqualTo(1);
                        });
                s.execute("INSERT INTO organizations (id, name, uscc, jurisdiction, established_on, accountable_user_id,"
                        + " accountable_name, created_at, created_by) VALUES ('org-1', 'Org', '913302000000000001', '330200',"
                        + " DATE '2020-01-01', 'applicant', 'Li Qiang', CURRENT_TIMESTAMP, 'admin')");
                s.execute("INSERT INTO workspaces (id, kind, organization_id, database_name, state, created_at)"
                        + " VALUES ('grant-1', 'GRANT', 'org-1', 'ws_grant_1', 'READY', CURRENT_TIMESTAMP)");
            }
            for (String kind : new String[] {"JOB", "PREVIEW", "SNAPSHOT"}) {
                insertJob(c, "job-" + kind, kind);
            }
            assertThatThrownBy(() -> insertJob(c, "job-other", "EXPORT")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("jobs_kind");
        }
    }

    private static void insertJob(Connection c, String id, String kind) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO jobs (id, workspace_id, kind, name, spec, submitted_by,"
                + " submitted_at, state) VALUES (?, 'grant-1', ?, 'n', '[]', 'engineer', CURRENT_TIMESTAMP, 'QUEUED')")) {
            p.setString(1, id);
            p.setString(2, kind);
            p.executeUpdate();
        }
    }
}
