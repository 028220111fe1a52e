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
        int width = fields.stream().mapToInt(f -> width(f.header())).max().orElse(0);
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
        List<List<String>> shown = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> cells = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                // the first column is the id people copy: never cut
                cells.add(i == 0 ? row.get(i) : truncate(row.get(i), MAX_CELL_WIDTH));
            }
            shown.add(cells);
        }
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = width(headers.get(i));
            for (List<String> row : shown) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        out.println(joined(headers, widths));
        for (List<String> row : shown) {
            out.println(joined(row, widths));
        }
        out.flush();
    }

    /** Table cells wider than this (in terminal columns) are cut with an ellipsis; -o json shows them whole. */
    static final int MAX_CELL_WIDTH = 60;

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
        return text + " ".repeat(Math.max(0, width - width(text)));
    }

    /**
     * How many terminal columns the text takes: East Asian wide and full-width characters (CJK ideographs, kana,
     * Hangul, full-width forms, most emoji) take two, combining marks and format characters none, others one.
     */
    static int width(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            width += width(cp);
            i += Character.charCount(cp);
        }
        return width;
    }

    static int width(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0) {
            return 0;
        }
        if (Character.isISOControl(cp)) {
            return 0;
        }
        boolean wide = (cp >= 0x1100 && cp <= 0x115F)        // Hangul Jamo initials
                || (cp >= 0x2E80 && cp <= 0x303E)             // CJK radicals, Kangxi, CJK symbols and punctuation
                || (cp >= 0x3041 && cp <= 0x33FF)             // kana, bopomofo, CJK compatibility
                || (cp >= 0x3400 && cp <= 0x4DBF)             // CJK extension A
                || (cp >= 0x4E00 && cp <= 0x9FFF)             // CJK unified ideographs
                || (cp >= 0xA000 && cp <= 0xA4CF)             // Yi
                || (cp >= 0xAC00 && cp <= 0xD7A3)             // Hangul syllables
                || (cp >= 0xF900 && cp <= 0xFAFF)             // CJK compatibility ideographs
                || (cp >= 0xFE30 && cp <= 0xFE4F)             // CJK compatibility forms
                || (cp >= 0xFF00 && cp <= 0xFF60)             // full-width forms
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)           // pictographs, emoticons
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);          // CJK extensions B..
        return wide ? 2 : 1;
    }

    /** The text cut to at most {@code max} columns, ending in an ellipsis when cut (never splitting a character). */
    static String truncate(String text, int max) {
        if (width(text) <= max) {
            return text;
        }
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = width(cp);
            if (used + w > max - 1) {
                break;
            }
            cut.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        return cut.toString().stripTrailing() + "\u2026";
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
