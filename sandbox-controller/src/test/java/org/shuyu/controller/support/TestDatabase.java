package org.shuyu.controller.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh databases on the real PostgreSQL server (127.0.0.1:5432 by default; {@code shuyu.test.db.url}
 * overrides), one per name per test run, dropped when the JVM exits. Tests never touch a developer's data.
 */
public final class TestDatabase {
    private static final String ADMIN_URL = System.getProperty("shuyu.test.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("shuyu.test.db.user", "postgres");
    private static final String RUN = Long.toString(ProcessHandle.current().pid()) + "_" + System.currentTimeMillis() % 100000;
    private static final ConcurrentHashMap<String, String> CREATED = new ConcurrentHashMap<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropAll, "drop-test-databases"));
    }

    private TestDatabase() {}

    /** The JDBC URL of this run's database called {@code name}, created on first use. */
    public static String url(String name) {
        return CREATED.computeIfAbsent(name, n -> create("shuyu_it_" + n + "_" + RUN));
    }

    /** A new, never-shared database. */
    public static String fresh(String name) {
        return url(name + "_" + COUNTER.incrementAndGet());
    }

    public static String user() {
        return USER;
    }

    private static String create(String database) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + database + " on " + ADMIN_URL
                    + " (is PostgreSQL running? .ci/run starts it)", e);
        }
        return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + database;
    }

    private static void dropAll() {
        for (String url : CREATED.values()) {
            String database = url.substring(url.lastIndexOf('/') + 1);
            try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (SQLException ignored) {
                // Best effort at JVM exit; a leftover database is harmless and named by run.
            }
        }
    }
}
