package org.shuyu.controller.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/** Source data read back by the controller's checks: what was written comes back field by field, quoting included. */
class LocalSourceDataTest {
    @TempDir
    Path dir;

    private List<List<String>> read(String dataset, String... columns) {
        List<List<String>> rows = new ArrayList<>();
        LocalSourceData.readFiles(dataset, location(dataset), List.of(columns), row -> rows.add(new ArrayList<>(row)));
        return rows;
    }

    private Path location(String dataset) {
        try {
            return Files.createDirectories(dir.resolve(dataset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes like {@link LocalSourceData#replace}. */
    private void replace(String dataset, List<String> header, List<List<String>> rows) throws IOException {
        StringBuilder text = new StringBuilder(LocalSourceData.line(header));
        rows.forEach(r -> text.append(LocalSourceData.line(r)));
        Files.writeString(location(dataset).resolve("data.csv"), text);
    }

    @Test
    void readsBackWhatWasWrittenWithCommasQuotesAndLineBreaksInsideFields() throws IOException {
                List<List<String>> written = List.of(
                Arrays.asList("330203196001010017", "Wang, \"Wei\"", "line one\nline two", null),
                Arrays.asList("330203196001010025", "Li Na", "a\r\nb", "x"),
                Arrays.asList("330203196001010033", "", "plain", "y"));
        replace("test.people", List.of("id", "name", "note", "extra"), written);
        List<List<String>> back = read("test.people", "note", "id", "name");
        assertThat(back).containsExactly(
                Arrays.asList("line one\nline two", "330203196001010017", "Wang, \"Wei\""),
                Arrays.asList("a\r\nb", "330203196001010025", "Li Na"),
                // an empty field is written unquoted and reads as null, like Spark's CSV reader
                Arrays.asList("plain", "330203196001010033", null));
    }

    @Test
    void readsEveryCsvFileOfTheDatasetByHeaderName() throws IOException {
                Path location = location("test.parts");
        Files.writeString(location.resolve("part-1.csv"), "b,a\r\n2,1\r\n");
        Files.writeString(location.resolve("part-2.csv"), "a,b\n3,4\n\n\"5\",\"\"\"6\"\"\"");
        Files.writeString(location.resolve("notes.txt"), "a,b\nnot,data\n");
        assertThat(read("test.parts", "a", "b")).containsExactly(List.of("1", "2"), List.of("3", "4"),
                List.of("5", "\"6\""));
    }

    @Test
    void aFileWithoutAColumnOrNotInUtf8OrEndingInsideQuotesIsUnreadable() throws IOException {
                Files.writeString(location("test.missing").resolve("data.csv"), "a,b\n1,2\n");
        assertThatThrownBy(() -> read("test.missing", "a", "c")).isInstanceOf(SandboxException.class)
                .satisfies(e -> assertThat(((SandboxException) e).code()).isEqualTo(ErrorCode.SOURCE_DATA_UNREADABLE));
        Files.write(location("test.latin").resolve("data.csv"), "a\n\u00e9t\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> read("test.latin", "a")).isInstanceOf(SandboxException.class)
                .satisfies(e -> assertThat(((SandboxException) e).code()).isEqualTo(ErrorCode.SOURCE_DATA_UNREADABLE));
        Files.writeString(location("test.open").resolve("data.csv"), "a\n\"never closed\n");
        assertThatThrownBy(() -> read("test.open", "a")).isInstanceOf(SandboxException.class)
                .satisfies(e -> assertThat(((SandboxException) e).code()).isEqualTo(ErrorCode.SOURCE_DATA_UNREADABLE));
    }
}
