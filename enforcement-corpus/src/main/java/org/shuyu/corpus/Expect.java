package org.shuyu.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a case must do on every transport: be ALLOWED (optionally: these masked columns come back non-empty and
 * without a sentinel; the first value of the first row is this) or be REFUSED with this code.
 */
public record Expect(boolean allows, String code, List<String> maskedColumns, Optional<String> firstValue) {
    public Expect {
        Objects.requireNonNull(code, "code");
        maskedColumns = List.copyOf(maskedColumns);
        Objects.requireNonNull(firstValue, "firstValue");
    }

    public static Expect allowed() {
        return new Expect(true, "", List.of(), Optional.empty());
    }

    public static Expect refused(String code) {
        if (!Outcome.REFUSAL_CODES.contains(code) && !code.startsWith("CONNECT_")) {
            throw new IllegalArgumentException("not a refusal code: " + code);
        }
        return new Expect(false, code, List.of(), Optional.empty());
    }

    /** Also: column {@code column} is returned with at least one row (null counts: the null mask), and no value of it holds a sentinel. */
    public Expect masked(String column) {
        requireAllowed();
        List<String> columns = new ArrayList<>(maskedColumns);
        columns.add(column);
        return new Expect(true, code, columns, firstValue);
    }

    /** Also: the first value of the first row, as text, is {@code value} (counts after a row filter, say). */
    public Expect firstValue(String value) {
        requireAllowed();
        return new Expect(true, code, maskedColumns, Optional.of(value));
    }

    private void requireAllowed() {
        if (!allows) {
            throw new IllegalStateException("only an allowed case has rows to check");
        }
    }

    /** Why {@code outcome} does not meet this expectation, or empty when it does. */
    public Optional<String> mismatch(Outcome outcome, LeakDetector detector) {
        if (!allows) {
            if (outcome.kind() != Outcome.Kind.REFUSED) {
                return Optional.of("expected refusal " + code + " but " + outcome);
            }
            return code.equals(outcome.code()) ? Optional.empty()
                    : Optional.of("expected refusal " + code + " but " + outcome);
        }
        if (outcome.kind() != Outcome.Kind.ROWS) {
            return Optional.of("expected it to be allowed but " + outcome);
        }
        for (String column : maskedColumns) {
            List<String> values = outcome.column(column);
            if (values.isEmpty()) { // a nulled column has values (null); an absent column or no rows has none
                return Optional.of("masked column " + column + " has no values in " + outcome);
            }
            for (String value : values) {
                Optional<String> leak = detector.find(value);
                if (leak.isPresent()) {
                    return Optional.of("masked column " + column + " holds sentinel window '" + leak.get() + "'");
                }
            }
        }
        if (firstValue.isPresent()) {
            String actual = outcome.rows().isEmpty() || outcome.rows().get(0).isEmpty() ? null
                    : outcome.rows().get(0).get(0);
            if (!firstValue.get().equals(actual)) {
                return Optional.of("expected first value " + firstValue.get() + " but " + actual);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        if (!allows) {
            return "REFUSED(" + code + ")";
        }
        return "ALLOWED" + (maskedColumns.isEmpty() ? "" : " masked " + maskedColumns)
                + firstValue.map(v -> " first value " + v).orElse("");
    }
}
