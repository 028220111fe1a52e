package org.shuyu.controller.job;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.shuyu.runtime.contract.RuntimeFiles;

/** The runtime's log as every launcher keeps it: {@code <jobsDir>/<jobId>/log.txt}. */
public final class JobLogs {
    private JobLogs() {}

    /** The job's log file (which may not exist yet). */
    public static Path file(Path jobsDir, String jobId) {
        return jobsDir.resolve(jobId).resolve(RuntimeFiles.LOG);
    }

    /** The end of the job's log, at most {@code maxBytes}; empty if there is none (or the id leaves the directory). */
    public static Optional<String> tail(Path jobsDir, String jobId, int maxBytes) {
        Path file = file(jobsDir, jobId);
        if (!file.normalize().startsWith(jobsDir.normalize()) || !Files.exists(file)) {
            return Optional.empty();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - maxBytes);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
