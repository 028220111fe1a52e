package org.shuyu.controller.adapter.storage;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.config.SandboxProperties;
import org.springframework.stereotype.Component;

/** Source data on local disk: {@code <data-dir>/sources/<namespace>/<table>/data.csv}. */
@Component
public class LocalSourceData implements SourceData {
    private final Path root;

    public LocalSourceData(SandboxProperties properties) {
        this.root = properties.dataDir().resolve("sources").toAbsolutePath().normalize();
    }

    @Override
    public Path location(String datasetId) {
        if (!Dataset.isValidId(datasetId)) {
            throw new IllegalArgumentException("not a dataset id: " + datasetId);
        }
        Path dir = root.resolve(datasetId.substring(0, datasetId.indexOf('.'))).resolve(datasetId.substring(datasetId.indexOf('.') + 1));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    @Override
    public boolean present(String datasetId) {
        try (Stream<Path> files = Files.list(location(datasetId))) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".csv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void replace(String datasetId, List<String> header, Iterable<List<String>> rows) {
        Path dir = location(datasetId);
        Path tmp = dir.resolve(".data.csv.tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.write(line(header));
            for (List<String> row : rows) {
                out.write(line(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, dir.resolve("data.csv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the data of " + datasetId, e);
        }
    }

    /** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; null is an empty field. */
    static String line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String f = fields.get(i);
            if (f == null) {
                continue;
            }
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                line.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                line.append(f);
            }
        }
        return line.append('\n').toString();
    }
}
