package org.shuyu.lineage.store;

import java.sql.Connection;
import java.sql.SQLException;

/** The store's contract on H2 in PostgreSQL mode (the controller's embedded mode), on the V7 migration. */
class JdbcLineageStoreH2Test extends LineageStoreContractTest {
    @Override
    Connection open() throws SQLException {
        return Databases.h2();
    }
}
