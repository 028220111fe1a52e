package org.shuyu.jobs.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shuyu.jobs.testing.Refusals.assertRefused;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.jobs.JobsErrorCode;

@Tag("R-19a")
class WorkspacePathsTest {
    @TempDir
    Path root;

    private WorkspacePaths paths() throws Exception {
        Files.createDirectories(root.resolve("ws/files"));
        Files.createDirectories(root.resolve("ws/warehouse"));
        return new WorkspacePaths(root.resolve("ws/files"), root.resolve("ws/warehouse"));
    }

    @Test
    void acceptsPathsInsideFilesAndWarehouseNormalised() throws Exception {
        WorkspacePaths paths = paths();
        Path real = root.toRealPath();
        assertThat(paths.requireInside(root + "/ws/files/out", "write")).isEqualTo(real + "/ws/files/out");
        assertThat(paths.requireInside("file:" + root + "/ws/warehouse/db.db/t", "write"))
                .isEqualTo(real + "/ws/warehouse/db.db/t");
        assertThat(paths.requireInside("file://" + root + "/ws/files/./a/../b", "write"))
                .isEqualTo(real + "/ws/files/b");
        assertThat(paths.requireInside(root + "/ws/files", "read")).isEqualTo(real + "/ws/files");
    }

    @Test
    void refusesEverythingElse() throws Exception {
        WorkspacePaths paths = paths();
        for (String outside : new String[] {"/etc/passwd", root + "/ws", root + "/ws/files/../../x",
            root + "/ws/filesX", "hdfs://namenode" + root + "/ws/files", "s3a://bucket/x",
            "file://otherhost" + root + "/ws/files", root + "/ws/files/{a,../../x}", root + "/ws/files/[a]",
            "", "relative-outside"}) {
            assertRefused(() -> paths.requireInside(outside, "write"), JobsErrorCode.PATH_OUTSIDE_WORKSPACE,
                    "outside the workspace");
        }
    }

    @Test
    void followsSymbolicLinksOutOfTheWorkspace() throws Exception {
        WorkspacePaths paths = paths();
        Files.createDirectories(root.resolve("secret"));
        Files.createSymbolicLink(root.resolve("ws/files/link"), root.resolve("secret"));
        Files.createSymbolicLink(root.resolve("ws/files/dangling"), root.resolve("nowhere"));
        assertRefused(() -> paths.requireInside(root + "/ws/files/link/data", "write"),
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE);
        assertRefused(() -> paths.requireInside(root + "/ws/files/dangling", "write"),
                JobsErrorCode.PATH_OUTSIDE_WORKSPACE);
    }
}
