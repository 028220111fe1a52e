package org.shuyu.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a snapshot file reaches its target: renamed, or copied across file systems; never over an existing file. */
@Tag("R-19b")
class SnapshotMoveTest {
    @TempDir
    Path dir;

    @Test
    void movesIntoNewDirectoriesAndLeavesNothingBehind() throws Exception {
        Path from = Files.writeString(Files.createDirectories(dir.resolve("jobs/j1")).resolve("snapshot.arrow"), "arrow");
        Path to = dir.resolve("products/p/1/snapshot.arrow");

        assertThat(TableRuns.moveFile(from, to)).isEqualTo(5);

        assertThat(to).hasContent("arrow");
        assertThat(from).doesNotExist();
    }

    @Test
    void neverOverwritesAnExistingTarget() throws Exception {
        Path from = Files.writeString(dir.resolve("snapshot.arrow"), "new");
        Path to = Files.writeString(dir.resolve("approved.arrow"), "approved");

        assertThatThrownBy(() -> TableRuns.moveFile(from, to)).isInstanceOf(FileAlreadyExistsException.class);

        assertThat(to).hasContent("approved");
        assertThat(from).hasContent("new");
    }

    @Test
    void copiesAcrossFileSystems() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeThat(Files.isDirectory(shm) && Files.isWritable(shm)).as("/dev/shm is writable").isTrue();
        FileStore here = Files.getFileStore(dir);
        Path other = Files.createTempDirectory(shm, "shuyu-snapshot-move");
        try {
            assumeThat(Files.getFileStore(other)).as("another file system").isNotEqualTo(here);
            Path from = Files.writeString(dir.resolve("snapshot.arrow"), "across");
            Path to = other.resolve("p/snapshot.arrow");

            assertThat(TableRuns.moveFile(from, to)).isEqualTo(6);

            assertThat(to).hasContent("across");
            assertThat(from).doesNotExist();
            try (var left = Files.list(to.getParent())) {
                assertThat(left).as("no temporary file").containsExactly(to);
            }
        } finally {
            try (var files = Files.walk(other)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
