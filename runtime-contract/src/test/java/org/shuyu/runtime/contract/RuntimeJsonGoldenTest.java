package org.shuyu.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wire format, pinned: each sample message is written and compared with its committed file under
 * src/test/resources/golden ({@code -Dgolden.update=true} rewrites them). A difference here is a change of the
 * contract between a controller and a runtime image of the same version: the field names must not change.
 */
class RuntimeJsonGoldenTest {
    private static final Path GOLDEN = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));
    private final RuntimeJson json = new RuntimeJson();

    @Test
    void everyMessageIsWrittenAsItsGoldenFile() throws IOException {
        for (Map.Entry<String, Object> sample : Samples.all().entrySet()) {
            Path file = GOLDEN.resolve(sample.getKey());
            String written = json.writePretty(sample.getValue()) + "\n";
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(GOLDEN);
                Files.writeString(file, written, StandardCharsets.UTF_8);
            }
            assertThat(file).as("golden file %s is missing: run the build with -Dgolden.update=true", file).exists();
            assertThat(written).as(sample.getKey()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyGoldenFileReadsBackAsItsMessage() throws IOException {
        for (Map.Entry<String, Object> sample : Samples.all().entrySet()) {
            String text = Files.readString(GOLDEN.resolve(sample.getKey()), StandardCharsets.UTF_8);
            assertThat(json.read(text, sample.getValue().getClass())).as(sample.getKey()).isEqualTo(sample.getValue());
        }
    }

    @Test
    void theGoldenFilesAreAllSamples() throws IOException {
        try (var files = Files.list(GOLDEN)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(Samples.all().keySet());
        }
    }
}
