package org.shuyu.lineage.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/** The graph beyond the workspace on the real PostgreSQL (a fresh schema per test, dropped at the end). */
class JdbcLineageReachPostgresTest extends LineageReachContractTest {
    private static final String SCHEMA = Databases.schema("lineage_reach_test");

    @Override
    Connection open() throws SQLException {
        return Databases.postgres(SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        Databases.dropSchema(SCHEMA);
    }
}
