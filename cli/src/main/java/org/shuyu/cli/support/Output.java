package org.shuyu.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.shuyu.client.ApiClient;

/**
 * What commands print. Results go to standard output: a readable table by default, or the API's own JSON or YAML
 * ({@code -o json|yaml}) for scripts, so a script sees exactly the fields of the spec. Notes and progress go to
 * standard error, so standard output stays parseable.
 */
public final class Output {
    public enum Format { TABLE, JSON, YAML }

    /** A column of a table: its header and how to get its value from a row. */
    public record Column<T>(String header, Function<T, ?> value) {
        public static <T> Column<T> of(String header, Function<T, ?> value) {
            return new Column<>(header, value);
        }
    }

    private final Format format;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ObjectMapper json;
    private final ObjectMapper yaml;

    public Output(Format format, PrintWriter out, PrintWriter err) {
        this.format = format == null ? Format.TABLE : format;
        this.out = out;
        this.err = err;
        this.json = ApiClient.createDefaultObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                .findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public Format format() {
        return format;
    }

    /** Rows as a table with these columns, or the whole list as JSON/YAML. */
    public <T> void list(List<T> rows, List<Column<T>> columns) {
        if (format != Format.TABLE) {
            structured(rows);
            return;
        }
        List<String> headers = columns.stream().map(Column::header).toList();
        List<List<String>> cells = new ArrayList<>();
        for (T row : rows) {
            cells.add(columns.stream().map(c -> cell(c.value().apply(row))).toList());
        }
        table(headers, cells);
    }

    /** One object: "FIELD  value" lines with these fields, or the whole object as JSON/YAML. */
    public <T> void item(T value, List<Column<T>> fields) {
        if (format != Format.TABLE) {
            structured(value);
            return;
        }
        int width = fields.stream().mapToInt(f -> f.header().length()).max().orElse(0);
        for (Column<T> field : fields) {
            out.println(pad(field.header(), width) + "  " + cell(field.value().apply(value)));
        }
        out.flush();
    }

    /**
     * A created object: with {@code -q/--quiet} ({@link QuietOption}) only its id on a line, for scripts; else the
     * object as {@link #item}.
     */
    public <T> void created(T value, String id, boolean quiet, List<Column<T>> fields) {
        if (quiet) {
            out.println(id);
            out.flush();
            return;
        }
        item(value, fields);
    }

    /** Any value as JSON/YAML; in table mode its JSON, indented (for shapes with no natural table). */
    public void structured(Object value) {
        try {
            String text = format == Format.YAML ? yaml.writeValueAsString(toTree(value))
                    : json.writeValueAsString(toTree(value));
            out.println(text.stripTrailing());
            out.flush();
        } catch (Exception e) {
            throw new CliException(ExitCode.ERROR, "OUTPUT_FAILED", "cannot print the result: " + e.getMessage(), e);
        }
    }

    /** A plain line of result text on standard output (e.g. a rendered tree or DOT graph). */
    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /** A note for the person (progress, hints, what was done) on standard error. */
    public void note(String text) {
        err.println(text);
        err.flush();
    }

    private JsonNode toTree(Object value) {
        return json.valueToTree(value);
    }

    private void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(joined(headers, widths));
        for (List<String> row : rows) {
            out.println(joined(row, widths));
        }
        out.flush();
    }

    private static String joined(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(i == cells.size() - 1 ? cells.get(i) : pad(cells.get(i), widths[i]));
        }
        return line.toString().stripTrailing();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    /** How one value shows in a table cell: empty for null, lists comma-separated, no line breaks. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof java.util.Optional<?> optional) {
            return optional.map(Output::cell).orElse("");
        }
        if (value instanceof Iterable<?> items) {
            List<String> parts = new ArrayList<>();
            items.forEach(i -> parts.add(cell(i)));
            return String.join(",", parts);
        }
        return Objects.toString(value).replace('\n', ' ').replace('\r', ' ');
    }
}
