package org.shuyu.lineage.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Fresh lineage schemas for tests: H2 in PostgreSQL mode in memory, or a schema of a scratch PostgreSQL database. */
final class Databases {
    static final Path MIGRATION = Path.of(System.getProperty("lineage.migration",
            "../sandbox-controller/src/main/resources/db/migration/V7__lineage.sql"));
    static final String PG_ADMIN_URL = System.getProperty("lineage.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = System.getProperty("lineage.pg.user", "postgres");
    static final String PG_DATABASE = "lineage_test";
    private static final AtomicInteger H2 = new AtomicInteger();

    private Databases() {}

    /** A new H2 database with the migration applied (the controller's embedded-mode URL settings). */
    static Connection h2() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:lineage_" + H2.incrementAndGet()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=0", "sa", "");
        migrate(c);
        return c;
    }

    /** A connection to {@code lineage_test} (created if missing) whose schema {@code schema} is new and migrated. */
    static Connection postgres(String schema) throws SQLException {
        createDatabaseIfMissing(PG_DATABASE);
        Connection c = DriverManager.getConnection(PG_ADMIN_URL.replaceFirst("/[^/]*$", "/" + PG_DATABASE), PG_USER,
                "");
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
        }
        migrate(c);
        return c;
    }

    /** Another connection to an already migrated schema of {@code lineage_test}, in a transaction. */
    static Connection postgresSession(String schema) throws SQLException {
        Connection c = DriverManager.getConnection(PG_ADMIN_URL.replaceFirst("/[^/]*$", "/" + PG_DATABASE), PG_USER,
                "");
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
        }
        c.setAutoCommit(false);
        return c;
    }

    /** A schema name of this JVM (runs of the tests in parallel, e.g. from two worktrees, do not collide). */
    static String schema(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid();
    }

    static void dropSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL.replaceFirst("/[^/]*$", "/" + PG_DATABASE),
                PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    static void createDatabaseIfMissing(String database) throws SQLException {
        try (Connection admin = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
                Statement s = admin.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            try {
                s.execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // created meanwhile by another run
                    throw e;
                }
            }
        }
    }

    /**
     * Runs V7__lineage.sql and the later lineage migrations ({@code V<n>__lineage*.sql} next to it, by version)
     * statement by statement, as Flyway would, and leaves the connection in a transaction.
     */
    static void migrate(Connection c) throws SQLException {
        for (Path file : migrations()) {
            migrate(c, file);
        }
    }

    /** Runs one migration file statement by statement and leaves the connection in a transaction. */
    static void migrate(Connection c, Path file) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (String statement : statements(file)) {
                s.execute(statement);
            }
        }
        c.setAutoCommit(false);
    }

    static List<Path> migrations() {
        List<Path> files = new ArrayList<>(List.of(MIGRATION));
        Path dir = MIGRATION.getParent();
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(f -> f.getFileName().toString().matches("V\\d+__lineage.+\\.sql"))
                        .filter(f -> !f.equals(MIGRATION))
                        .sorted(Comparator.comparingInt(Databases::version))
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static int version(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    static List<String> statements(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        List<String> result = new ArrayList<>();
        for (String statement : sql.toString().split(";\\s*\n")) {
            if (!statement.isBlank()) {
                result.add(statement.strip());
            }
        }
        return result;
    }
}
