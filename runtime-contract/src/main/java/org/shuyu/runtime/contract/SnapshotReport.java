package org.shuyu.runtime.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A SNAPSHOT's report ({@value RuntimeFiles#SNAPSHOT_REPORT}), written after the Arrow file it describes: the file's
 * name, its rows and size in bytes, and its columns (name, Arrow type, Spark type).
 */
@JsonPropertyOrder({"file", "rows", "bytes", "columns"})
public record SnapshotReport(String file, @JsonProperty(required = true) long rows,
        @JsonProperty(required = true) long bytes, List<Column> columns) {

    public SnapshotReport {
        Checks.text(file, "file");
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes must be >= 0");
        }
        columns = Checks.list(columns, "columns");
    }

    /** One column of the snapshot. */
    @JsonPropertyOrder({"name", "type", "sparkType"})
    public record Column(String name, String type, String sparkType) {
        public Column {
            Checks.present(name, "name");
            Checks.present(type, "type");
            Checks.present(sparkType, "sparkType");
        }
    }
}
