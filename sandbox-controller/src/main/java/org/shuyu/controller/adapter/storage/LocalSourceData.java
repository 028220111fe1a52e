package org.shuyu.controller.adapter.storage;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.springframework.stereotype.Component;

/**
 * Source data on the file system every process of a workspace reads: {@code <data-dir>/sources/<namespace>/<table>/data.csv}
 * (the local disk in embedded mode, the platform's shared ReadWriteMany volume on Kubernetes, docs/storage.md).
 */
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

    @Override
    public Staged stage(String datasetId, InputStream csv, long maxBytes, RecordCheck check) {
        return SourceUpload.stage(datasetId, location(datasetId), csv, maxBytes, check);
    }

    @Override
    public Staged stageIn(Path dir, String label, InputStream csv, long maxBytes, RecordCheck check) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SandboxException(ErrorCode.DATASET_DATA_STORAGE_FAILED, "the data of " + label + " could not be stored: "
                    + e.getClass().getSimpleName(), e);
        }
        return SourceUpload.stage(label, dir, csv, maxBytes, check);
    }

    @Override
    public void read(String datasetId, List<String> columns, Consumer<List<String>> row) {
        readFiles(datasetId, location(datasetId), columns, row);
    }

    /** {@link #read} of the {@code .csv} files in {@code location} (also the benchmark's reader). */
    public static void readFiles(String datasetId, Path location, List<String> columns, Consumer<List<String>> row) {
        List<Path> files;
        try (Stream<Path> list = Files.list(location)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".csv") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw unreadable(datasetId, "its files cannot be listed", e);
        }
        for (Path file : files) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
                readFile(datasetId, file, in, columns, row);
            } catch (CharacterCodingException e) {
                throw unreadable(datasetId, file.getFileName() + " is not UTF-8", e);
            } catch (IOException e) {
                throw unreadable(datasetId, file.getFileName() + " cannot be read", e);
            }
        }
    }

    private static void readFile(String datasetId, Path file, BufferedReader in, List<String> columns,
            Consumer<List<String>> row) throws IOException {
        CsvRecords records = new CsvRecords(in);
        List<String> header = records.next();
        if (header == null) {
            return;
        }
        int[] positions = new int[columns.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = header.indexOf(columns.get(i));
            if (positions[i] < 0) {
                throw unreadable(datasetId, file.getFileName() + " has no column " + columns.get(i), null);
            }
        }
        String[] values = new String[positions.length];
        List<String> view = Arrays.asList(values);
        for (List<String> fields = records.next(); fields != null; fields = records.next()) {
            if (fields.size() == 1 && fields.get(0) == null) {
                continue; // a blank line
            }
            for (int i = 0; i < positions.length; i++) {
                values[i] = positions[i] < fields.size() ? fields.get(positions[i]) : null;
            }
            row.accept(view);
        }
        if (records.unterminatedQuote()) {
            throw unreadable(datasetId, file.getFileName() + " ends inside a quoted field", null);
        }
    }

    private static SandboxException unreadable(String datasetId, String why, Throwable cause) {
        return new SandboxException(ErrorCode.SOURCE_DATA_UNREADABLE, "the data of " + datasetId + " cannot be read: "
                + why, cause);
    }

    /**
     * RFC 4180 records: fields separated by commas, a field in double quotes may hold commas, line breaks and doubled
     * quotes; CR LF or LF ends a record. An empty unquoted field is null, an empty quoted one the empty string.
     */
    static final class CsvRecords {
        private final BufferedReader in;
        private final int maxRecordChars;
        private boolean unterminated;
        private boolean eof;

        CsvRecords(BufferedReader in) {
            this(in, Integer.MAX_VALUE);
        }

        /** Records of at most {@code maxRecordChars} characters; a longer one throws {@link RecordTooLong}. */
        CsvRecords(BufferedReader in, int maxRecordChars) {
            this.in = in;
            this.maxRecordChars = maxRecordChars;
        }

        boolean unterminatedQuote() {
            return unterminated;
        }

        /** The next record's fields, or null at the end of the input. */
        List<String> next() throws IOException {
            if (eof) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean inQuotes = false;
            boolean any = false;
            int chars = 0;
            while (true) {
                int c = in.read();
                if (++chars > maxRecordChars) {
                    throw new RecordTooLong();
                }
                if (c < 0) {
                    eof = true;
                    if (inQuotes) {
                        unterminated = true;
                    }
                    if (!any) {
                        return null;
                    }
                    fields.add(value(field, quoted));
                    return fields;
                }
                any = true;
                if (inQuotes) {
                    if (c == '"') {
                        in.mark(1);
                        int d = in.read();
                        if (d == '"') {
                            field.append('"');
                        } else {
                            inQuotes = false;
                            if (d >= 0) {
                                in.reset();
                            }
                        }
                    } else {
                        field.append((char) c);
                    }
                } else if (c == '"' && field.length() == 0 && !quoted) {
                    inQuotes = true;
                    quoted = true;
                } else if (c == ',') {
                    fields.add(value(field, quoted));
                    field.setLength(0);
                    quoted = false;
                } else if (c == '\n') {
                    fields.add(value(field, quoted));
                    return fields;
                } else if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                    fields.add(value(field, quoted));
                    return fields;
                } else {
                    field.append((char) c);
                }
            }
        }

        /** A record longer than the reader's bound (a file without line ends must not fill the heap). */
        static final class RecordTooLong extends IOException {
            RecordTooLong() {
                super("record too long");
            }
        }

        private static String value(StringBuilder field, boolean quoted) {
            return field.length() == 0 && !quoted ? null : field.toString();
        }
    }

    /** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; null is an empty field. */
    public static String line(List<String> fields) {
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
