package org.shuyu.controller.grant;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/**
 * A grant's retained data as a directory tree {@code <root>/<grantId>} on the controller's own file system: the whole
 * workspace on the local provisioner, the collected job logs on Kubernetes. Its deletion counts files and bytes.
 */
public class RetainedDirectories implements RetainedData {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private final Path root;

    public RetainedDirectories(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    public Path directory(String grantId) {
        if (!SAFE_ID.matcher(grantId).matches() || grantId.startsWith(".")) {
            throw new IllegalArgumentException("unsafe grant id for a path: " + grantId);
        }
        Path dir = root.resolve(grantId).normalize();
        if (!dir.getParent().equals(root)) {
            throw new IllegalArgumentException("grant directory escapes the workspace root: " + grantId);
        }
        return dir;
    }

    @Override
    public String scope(String grantId) {
        return "workspace directory " + directory(grantId) + " (files, Spark warehouse, job outputs)";
    }

    @Override
    public Erasure erase(String grantId) {
        Path dir = directory(grantId);
        if (!Files.exists(dir)) {
            return new Erasure(0, 0, "nothing retained at " + dir);
        }
        long[] counts = new long[2];
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    counts[0]++;
                    counts[1] += attrs.size();
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
        return new Erasure(counts[0], counts[1], "deleted " + dir);
    }
}
