package org.shuyu.lineage.store;

import java.sql.Connection;
import java.sql.SQLException;

/** The graph beyond the workspace on H2 in PostgreSQL mode (V7 and the later lineage migrations). */
class JdbcLineageReachH2Test extends LineageReachContractTest {
    @Override
    Connection open() throws SQLException {
        return Databases.h2();
    }
}
