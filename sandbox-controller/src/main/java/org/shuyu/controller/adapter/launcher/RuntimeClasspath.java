package org.shuyu.controller.adapter.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the job runtime's class path: {@code sandbox.jobs.runtime-classpath} if set (a class path, or {@code @file}
 * naming a file that holds one), else {@code compute-jobs/target/runtime-classpath.txt} of a built checkout, looked
 * up from the working directory and its parent (the build writes it at package time).
 */
final class RuntimeClasspath {
    static final String BUILT = "compute-jobs/target/runtime-classpath.txt";

    private RuntimeClasspath() {}

    /** The class path, or why there is none. */
    record Found(Optional<String> classpath, String reason) {
        static Found of(String classpath) {
            return new Found(Optional.of(classpath), "");
        }

        static Found none(String reason) {
            return new Found(Optional.empty(), reason);
        }
    }

    static Found find(String configured) {
        try {
            if (configured != null && !configured.isBlank()) {
                String value = configured.startsWith("@") ? Files.readString(Path.of(configured.substring(1))).strip() : configured.strip();
                return verified(value, "sandbox.jobs.runtime-classpath");
            }
            Path cwd = Path.of("").toAbsolutePath();
            for (Path base : List.of(cwd, cwd.getParent() == null ? cwd : cwd.getParent())) {
                Path file = base.resolve(BUILT);
                if (Files.isRegularFile(file)) {
                    return verified(Files.readString(file).strip(), file.toString());
                }
            }
            return Found.none("no job runtime: set sandbox.jobs.runtime-classpath or build compute-jobs (mvn package) so that "
                    + BUILT + " exists");
        } catch (IOException e) {
            return Found.none("cannot read the job runtime's class path: " + e.getMessage());
        }
    }

    /** Every entry must exist: a half-built runtime would fail in confusing ways inside each job. */
    private static Found verified(String classpath, String source) {
        if (classpath.isEmpty()) {
            return Found.none(source + " is empty");
        }
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                return Found.none(source + " names " + entry + ", which does not exist (rebuild compute-jobs)");
            }
        }
        return Found.of(classpath);
    }
}
