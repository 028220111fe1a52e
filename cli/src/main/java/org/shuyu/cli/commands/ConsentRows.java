package org.shuyu.cli.commands;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shuyu.cli.support.CliException;

/**
 * The rows of a bulk consent import ({@code shuyu consents import}), each with the line it starts on so a bad row
 * can be named. CSV (RFC 4180: a header line, then one record per line; quoted fields may hold commas, quotes and
 * line breaks) or a YAML/JSON list of objects. Columns/fields: {@code subjectId} (also {@code subject},
 * {@code subject_id}), {@code granted} ({@code true/false}, {@code granted/withdrawn}, {@code yes/no}, {@code 1/0};
 * also named {@code consent} or {@code status}) and {@code evidence}. A file whose header or shape is wrong is a usage
 * error (nothing is sent); a row with a bad value is a {@link Row} with an {@link Row#error()}, reported and skipped.
 */
final class ConsentRows {
    /** One row: where it starts, its values, or why it cannot be sent. */
    record Row(int line, String subjectId, Boolean granted, String evidence, String error) {
        boolean valid() {
            return error == null;
        }
    }

    private static final Map<String, String> NAMES = Map.of(
            "subjectid", "subjectId", "subject", "subjectId", "subject_id", "subjectId", "subject-id", "subjectId",
            "granted", "granted", "consent", "granted", "status", "granted",
            "evidence", "evidence");

    private ConsentRows() {}

    /** The rows of {@code text}: CSV, unless the file name or the content says YAML/JSON. */
    static List<Row> parse(String text, String source) {
        String name = source.toLowerCase(Locale.ROOT);
        String start = text.stripLeading();
        boolean structured = name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")
                || start.startsWith("[") || start.startsWith("- ") || start.startsWith("-\n");
        if (text.isBlank()) {
            throw CliException.usage("INPUT_MALFORMED", source + " is empty");
        }
        return structured ? structured(text, source) : csv(text, source);
    }

    // ------------------------------------------------------------------------------------------- CSV

    static List<Row> csv(String text, String source) {
        List<Record> records = records(text, source);
        if (records.isEmpty()) {
            throw CliException.usage("INPUT_MALFORMED", source + " has no header line");
        }
        Record header = records.get(0);
        List<String> fields = new ArrayList<>();
        for (String cell : header.cells()) {
            String canonical = NAMES.get(cell.strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT));
            if (canonical == null) {
                throw CliException.usage("INPUT_MALFORMED", source + " line " + header.line() + ": unknown column '"
                        + cell.strip() + "'; the header names subjectId, granted and evidence");
            }
            if (fields.contains(canonical)) {
                throw CliException.usage("INPUT_MALFORMED", source + " line " + header.line() + ": column "
                        + canonical + " appears twice");
            }
            fields.add(canonical);
        }
        for (String required : List.of("subjectId", "granted")) {
            if (!fields.contains(required)) {
                throw CliException.usage("INPUT_MALFORMED", source + " line " + header.line() + ": no " + required
                        + " column; the header names subjectId, granted and evidence");
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Record record : records.subList(1, records.size())) {
            if (record.cells().size() == 1 && record.cells().get(0).isBlank()) {
                continue; // a blank line
            }
            if (record.cells().size() != fields.size()) {
                rows.add(new Row(record.line(), null, null, null, "has " + record.cells().size() + " field(s), the header "
                        + fields.size()));
                continue;
            }
            String subject = record.cells().get(fields.indexOf("subjectId")).strip();
            String granted = record.cells().get(fields.indexOf("granted")).strip();
            String evidence = fields.contains("evidence") ? record.cells().get(fields.indexOf("evidence")).strip() : null;
            rows.add(row(record.line(), subject, granted, evidence));
        }
        return rows;
    }

    /** A CSV record and the line it starts on. */
    record Record(int line, List<String> cells) {}

    /** RFC 4180 records, with the (1-based) line each starts on; CRLF or LF. */
    static List<Record> records(String text, String source) {
        List<Record> records = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean cellWasQuoted = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && cell.isEmpty() && !cellWasQuoted) {
                quoted = true;
                cellWasQuoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                cellWasQuoted = false;
            } else if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                // CR of a CRLF: the LF ends the record
            } else if (c == '\n') {
                cells.add(cell.toString());
                records.add(new Record(recordLine, List.copyOf(cells)));
                cells.clear();
                cell.setLength(0);
                cellWasQuoted = false;
                line++;
                recordLine = line;
            } else if (cellWasQuoted) {
                throw CliException.usage("INPUT_MALFORMED", source + " line " + line
                        + ": text after a closing quote (write a quote inside a quoted field as \"\")");
            } else {
                cell.append(c);
            }
            i++;
        }
        if (quoted) {
            throw CliException.usage("INPUT_MALFORMED", source + " line " + recordLine + ": a quoted field is not closed");
        }
        if (!cell.isEmpty() || !cells.isEmpty() || cellWasQuoted) {
            cells.add(cell.toString());
            records.add(new Record(recordLine, List.copyOf(cells)));
        }
        return records;
    }

    // ------------------------------------------------------------------------------------------- YAML / JSON

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<Row> structured(String text, String source) {
        List<Row> rows = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw CliException.usage("INPUT_MALFORMED", source + ": expected a list of consents"
                        + " (- subjectId: ..., granted: ..., evidence: ...)");
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode item = YAML.readTree(parser);
                if (item == null || !item.isObject()) {
                    rows.add(new Row(line, null, null, null, "is not an object"));
                    continue;
                }
                Set<String> unknown = new LinkedHashSet<>();
                item.fieldNames().forEachRemaining(f -> {
                    if (!NAMES.containsKey(f.toLowerCase(Locale.ROOT))) {
                        unknown.add(f);
                    }
                });
                if (!unknown.isEmpty()) {
                    rows.add(new Row(line, null, null, null, "unknown field(s) " + unknown
                            + "; known: subjectId, granted, evidence"));
                    continue;
                }
                rows.add(row(line, field(item, "subjectId").orElse(""), field(item, "granted").orElse(""),
                        field(item, "evidence").orElse(null)));
            }
        } catch (IOException e) {
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                    ? " (line " + p.getLocation().getLineNr() + ")" : "";
            throw CliException.usage("INPUT_MALFORMED", source + ": " + e.getMessage().lines().findFirst().orElse("malformed")
                    + where);
        }
        return rows;
    }

    /** A field by any of its accepted names. */
    private static Optional<String> field(JsonNode item, String canonical) {
        var names = item.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (canonical.equals(NAMES.get(name.toLowerCase(Locale.ROOT))) && !item.get(name).isNull()) {
                return Optional.of(item.get(name).asText().strip());
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------- values

    private static Row row(int line, String subject, String granted, String evidence) {
        if (subject.isEmpty()) {
            return new Row(line, subject, null, evidence, "no subject id");
        }
        Boolean value = granted(granted);
        if (value == null) {
            return new Row(line, subject, null, evidence, "granted must be true/false, granted/withdrawn, yes/no or"
                    + " 1/0, got '" + granted + "'");
        }
        return new Row(line, subject, value, evidence == null || evidence.isEmpty() ? null : evidence, null);
    }

    static Boolean granted(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "granted", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "withdrawn", "no", "n", "0" -> Boolean.FALSE;
            default -> null;
        };
    }
}
