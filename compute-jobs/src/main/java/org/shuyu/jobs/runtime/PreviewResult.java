package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What preview.json holds: column names and types, rows of string values (null stays null). */
public record PreviewResult(List<Column> columns, List<List<String>> rows) {
    public PreviewResult {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : requireNonNull(rows, "rows is null")) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row))); // values may be null
        }
        rows = List.copyOf(copy);
    }

    /** One column: its name and Spark SQL type. */
    public record Column(String name, String type) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }
}
