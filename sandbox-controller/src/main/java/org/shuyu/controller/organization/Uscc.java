package org.shuyu.controller.organization;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;

/**
 * A unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from the code's 31-character
 * set (digits and upper-case letters without I, O, S, V, Z). Position 1 is the registration authority,
 * 2 the organization type, 3-8 the administrative division code, 9-17 the organization code, and 18 the
 * check character: {@code 31 - (sum of value(c_i) * 3^(i-1) mod 31) mod 31}, weights taken mod 31.
 * The organization code's own GB 11714 check character is not verified.
 */
public record Uscc(String value) {
    private static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    public Uscc {
        requireNonNull(value, "value is null");
        String problem = problem(value);
        if (problem != null) {
            throw new SandboxException(ErrorCode.INVALID_USCC, "'" + value + "' is not a valid unified social credit code: " + problem);
        }
    }

    /** Parses a code, accepting lower-case letters and surrounding blanks. */
    public static Uscc parse(String text) {
        requireNonNull(text, "text is null");
        return new Uscc(text.strip().toUpperCase(Locale.ROOT));
    }

    public static boolean isValid(String value) {
        return value != null && problem(value) == null;
    }

    /** The check character the first 17 characters call for. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = CHARSET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("'" + first17.charAt(i) + "' is not a USCC character");
            }
            sum += v * WEIGHTS[i];
        }
        return CHARSET.charAt((31 - sum % 31) % 31);
    }

    private static String problem(String value) {
        if (value.length() != 18) {
            return "it must have 18 characters, it has " + value.length();
        }
        for (int i = 0; i < 18; i++) {
            if (CHARSET.indexOf(value.charAt(i)) < 0) {
                return "character " + (i + 1) + " ('" + value.charAt(i) + "') is not allowed (digits and A-Y without I, O, S, V)";
            }
        }
        for (int i = 2; i < 8; i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return "characters 3-8 must be an administrative division code";
            }
        }
        char expected = checkCharacter(value.substring(0, 17));
        if (value.charAt(17) != expected) {
            return "the check character is wrong";
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
