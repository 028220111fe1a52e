package org.shuyu.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Result rows of the API (a preview's or a statement's {@code {columns, rows, truncated}}) as a text table. The JSON
 * is read as JSON, not as a Java type, because the preview is untyped today and will become a record: columns may be
 * names or {@code {name, type}} objects, rows arrays (in column order) or objects (by column name).
 */
public final class Tabular {
    private Tabular() {}

    /** Header names of a result's {@code columns}. */
    public static List<String> columns(JsonNode result) {
        List<String> names = new ArrayList<>();
        for (JsonNode column : result.path("columns")) {
            names.add(column.isObject() ? column.path("name").asText() : column.asText());
        }
        if (names.isEmpty() && result.path("rows").size() > 0 && result.path("rows").get(0).isObject()) {
            result.path("rows").get(0).fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** Cell texts of a result's {@code rows}, in the order of {@link #columns}. */
    public static List<List<String>> rows(JsonNode result, List<String> columns) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : result.path("rows")) {
            List<String> cells = new ArrayList<>();
            if (row.isArray()) {
                for (int i = 0; i < Math.max(columns.size(), row.size()); i++) {
                    cells.add(i < row.size() ? text(row.get(i)) : "");
                }
            } else {
                for (String column : columns) {
                    cells.add(text(row.get(column)));
                }
            }
            rows.add(cells);
        }
        return rows;
    }

    /** Prints the result: header, rows, and a line saying how many rows (and whether there were more). */
    public static void print(JsonNode result, PrintWriter out) {
        List<String> columns = columns(result);
        List<List<String>> rows = rows(result, columns);
        List<String> headers = new ArrayList<>(columns);
        int width = rows.stream().mapToInt(List::size).max().orElse(0);
        while (headers.size() < width) {
            headers.add("col" + (headers.size() + 1));
        }
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], i < row.size() ? row.get(i).length() : 0);
            }
        }
        if (!headers.isEmpty()) {
            out.println(line(headers, widths));
        }
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
        boolean truncated = result.path("truncated").asBoolean(false);
        out.println("(" + rows.size() + (rows.size() == 1 ? " row" : " rows") + (truncated ? ", more not shown" : "")
                + ")");
        out.flush();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            if (i > 0) {
                line.append("  ");
            }
            line.append(cell).append(" ".repeat(Math.max(0, widths[i] - cell.length())));
        }
        return line.toString().stripTrailing();
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "NULL";
        }
        String text = value.isValueNode() ? value.asText() : value.toString();
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
