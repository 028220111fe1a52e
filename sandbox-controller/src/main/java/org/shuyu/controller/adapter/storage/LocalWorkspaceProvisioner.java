package org.shuyu.controller.adapter.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.shuyu.controller.grant.RetainedData;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceProvisioner;
import org.shuyu.runtime.contract.RuntimeLimits;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The local provisioner: a workspace is the directory {@code <data-dir>/workspaces/<id>} (the same tree whose
 * deletion {@link LocalRetainedData} carries out) with {@code data/warehouse/} (the Spark warehouse of its
 * database), {@code data/files/} (the operator's files) and {@code jobs/} (each job's config, status and log, out of
 * the jobs' reach). Directories are
 * private to the platform's OS user.
 */
@Component
@ConditionalOnProperty(name = "sandbox.workspaces.provisioner", havingValue = "local", matchIfMissing = true)
public class LocalWorkspaceProvisioner implements WorkspaceProvisioner {
    private final LocalRetainedData retained;

    public LocalWorkspaceProvisioner(LocalRetainedData retained) {
        this.retained = retained;
    }

    @Override
    public Layout ensure(Workspace workspace) {
        Layout layout = layout(workspace.id());
        for (Path dir : new Path[] {layout.root(), layout.data(), layout.warehouse(), layout.files(), layout.jobs()}) {
            try {
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's default permissions apply
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot provision " + dir, e);
            }
        }
        return layout;
    }

    @Override
    public Teardown teardown(Workspace workspace) {
        RetainedData.Erasure erasure = retained.erase(workspace.id());
        return new Teardown(erasure.files(), erasure.bytes());
    }

    @Override
    public Layout layout(String workspaceId) {
        Path root = retained.directory(workspaceId);
        Path data = root.resolve("data");
        return new Layout(root, data, data.resolve("warehouse"), data.resolve("files"), root.resolve("jobs"));
    }

    /**
     * A workspace table is a directory {@code <warehouse>/<database>.db/<table>} (how the runtime's catalog finds its
     * tables): none there means the runtime would not find the table either.
     */
    @Override
    public TablePresence table(Workspace workspace, String table) {
        Path dir = layout(workspace.id()).warehouse().resolve(workspace.databaseName() + ".db").resolve(table);
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? TablePresence.PRESENT : TablePresence.ABSENT;
    }

    /**
     * The committed tables of {@code <warehouse>/<database>.db/}, the ones the runtime's catalog registers: a
     * directory with a valid table name, Spark's commit marker {@code _SUCCESS} and a Parquet data file. Columns come
     * from the Spark schema in a data file's footer; no row is read.
     */
    @Override
    public Optional<List<TableInfo>> tables(Workspace workspace) {
        Path databaseDir = layout(workspace.id()).warehouse().resolve(workspace.databaseName() + ".db");
        if (!Files.isDirectory(databaseDir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(List.of());
        }
        List<TableInfo> tables = new ArrayList<>();
        try (Stream<Path> children = Files.list(databaseDir)) {
            for (Path dir : children.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                String name = dir.getFileName().toString();
                if (!RuntimeLimits.IDENTIFIER.matcher(name).matches() || !Files.isRegularFile(dir.resolve("_SUCCESS"))) {
                    continue;
                }
                List<Path> dataFiles;
                try (Stream<Path> files = Files.walk(dir)) {
                    dataFiles = files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                            .filter(f -> f.getFileName().toString().endsWith(".parquet"))
                            .filter(f -> !f.toString().contains("_temporary") && !f.toString().contains(".spark-staging-"))
                            .sorted().toList();
                }
                if (dataFiles.isEmpty()) {
                    continue;
                }
                List<TableColumn> columns = List.of();
                long bytes = 0;
                for (Path file : dataFiles) {
                    bytes += Files.size(file);
                    if (columns.isEmpty()) {
                        columns = SparkParquetSchema.read(file).orElse(List.of());
                    }
                }
                Instant modified = Files.getLastModifiedTime(dir.resolve("_SUCCESS")).toInstant();
                tables.add(new TableInfo(name.toLowerCase(Locale.ROOT), columns, bytes, modified));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the tables of workspace " + workspace.id(), e);
        }
        return Optional.of(tables);
    }

    @Override
    public long storageBytes(String workspaceId) {
        Layout layout = layout(workspaceId);
        long[] bytes = new long[1];
        for (Path dir : new Path[] {layout.data()}) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        bytes[0] += attrs.size();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE; // removed while walking
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot measure " + dir, e);
            }
        }
        return bytes[0];
    }
}
