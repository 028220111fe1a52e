package org.shuyu.controller.quality;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * The checks on the free texts of a quality request (target, description, evidence, notes). A request describes a
 * problem, never the data: a text that looks like it carries data values is refused with QUALITY_VALUES_IN_TEXT. The
 * heuristic (docs/quality-requests.md): after dates (yyyy-mm-dd) are set aside, any run of 7 or more digits (single
 * spaces or hyphens between them allowed) is a value (identity-card numbers, mobile and landline numbers, bank cards,
 * credit codes); so is an e-mail address. Shorter numbers (counts, years, thresholds, percentages) are fine.
 */
final class QualityTexts {
    static final int TARGET_MAX = 500;
    static final int TEXT_MAX = 2000;
    private static final Pattern DATE = Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}\\b");
    private static final Pattern LONG_NUMBER = Pattern.compile("\\d(?:[ -]?\\d){6,}");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private QualityTexts() {}

    /** Whether the text looks like it carries a data value (see the class comment). */
    static boolean carriesValues(String text) {
        String withoutDates = DATE.matcher(text).replaceAll(" ");
        return LONG_NUMBER.matcher(withoutDates).find() || EMAIL.matcher(withoutDates).find();
    }

    /** The stripped text, 1 to {@code max} characters and free of values; the field is named in the refusal. */
    static String required(String field, String text, int max) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.length() > max) {
            throw new SandboxException(ErrorCode.QUALITY_TEXT_INVALID, field + " must be 1-" + max + " characters");
        }
        return valueFree(field, t);
    }

    /** The stripped text (possibly empty), at most {@code max} characters and free of values. */
    static String optional(String field, String text, int max) {
        String t = text == null ? "" : text.strip();
        if (t.length() > max) {
            throw new SandboxException(ErrorCode.QUALITY_TEXT_INVALID, field + " must be at most " + max + " characters");
        }
        return valueFree(field, t);
    }

    private static String valueFree(String field, String t) {
        if (carriesValues(t)) {
            throw new SandboxException(ErrorCode.QUALITY_VALUES_IN_TEXT, field + " looks like it contains a data value (a long"
                    + " number or an e-mail address); describe the problem without the data");
        }
        return t;
    }

    /** A SHA-256 in lower-case hex, if one is given; QUALITY_TEXT_INVALID if it is not one. */
    static Optional<String> sha256(String field, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(v).matches()) {
            throw new SandboxException(ErrorCode.QUALITY_TEXT_INVALID, field + " must be a SHA-256 (64 hex digits)");
        }
        return Optional.of(v);
    }

    /** The target kind named by {@code kind}; QUALITY_TARGET_INVALID if it is none. */
    static TargetKind kind(String kind) {
        if (kind != null) {
            for (TargetKind k : TargetKind.values()) {
                if (k.name().equalsIgnoreCase(kind.strip())) {
                    return k;
                }
            }
        }
        throw new SandboxException(ErrorCode.QUALITY_TARGET_INVALID, "targetKind must be one of " + List.of(TargetKind.values()));
    }
}
