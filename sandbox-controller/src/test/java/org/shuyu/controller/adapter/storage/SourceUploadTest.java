package org.shuyu.controller.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/** An upload streams to a hidden temporary file and replaces data.csv only on commit; bounds hold while streaming. */
class SourceUploadTest {
    @TempDir
    Path dir;

    final List<String> seen = new ArrayList<>();
    final SourceData.RecordCheck check = new SourceData.RecordCheck() {
        @Override
        public void header(List<String> names) {
            seen.add("header " + names);
        }

        @Override
        public void row(long line, List<String> fields) {
            seen.add(line + " " + fields);
        }
    };

    List<String> files() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stagedDataIsInvisibleUntilCommittedAndReplacesEveryOtherDataFile() throws Exception {
        Files.writeString(dir.resolve("data.csv"), "a,b\nold,1\n");
        Files.writeString(dir.resolve("by-hand.csv"), "a,b\nhand,2\n");
        String csv = "a,b\n\"x,y\",1\n\nz,\n";
        try (SourceData.Staged staged = SourceUpload.stage("t.x", dir, body(csv), 1000, check)) {
            assertThat(staged.rows()).isEqualTo(2);
            assertThat(staged.bytes()).isEqualTo(csv.length());
            assertThat(staged.sha256()).isEqualTo(Sha256.hex(csv));
            assertThat(Files.readString(dir.resolve("data.csv"))).isEqualTo("a,b\nold,1\n");
            assertThat(files()).hasSize(3).anyMatch(f -> f.startsWith(".upload-") && f.endsWith(".tmp"));
            staged.commit();
        }
        assertThat(seen).containsExactly("header [a, b]", "2 [x,y, 1]", "4 [z, null]");
        assertThat(Files.readString(dir.resolve("data.csv"))).isEqualTo(csv);
        assertThat(files()).containsExactly("data.csv");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhileStreamingAndLeavesNothing() throws Exception {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append(i).append(",x\n");
        }
        assertThatThrownBy(() -> SourceUpload.stage("t.x", dir, body(csv.toString()), 4096, check))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASET_DATA_TOO_LARGE));
        assertThat(seen.size()).isLessThan(10_000); // refused before the end was read
        assertThat(files()).isEmpty();
    }

    @Test
    void aLineWithoutEndIsRefusedWithoutFillingTheHeap() throws Exception {
        String huge = "a\n" + "x".repeat(SourceUpload.MAX_RECORD_CHARS + 10);
        assertThatThrownBy(() -> SourceUpload.stage("t.x", dir, body(huge), Long.MAX_VALUE, check))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASET_DATA_MALFORMED));
        assertThat(files()).isEmpty();
    }

    @Test
    void aRefusalOfTheCheckRemovesTheTemporaryFile() throws Exception {
        SourceData.RecordCheck refuse = new SourceData.RecordCheck() {
            @Override
            public void header(List<String> names) {}

            @Override
            public void row(long line, List<String> fields) {
                throw new SandboxException(ErrorCode.DATASET_DATA_BAD_VALUE, "line " + line);
            }
        };
        assertThatThrownBy(() -> SourceUpload.stage("t.x", dir, body("a\n1\n"), 100, refuse)).isInstanceOf(SandboxException.class);
        assertThat(files()).isEmpty();
    }
}
