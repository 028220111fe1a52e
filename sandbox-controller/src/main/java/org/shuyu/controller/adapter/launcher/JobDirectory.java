package org.shuyu.controller.adapter.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.shuyu.controller.job.JobLauncher.Outcome;
import org.shuyu.controller.job.JobLauncher.SnapshotFile;
import org.shuyu.controller.job.JobLauncher.Usage;
import org.shuyu.controller.job.JobState;
import org.shuyu.controller.job.RuntimeOutcomes;
import org.shuyu.runtime.contract.RuntimeFiles;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.shuyu.runtime.contract.SnapshotReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A finished run's directory read back through the runtime contract: its status.json (or the exit code alone), its
 * metrics.json, a successful PREVIEW's preview.json and a successful SNAPSHOT's snapshot.json with snapshot.arrow.
 */
final class JobDirectory {
    private static final Logger log = LoggerFactory.getLogger(JobDirectory.class);
    private final Path dir;
    private final RuntimeJson contract;

    JobDirectory(Path dir, RuntimeJson contract) {
        this.dir = dir;
        this.contract = contract;
    }

    /** How the run ended, with the runtime's exit code and the launch time ({@link System#nanoTime()}). */
    Outcome outcome(int exit, long started) throws IOException {
        Path statusFile = dir.resolve(RuntimeFiles.STATUS);
        if (!Files.exists(statusFile)) {
            return withUsage(RuntimeOutcomes.withoutStatus(exit), started);
        }
        RuntimeStatus status = contract.read(Files.readString(statusFile), RuntimeStatus.class);
        Optional<String> preview = Optional.empty();
        Path previewFile = dir.resolve(RuntimeFiles.PREVIEW);
        if (RuntimeOutcomes.stateOf(status, exit) == JobState.SUCCEEDED && Files.exists(previewFile)) {
            preview = Optional.of(Files.readString(previewFile));
        }
        Outcome outcome = RuntimeOutcomes.fromStatus(status, exit, Optional.of(usage(started)), preview);
        if (outcome.state() != JobState.SUCCEEDED || !Files.exists(dir.resolve(RuntimeFiles.SNAPSHOT_REPORT))) {
            return outcome;
        }
        return snapshotOutcome(outcome);
    }

    /** {@code outcome} with the run's metered use. */
    Outcome withUsage(Outcome outcome, long started) {
        return RuntimeOutcomes.withUsage(outcome, usage(started));
    }

    /** A successful SNAPSHOT's file, from the snapshot.json the runtime wrote after snapshot.arrow. */
    private Outcome snapshotOutcome(Outcome outcome) {
        Path file = dir.resolve(RuntimeFiles.SNAPSHOT_ARROW);
        try {
            SnapshotReport report = contract.read(Files.readString(dir.resolve(RuntimeFiles.SNAPSHOT_REPORT)), SnapshotReport.class);
            if (!Files.isRegularFile(file) || Files.size(file) != report.bytes()) {
                return Outcome.of(JobState.FAILED, "SNAPSHOT_INCOMPLETE", "the runtime reported a snapshot of " + report.bytes()
                        + " bytes but " + RuntimeFiles.SNAPSHOT_ARROW + " is missing or of another size");
            }
            return new Outcome(outcome.state(), outcome.code(), outcome.message(), outcome.step(), outcome.usage(),
                    outcome.previewJson(), Optional.of(new SnapshotFile(file, report.rows(), report.bytes())));
        } catch (IOException | RuntimeException e) {
            log.warn("unreadable snapshot report in {}: {}", dir, e.getClass().getName());
            return Outcome.of(JobState.FAILED, "SNAPSHOT_INCOMPLETE", "the runtime's " + RuntimeFiles.SNAPSHOT_REPORT + " is unreadable");
        }
    }

    /** The runtime's own measurement if it wrote one; otherwise wall time only. */
    private Usage usage(long started) {
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Path metrics = dir.resolve(RuntimeFiles.METRICS);
        Optional<RuntimeMetrics> measured = Optional.empty();
        try {
            if (Files.exists(metrics)) {
                measured = Optional.of(contract.read(Files.readString(metrics), RuntimeMetrics.class));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("unreadable metrics {}: {}", metrics, e.getClass().getName());
        }
        return RuntimeOutcomes.usage(measured, wall);
    }
}
