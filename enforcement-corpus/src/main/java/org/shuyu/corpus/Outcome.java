package org.shuyu.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one statement did on one transport, in transport-neutral terms: rows (column names and values as text),
 * a refusal by the enforcement (its code and message), or another failure (its message).
 */
public record Outcome(Kind kind, List<String> columns, List<List<String>> rows, String code, String message) {
    public enum Kind { ROWS, REFUSED, FAILED }

    /** The enforcement's refusal codes (compute-jobs' JobsErrorCode, category REFUSAL, plus what Connect adds). */
    public static final List<String> REFUSAL_CODES = List.of("ACCESS_DENIED", "SETTING_LOCKED",
            "PATH_OUTSIDE_WORKSPACE", "COMMAND_NOT_ALLOWED", "POLICY_UNAVAILABLE", "AUTHORIZATION_ERROR",
            "LINEAGE_UNSUPPORTED", "READ_OPTIONS_NOT_ALLOWED", "ACCESS_REVOKED", "NO_IDENTITY");
    private static final Pattern CODE = Pattern.compile("\\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\\b");

    public Outcome {
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> Collections.unmodifiableList(new ArrayList<>(r))).toList();
        code = code == null ? "" : code;
        message = message == null ? "" : message;
    }

    public static Outcome rows(List<String> columns, List<List<String>> rows) {
        return new Outcome(Kind.ROWS, columns, rows, "", "");
    }

    public static Outcome refused(String code, String message) {
        return new Outcome(Kind.REFUSED, List.of(), List.of(), code, message);
    }

    public static Outcome failed(String message) {
        return new Outcome(Kind.FAILED, List.of(), List.of(), "", message);
    }

    /**
     * From an error message of a transport that carries the code only as text (Spark Connect): refused with the first
     * refusal code named in it, otherwise failed. A code is any upper-case word with underscores that is one of
     * {@link #REFUSAL_CODES} or starts with {@code CONNECT_} (the Connect guard's own codes).
     */
    public static Outcome fromMessage(String message) {
        Optional<String> code = refusalCodeIn(message);
        return code.map(c -> refused(c, message)).orElseGet(() -> failed(message));
    }

    /** The first refusal code named in {@code message}. */
    public static Optional<String> refusalCodeIn(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = CODE.matcher(message);
        while (m.find()) {
            String word = m.group(1);
            if (REFUSAL_CODES.contains(word) || word.startsWith("CONNECT_")) {
                return Optional.of(word);
            }
        }
        return Optional.empty();
    }

    /** Values of one column (null values as null), or empty when the column is absent. */
    public List<String> column(String name) {
        int index = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (List<String> row : rows) {
            out.add(row.get(index));
        }
        return out;
    }

    /** Everything this outcome carries as text (for the leak detector). */
    public String text() {
        return kind + " " + code + " " + message + " " + columns + " " + rows;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ROWS -> "rows " + rows.size() + " " + columns;
            case REFUSED -> "refused " + code + ": " + message;
            case FAILED -> "failed: " + message;
        };
    }
}
