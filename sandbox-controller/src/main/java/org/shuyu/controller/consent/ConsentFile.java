package org.shuyu.controller.consent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * A consent file (R-21b): CSV with the header {@code subjectId,granted,evidence} and one line per data subject.
 * Fields may be quoted ({@code "..."}, a quote inside doubled); {@code granted} is {@code true} or {@code false}
 * ({@code false} records a withdrawal). {@link #parse} is all or nothing: the first bad line is refused with its line
 * number and no row is returned. {@link #parsePartial} (issue 19) checks every line and returns the good rows and,
 * for each bad line, its number and a code, without the line's content; the file itself (empty, wrong header, too many
 * lines) is still refused whole.
 */
public final class ConsentFile {
    /** The most data rows one upload may apply. */
    public static final int MAX_ROWS = 5000;
    static final List<String> HEADER = List.of("subjectId", "granted", "evidence");

    /** The most data lines one upload in partial mode may hold (the 1 MiB body limit usually comes first). */
    public static final int MAX_PARTIAL_ROWS = 20_000;

    /** One data row and the line (1-based, the header is line 1) it came from. */
    public record Row(int line, String subjectId, boolean granted, String evidence) {}

    /**
     * A refused line: its number, the row code, the field at fault ({@code line} when it is the line's shape) and
     * a fixed reason. Never the line's content: the report is written to the console, logs and proxies of the caller.
     */
    public record RefusedRow(int line, ErrorCode code, String field, String reason) {}

    /** The good rows of a file checked line by line, and the refused lines in line order. */
    public record Partial(List<Row> rows, List<RefusedRow> refused) {
        public Partial {
            rows = List.copyOf(rows);
            refused = List.copyOf(refused);
        }
    }

    private ConsentFile() {}

    public static List<Row> parse(String text) {
        String[] lines = lines(text);
        int first = headerLine(lines);
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = first + 1; i < lines.length; i++) {
            int line = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            if (rows.size() == MAX_ROWS) {
                throw new SandboxException(ErrorCode.CONSENT_FILE_TOO_LARGE, "a consent file may hold at most " + MAX_ROWS
                        + " subjects; line " + line + " is one more: split the file");
            }
            List<String> f = fields(lines[i], line);
            if (f.size() != 3) {
                throw malformed(line, "expected 3 fields (subjectId,granted,evidence), got " + f.size());
            }
            String subject = f.get(0).strip();
            if (!ConsentService.validSubject(subject)) {
                throw malformed(line, "subject id must be 1-200 letters, digits or . _ : / -, got '" + abbreviate(subject) + "'");
            }
            String granted = f.get(1).strip().toLowerCase(Locale.ROOT);
            if (!granted.equals("true") && !granted.equals("false")) {
                throw malformed(line, "granted must be true or false, got '" + abbreviate(f.get(1).strip()) + "'");
            }
            String evidence = f.get(2).strip();
            if (!ConsentService.validEvidence(evidence)) {
                throw malformed(line, "evidence (where the consent or its withdrawal is documented) must be 1-500 characters");
            }
            Integer earlier = seen.putIfAbsent(subject, line);
            if (earlier != null) {
                throw new SandboxException(ErrorCode.CONSENT_FILE_DUPLICATE_SUBJECT, "line " + line + ": subject " + subject
                        + " is already on line " + earlier + "; a file names each subject once");
            }
            rows.add(new Row(line, subject, granted.equals("true"), evidence));
        }
        if (rows.isEmpty()) {
            throw new SandboxException(ErrorCode.CONSENT_FILE_EMPTY, "the consent file has a header but no subject line");
        }
        return List.copyOf(rows);
    }

    /**
     * Checks every data line (issue 19): good rows are returned, each bad line is reported with its number and code.
     * A subject on several lines is refused on all of them. Refused whole as in {@link #parse}: no text, no header,
     * a wrong header, no data line, more than {@link #MAX_PARTIAL_ROWS} data lines.
     */
    public static Partial parsePartial(String text) {
        String[] lines = lines(text);
        int first = headerLine(lines);
        List<Row> candidates = new ArrayList<>();
        List<RefusedRow> refused = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        int data = 0;
        for (int i = first + 1; i < lines.length; i++) {
            int line = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            if (++data > MAX_PARTIAL_ROWS) {
                throw new SandboxException(ErrorCode.CONSENT_FILE_TOO_LARGE, "a consent file may hold at most "
                        + MAX_PARTIAL_ROWS + " subject lines in partial mode; line " + line + " is one more: split the file");
            }
            List<String> f;
            try {
                f = fields(lines[i], line);
            } catch (SandboxException e) {
                refused.add(new RefusedRow(line, ErrorCode.CONSENT_ROW_QUOTING, "line",
                        "a quote may only start a field or be doubled inside it, and must be closed on its line"));
                continue;
            }
            if (f.size() != 3) {
                refused.add(new RefusedRow(line, ErrorCode.CONSENT_ROW_FIELD_COUNT, "line",
                        "expected 3 fields (subjectId,granted,evidence), got " + f.size()));
                continue;
            }
            String subject = f.get(0).strip();
            if (!ConsentService.validSubject(subject)) {
                refused.add(new RefusedRow(line, ErrorCode.CONSENT_ROW_SUBJECT_INVALID, "subjectId",
                        "subject id must be 1-200 letters, digits or . _ : / -"));
                continue;
            }
            String granted = f.get(1).strip().toLowerCase(Locale.ROOT);
            if (!granted.equals("true") && !granted.equals("false")) {
                refused.add(new RefusedRow(line, ErrorCode.CONSENT_ROW_GRANTED_INVALID, "granted", "granted must be true or false"));
                continue;
            }
            String evidence = f.get(2).strip();
            if (!ConsentService.validEvidence(evidence)) {
                refused.add(new RefusedRow(line, ErrorCode.CONSENT_ROW_EVIDENCE_INVALID, "evidence",
                        "evidence (where the consent or its withdrawal is documented) must be 1-500 characters"));
                continue;
            }
            occurrences.merge(subject, 1, Integer::sum);
            candidates.add(new Row(line, subject, granted.equals("true"), evidence));
        }
        if (data == 0) {
            throw new SandboxException(ErrorCode.CONSENT_FILE_EMPTY, "the consent file has a header but no subject line");
        }
        List<Row> rows = new ArrayList<>();
        for (Row row : candidates) {
            if (occurrences.get(row.subjectId()) > 1) {
                refused.add(new RefusedRow(row.line(), ErrorCode.CONSENT_ROW_DUPLICATE_SUBJECT, "subjectId",
                        "this subject is named on " + occurrences.get(row.subjectId()) + " lines; none of them is applied"));
            } else {
                rows.add(row);
            }
        }
        refused.sort(Comparator.comparingInt(RefusedRow::line));
        return new Partial(rows, refused);
    }

    private static String[] lines(String text) {
        if (text == null) {
            throw new SandboxException(ErrorCode.CONSENT_FILE_EMPTY, "the consent file is empty");
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte order mark from spreadsheet exports
        return body.split("\r?\n", -1);
    }

    /** The index of the header line, checked; refuses a file without one. */
    private static int headerLine(String[] lines) {
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            throw new SandboxException(ErrorCode.CONSENT_FILE_EMPTY, "the consent file is empty; expected the header "
                    + String.join(",", HEADER) + " and one line per subject");
        }
        List<String> header = fields(lines[first], first + 1).stream().map(String::strip).toList();
        if (!header.equals(HEADER)) {
            throw malformed(first + 1, "the header must be " + String.join(",", HEADER) + ", got " + String.join(",", header));
        }
        return first;
    }

    /** The fields of one CSV line (RFC 4180 quoting; a field does not span lines). */
    static List<String> fields(String line, int number) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        boolean wasQuoted = false;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"') {
                if (wasQuoted || !field.toString().isBlank()) {
                    throw malformed(number, "a quote (\") may only start a field or be doubled inside a quoted field");
                }
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw malformed(number, "text after the closing quote of a field");
            } else if (!wasQuoted) {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw malformed(number, "a quoted field is not closed on its line");
        }
        out.add(field.toString());
        return out;
    }

    private static SandboxException malformed(int line, String message) {
        return new SandboxException(ErrorCode.CONSENT_FILE_MALFORMED, "line " + line + ": " + message);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
