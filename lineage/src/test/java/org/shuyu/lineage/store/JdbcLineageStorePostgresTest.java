package org.shuyu.lineage.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The store's contract on the real PostgreSQL 15 (127.0.0.1:5432, database {@code lineage_test}, created if missing;
 * settings {@code -Dlineage.pg.url}, {@code -Dlineage.pg.user}), on the V7 migration in a fresh schema per test.
 */
class JdbcLineageStorePostgresTest extends LineageStoreContractTest {
    @Override
    Connection open() throws SQLException {
        return Databases.postgres("lineage_store_test");
    }
}
