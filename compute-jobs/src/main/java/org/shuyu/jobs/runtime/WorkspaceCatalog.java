package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.types.StructType;
import org.shuyu.jobs.spec.RuntimeConfig;
import org.shuyu.runtime.contract.RuntimeLimits;
import org.shuyu.runtime.contract.RuntimeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The privileged setup of a job's catalog, before enforcement is switched on: granted sources as CSV tables
 * {@code namespace.table} (header line, the catalog's schema; a missing directory is created, so an empty or
 * missing location is an empty table), the workspace database, and the workspace's committed tables (parquet
 * subdirectories of {@code <warehouseDir>/<workspaceDatabase>.db/} with Spark's {@code _SUCCESS} marker) as managed
 * tables, so DROP TABLE removes them.
 */
public final class WorkspaceCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceCatalog.class);

    private final SparkSession spark;

    public WorkspaceCatalog(SparkSession spark) {
        this.spark = requireNonNull(spark, "spark is null");
    }

    public void registerSource(RuntimeRequest.Source source) throws IOException {
        Files.createDirectories(source.location());
        StructType schema = StructType.fromDDL(source.schema());
        spark.sql("CREATE DATABASE IF NOT EXISTS `" + source.namespace() + "`");
        spark.catalog().createTable(source.namespace() + "." + source.table(), "csv", schema,
                Map.of("header", "true", "path", source.location().toString()));
    }

    /**
     * Creates the workspace database and registers its committed tables; returns their names. A table directory is
     * committed when Spark's job commit wrote its {@code _SUCCESS} marker (the last step of a write, after every data
     * file was moved into place); a directory without it is what a killed job left half-written and is never
     * registered. With {@code removeLeftovers} (no other job of the workspace runs) such directories, and the
     * {@code _temporary} and {@code .spark-staging-*} directories of interrupted writes inside committed tables, are
     * removed, so that running the job again can create the table.
     */
    public List<String> registerWorkspace(String database, Path warehouseDir, boolean removeLeftovers)
            throws IOException {
        Path databaseDir = warehouseDir.resolve(database + ".db");
        Files.createDirectories(databaseDir);
        spark.sql("CREATE DATABASE IF NOT EXISTS `" + database + "`");
        List<String> registered = new ArrayList<>();
        List<Path> tableDirs;
        try (Stream<Path> children = Files.list(databaseDir)) {
            tableDirs = children.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : tableDirs) {
            String name = dir.getFileName().toString();
            if (!RuntimeLimits.IDENTIFIER.matcher(name).matches()) {
                continue;
            }
            if (!Files.isRegularFile(dir.resolve(COMMITTED))) {
                if (removeLeftovers) {
                    LOG.warn("Workspace table directory {} was never committed (a killed job?): removed", name);
                    deleteRecursively(dir);
                }
                continue;
            }
            if (removeLeftovers) {
                removeInterruptedWrites(dir);
            }
            if (!hasDataFiles(dir)) {
                continue;
            }
            registerManagedParquet(database, name.toLowerCase(java.util.Locale.ROOT), dir);
            registered.add(name);
        }
        return registered;
    }

    /** Registers the workspace's committed tables without removing anything. */
    public List<String> registerWorkspace(String database, Path warehouseDir) throws IOException {
        return registerWorkspace(database, warehouseDir, false);
    }

    /** Spark's job-commit marker: the table directory holds a complete write. */
    static final String COMMITTED = "_SUCCESS";

    private static void removeInterruptedWrites(Path tableDir) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(tableDir)) {
            leftovers = files.filter(Files::isDirectory).filter(p -> {
                String n = p.getFileName().toString();
                return n.equals("_temporary") || n.startsWith(".spark-staging-");
            }).toList();
        }
        for (Path leftover : leftovers) {
            if (Files.exists(leftover)) {
                deleteRecursively(leftover);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void registerManagedParquet(String database, String table, Path dir) throws IOException {
        String name = database + "." + table;
        try {
            spark.catalog().createTable(name, "parquet", Map.of("path", dir.toString()));
        } catch (RuntimeException e) {
            LOG.warn("Workspace table {} at {} cannot be read as parquet and is not registered: {}", name, dir,
                    e.getMessage());
            return;
        }
        SessionCatalog catalog = spark.sessionState().catalog();
        TableIdentifier identifier = new TableIdentifier(table, Option.apply(database));
        CatalogTable external;
        try {
            external = catalog.getTableMetadata(identifier);
        } catch (org.apache.spark.sql.AnalysisException e) {
            throw new IOException("workspace table " + name + " vanished during setup", e);
        }
        CatalogTable managed = external.copy(external.copy$default$1(), CatalogTableType.MANAGED(),
                external.copy$default$3(), external.copy$default$4(), external.copy$default$5(),
                external.copy$default$6(), external.copy$default$7(), external.copy$default$8(),
                external.copy$default$9(), external.copy$default$10(), external.copy$default$11(),
                external.copy$default$12(), external.copy$default$13(), external.copy$default$14(),
                external.copy$default$15(), external.copy$default$16(), external.copy$default$17(),
                external.copy$default$18(), external.copy$default$19(), external.copy$default$20(),
                external.copy$default$21(), external.copy$default$22());
        catalog.dropTable(identifier, false, false); // an external table: the files stay
        catalog.createTable(managed, false, false);
    }

    private static boolean hasDataFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".parquet")
                    && !dir.relativize(f).toString().contains("_temporary"));
        }
    }
}
