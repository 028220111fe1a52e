package org.shuyu.controller.adapter.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.shuyu.controller.grant.RetainedDirectories;
import org.shuyu.controller.job.JobLauncher.Outcome;
import org.shuyu.controller.job.JobLauncher.SnapshotFile;
import org.shuyu.controller.job.JobState;
import org.shuyu.runtime.contract.RuntimeFiles;
import org.shuyu.runtime.contract.SnapshotReport;

/**
 * Runs whose output is a file (SNAPSHOT) on the platform's shared storage (docs/storage.md): the driver pod writes into
 * {@code <mount>/runs/<pod>} on its workspace volume (outside {@code data/}, where SQL cannot write), which the
 * controller sees at {@code <data-dir>/workspace-volumes/<namespace>/runs/<pod>}. After the pod ended, the file named by
 * the run's snapshot report (a marker line of the log, which SQL cannot forge) is checked (a regular file of the
 * reported size) and moved into the controller's job directory, where the product airlock takes it as it does locally.
 */
final class SharedRuns {
    static final String RUNS = "runs";

    private final RetainedDirectories workspaces;
    private final Path mountPath;

    /** {@code workspaces}: the controller's view of the workspace directories of the export; {@code mountPath}: the pods'. */
    SharedRuns(RetainedDirectories workspaces, Path mountPath) {
        this.workspaces = workspaces;
        this.mountPath = mountPath;
    }

    /** The run's output directory as the pod sees it. */
    Path podDirectory(String pod) {
        return mountPath.resolve(RUNS).resolve(pod);
    }

    /** The run's output directory as the controller sees it, created empty (writable by the pods' user). */
    Path prepare(String namespace, String pod) {
        Path dir = controllerDirectory(namespace, pod);
        try {
            remove(dir);
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the shared output directory of " + pod, e);
        }
    }

    Path controllerDirectory(String namespace, String pod) {
        return workspaces.directory(namespace).resolve(RUNS).resolve(pod);
    }

    /**
     * The outcome of a finished SNAPSHOT run with its file moved to {@code jobDir/snapshot.arrow}; a successful run
     * without a report, or whose file is missing or of another size, fails {@code SNAPSHOT_INCOMPLETE}.
     */
    static Outcome collect(Outcome outcome, Optional<SnapshotReport> report, Path runDir, Path jobDir) {
        if (outcome.state() != JobState.SUCCEEDED) {
            return outcome;
        }
        if (report.isEmpty()) {
            return incomplete(outcome, "the runtime reported no " + RuntimeFiles.SNAPSHOT_REPORT);
        }
        Path file = runDir.resolve(RuntimeFiles.SNAPSHOT_ARROW);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != report.get().bytes()) {
                return incomplete(outcome, "the runtime reported a snapshot of " + report.get().bytes() + " bytes but "
                        + RuntimeFiles.SNAPSHOT_ARROW + " is missing or of another size on the shared volume");
            }
            Files.createDirectories(jobDir);
            Path target = jobDir.resolve(RuntimeFiles.SNAPSHOT_ARROW);
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            return new Outcome(outcome.state(), outcome.code(), outcome.message(), outcome.step(), outcome.usage(),
                    outcome.previewJson(), Optional.of(new SnapshotFile(target, report.get().rows(), report.get().bytes())));
        } catch (IOException e) {
            return incomplete(outcome, "the snapshot could not be taken from the shared volume: " + e.getClass().getSimpleName());
        }
    }

    private static Outcome incomplete(Outcome outcome, String message) {
        return new Outcome(JobState.FAILED, Optional.of("SNAPSHOT_INCOMPLETE"), Optional.of(message), Optional.empty(), outcome.usage(),
                Optional.empty());
    }

    /** Removes a run's directory and everything in it (no link is followed). */
    static void remove(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
