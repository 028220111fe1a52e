package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Writes status.json, metrics.json, preview.json and snapshot.json, each atomically (a temporary file, then a rename). When the
 * environment names an output marker ({@code SHUYU_OUTPUT_MARKER}, set by the Kubernetes launcher from the job's
 * secret), each file is also echoed to stdout as one line {@code <marker> <name> <compact json>}: the pod's log is
 * how the controller gets them back.
 */
public final class OutputFiles {
    private static final String MARKER = System.getenv("SHUYU_OUTPUT_MARKER");
    /** The process's real stdout (JobMain routes System.out to the internal log). */
    private static volatile java.io.PrintStream platformOut = System.out;
    private final Path dir;
    private final ObjectMapper mapper;

    /** Marker lines go to {@code out}, the launcher's stdout, whatever System.out is later. */
    public static void usePlatformOut(java.io.PrintStream out) {
        platformOut = requireNonNull(out, "out is null");
    }

    public OutputFiles(Path dir, ObjectMapper mapper) {
        this.dir = requireNonNull(dir, "dir is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public void status(String state, String code, String message, Optional<Integer> step) throws IOException {
        ObjectNode json = mapper.createObjectNode();
        json.put("state", state);
        json.put("code", code);
        json.put("message", message);
        if (step.isPresent()) {
            json.put("step", step.get());
        } else {
            json.putNull("step");
        }
        write("status.json", json);
    }

    public void metrics(double cpuSeconds, long peakMemoryBytes, long wallMillis, List<JobMetrics.Step> steps)
            throws IOException {
        ObjectNode json = mapper.createObjectNode();
        json.put("cpuSeconds", cpuSeconds);
        json.put("peakMemoryBytes", peakMemoryBytes);
        json.put("wallMillis", wallMillis);
        ArrayNode array = json.putArray("steps");
        for (JobMetrics.Step step : steps) {
            array.addObject().put("index", step.index()).put("millis", step.millis());
        }
        write("metrics.json", json);
    }

    public void preview(PreviewResult preview) throws IOException {
        ObjectNode json = mapper.createObjectNode();
        ArrayNode columns = json.putArray("columns");
        for (PreviewResult.Column column : preview.columns()) {
            columns.addObject().put("name", column.name()).put("type", column.type());
        }
        ArrayNode rows = json.putArray("rows");
        for (List<String> row : preview.rows()) {
            ArrayNode line = rows.addArray();
            for (String value : row) {
                if (value == null) {
                    line.addNull();
                } else {
                    line.add(value);
                }
            }
        }
        write("preview.json", json);
    }

    /** snapshot.json: {@code {rows, bytes, columns: [{name, type, sparkType}]}} of the snapshot.arrow just written. */
    public void snapshot(SnapshotResult snapshot) throws IOException {
        ObjectNode json = mapper.createObjectNode();
        json.put("file", ArrowSnapshotWriter.FILE);
        json.put("rows", snapshot.rows());
        json.put("bytes", snapshot.bytes());
        ArrayNode columns = json.putArray("columns");
        for (SnapshotResult.Column column : snapshot.columns()) {
            columns.addObject().put("name", column.name()).put("type", column.type()).put("sparkType", column.sparkType());
        }
        write("snapshot.json", json);
    }

    private void write(String name, ObjectNode json) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            Files.write(tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (MARKER != null && !MARKER.isBlank()) {
            platformOut.println(MARKER + " " + name + " " + mapper.writeValueAsString(json));
            platformOut.flush();
        }
    }
}
