package org.shuyu.controller.adapter.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's file system with synchronous writes: a database URL {@code jdbc:h2:dsync:file:<path>} opens its files like
 * {@code file:} does, but every file opened for writing is opened with {@code O_DSYNC} (mode {@code rwd}), so a
 * write returns only once its data is on the device.
 *
 * <p>Why: H2 2.3's MVStore has no write-ahead log and never forces its file on commit. With {@code WRITE_DELAY=0}
 * each commit writes its chunk before the commit returns, but only into the operating system's cache; with the
 * default delay (500 ms) a killed process loses the last commits outright. With both ({@code WRITE_DELAY=0} and
 * this file system) a commit returns only when its chunk is on disk: an acknowledged write survives {@code kill -9}
 * and a power loss. See docs/audit.md (durability) and docs/benchmarks.md for the cost.
 */
public final class DsyncFilePath extends FilePathWrapper {
    /** The URL scheme: {@code jdbc:h2:dsync:file:...}. */
    public static final String SCHEME = "dsync";
    private static final DsyncFilePath PROTOTYPE = new DsyncFilePath();
    private static volatile boolean registered;

    /** Needed by {@link FilePathWrapper}, which makes its paths by reflection. */
    public DsyncFilePath() {}

    /** Makes the {@code dsync:} scheme known to H2 (idempotent); must run before the first connection opens. */
    public static void register() {
        if (!registered) {
            synchronized (DsyncFilePath.class) {
                if (!registered) {
                    FilePath.register(PROTOTYPE);
                    registered = true;
                }
            }
        }
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return getBase().open("rw".equals(mode) ? "rwd" : mode);
    }
}
