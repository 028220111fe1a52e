package org.shuyu.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden}: compared byte for byte, or rewritten when the build runs
 * with {@code -Dgolden.update=true}.
 */
final class GoldenFiles {
    private static final Path DIR = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));

    private GoldenFiles() {}

    static void check(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        String content = actual.endsWith("\n") ? actual : actual + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s is missing: run the build with -Dgolden.update=true", file).exists();
        assertThat(content)
                .as("%s differs from the compiler's output (rewrite with -Dgolden.update=true and review the diff)",
                        file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
