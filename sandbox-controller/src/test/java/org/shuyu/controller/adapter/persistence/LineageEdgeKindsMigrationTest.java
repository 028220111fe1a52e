package org.shuyu.controller.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.support.TestDatabase;

/**
 * V18 (issue 19) makes the kind part of the key of {@code lineage_column_edges}, on both databases the controller
 * runs on: an edge stored before V18 survives with its kind, and afterwards the same (process, source, target)
 * takes a second kind (IDENTITY and GROUP_BY of a grouped key) while the same kind twice is still refused.
 */
@Tag("R-24c")
class LineageEdgeKindsMigrationTest {
    private static final String H2 = "jdbc:h2:mem:lineage_edge_kinds;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    @Test
    void postgresqlKeysEdgesByKindAndKeepsExistingEdges() throws Exception {
        check(TestDatabase.fresh("lineage_edge_kinds"), TestDatabase.user(), "postgresql");
    }

    @Test
    void h2KeysEdgesByKindAndKeepsExistingEdges() throws Exception {
        check(H2, "sa", "h2");
    }

    private static void check(String url, String user, String vendor) throws Exception {
        flyway(url, user, vendor).target(MigrationVersion.fromVersion("16")).load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO lineage_datasets (id, name, kind) VALUES (1, 'registry.enterprises', 'SOURCE')");
            s.execute("INSERT INTO lineage_datasets (id, name, kind, workspace_id) VALUES (2, 'ws_a.t', 'TABLE', 'a')");
            s.execute("INSERT INTO lineage_columns (id, dataset_id, name, present, origin) VALUES"
                    + " (1, 1, 'district', TRUE, 'NONE'), (2, 2, 'district', TRUE, 'NONE')");
            s.execute("INSERT INTO lineage_processes (id, job_id, step, statement, workspace_id, organization_id,"
                    + " user_id, started_at, ended_at, state, content_hash) VALUES (1, 'j', 1,"
                    + " 'CREATE_TABLE_AS_SELECT', 'a', 'o', 'u', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'COMPLETED', 'h')");
            s.execute("INSERT INTO lineage_column_edges (process_id, source_id, target_id, kind) VALUES (1, 1, 2,"
                    + " 'IDENTITY')");
            // before V18: the indirect edge of the same pair is refused (it was silently dropped by the store)
            assertThatThrownBy(() -> s.execute("INSERT INTO lineage_column_edges (process_id, source_id, target_id,"
                    + " kind) VALUES (1, 1, 2, 'GROUP_BY')")).isInstanceOf(SQLException.class);
        }
        flyway(url, user, vendor).load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO lineage_column_edges (process_id, source_id, target_id, kind) VALUES (1, 1, 2,"
                    + " 'GROUP_BY')");
            s.execute("INSERT INTO lineage_column_edges (process_id, source_id, target_id, kind) VALUES (1, 1, 2,"
                    + " 'CONDITIONAL')");
            assertThatThrownBy(() -> s.execute("INSERT INTO lineage_column_edges (process_id, source_id, target_id,"
                    + " kind) VALUES (1, 1, 2, 'IDENTITY')")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.execute("INSERT INTO lineage_column_edges (process_id, source_id, target_id,"
                    + " kind) VALUES (1, 1, 99, 'SORT')")).as("the column foreign keys are kept")
                    .isInstanceOf(SQLException.class);
            try (ResultSet rs = s.executeQuery("SELECT kind FROM lineage_column_edges WHERE process_id = 1"
                    + " AND source_id = 1 AND target_id = 2 ORDER BY kind")) {
                StringBuilder kinds = new StringBuilder();
                while (rs.next()) {
                    kinds.append(rs.getString(1)).append(' ');
                }
                assertThat(kinds.toString().strip()).isEqualTo("CONDITIONAL GROUP_BY IDENTITY");
            }
        }
    }

    private static FluentConfiguration flyway(String url, String user, String vendor) {
        return Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration",
                "classpath:db/vendor/" + vendor);
    }
}
