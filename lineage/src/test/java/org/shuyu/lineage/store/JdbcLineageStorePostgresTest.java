package org.shuyu.lineage.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/**
 * The store's contract on the real PostgreSQL 15 (127.0.0.1:5432, database {@code lineage_test}, created if missing,
 * settings {@code -Dlineage.pg.url}, {@code -Dlineage.pg.user}), on the V7 migration in a fresh schema per test
 * (named after the JVM's pid, dropped at the end).
 */
class JdbcLineageStorePostgresTest extends LineageStoreContractTest {
    private static final String SCHEMA = Databases.schema("lineage_store_test");

    @Override
    Connection open() throws SQLException {
        return Databases.postgres(SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        Databases.dropSchema(SCHEMA);
    }
}
