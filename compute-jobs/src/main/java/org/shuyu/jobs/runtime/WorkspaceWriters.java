package org.shuyu.jobs.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock file {@code <warehouseDir>/.shuyu-writers.lock}: every job of a workspace holds it shared while it runs, so
 * a job's setup may remove uncommitted leftovers only when it gets it exclusively (no other job of the workspace is
 * running and could be writing them right now). The operating system releases the lock when a process dies, kill -9
 * included. Where locks are not supported, nothing is removed.
 */
final class WorkspaceWriters implements AutoCloseable {
    static final String LOCK_FILE = ".shuyu-writers.lock";

    private final FileChannel channel;
    private FileLock lock;

    private WorkspaceWriters(FileChannel channel) {
        this.channel = channel;
    }

    static WorkspaceWriters open(Path warehouseDir) throws IOException {
        Files.createDirectories(warehouseDir);
        return new WorkspaceWriters(FileChannel.open(warehouseDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** Takes the lock exclusively if no other job holds it; true if it did. */
    boolean tryExclusive() {
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, false);
            return lock != null;
        } catch (IOException | OverlappingFileLockException e) {
            return false; // another job (of this JVM, too) runs, or locks are not supported here
        }
    }

    /** Holds the lock shared for the rest of the job (waits while another job's setup cleans up). */
    void shared() throws IOException {
        if (lock != null) {
            lock.release();
            lock = null;
        }
        try {
            lock = channel.lock(0, Long.MAX_VALUE, true);
        } catch (OverlappingFileLockException e) {
            // this JVM already holds the lock (in-process tests): that protects the workspace just as well
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
