package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.shuyu.runtime.contract.RuntimeFiles;
import org.shuyu.runtime.contract.RuntimeJson;
import org.shuyu.runtime.contract.RuntimeLaunch;
import org.shuyu.runtime.contract.RuntimeMetrics;
import org.shuyu.runtime.contract.RuntimeStatus;
import org.shuyu.runtime.contract.SnapshotReport;

/**
 * Writes status.json, metrics.json, preview.json and snapshot.json, each atomically (a temporary file, then a rename);
 * status, metrics and the snapshot report are messages of the runtime contract, written by its codec. When the
 * environment names an output marker ({@link RuntimeLaunch#OUTPUT_MARKER_ENV}, set by the Kubernetes launcher from the
 * job's secret), each file is also echoed to stdout as one line {@code <marker> <name> <compact json>}: the pod's log
 * is how the controller gets them back.
 */
public final class OutputFiles {
    private static final String MARKER = System.getenv(RuntimeLaunch.OUTPUT_MARKER_ENV);
    /** The process's real stdout (JobMain routes System.out to the internal log). */
    private static volatile java.io.PrintStream platformOut = System.out;
    private final Path dir;
    private final ObjectMapper mapper;
    private final RuntimeJson contract = new RuntimeJson();

    /** Marker lines go to {@code out}, the launcher's stdout, whatever System.out is later. */
    public static void usePlatformOut(java.io.PrintStream out) {
        platformOut = requireNonNull(out, "out is null");
    }

    public OutputFiles(Path dir, ObjectMapper mapper) {
        this.dir = requireNonNull(dir, "dir is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public void status(RuntimeStatus status) throws IOException {
        write(RuntimeFiles.STATUS, contract.writePretty(status), contract.write(status));
    }

    public void metrics(RuntimeMetrics metrics) throws IOException {
        write(RuntimeFiles.METRICS, contract.writePretty(metrics), contract.write(metrics));
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
        write(RuntimeFiles.PREVIEW, json);
    }

    /** snapshot.json: the {@link SnapshotReport} of the snapshot.arrow just written. */
    public void snapshot(SnapshotResult snapshot) throws IOException {
        SnapshotReport report = new SnapshotReport(ArrowSnapshotWriter.FILE, snapshot.rows(), snapshot.bytes(),
                snapshot.columns().stream().map(c -> new SnapshotReport.Column(c.name(), c.type(), c.sparkType())).toList());
        write(RuntimeFiles.SNAPSHOT_REPORT, contract.writePretty(report), contract.write(report));
    }

    private void write(String name, ObjectNode json) throws IOException {
        write(name, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json), mapper.writeValueAsString(json));
    }

    private void write(String name, String pretty, String compact) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            Files.write(tmp, pretty.getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (MARKER != null && !MARKER.isBlank()) {
            platformOut.println(MARKER + " " + name + " " + compact);
            platformOut.flush();
        }
    }
}
