package org.shuyu.controller.owndata;

import java.util.Optional;
import java.util.regex.Pattern;
import org.shuyu.controller.organization.Uscc;

/**
 * The identifying patterns the import airlock looks for in columns not declared identifying (R-19c): a value that is
 * one of them makes the column identifying whatever its declaration says. Each pattern is named; only the name is
 * ever reported, never the value that matched.
 */
final class IdentifyingPatterns {
    private static final Pattern RESIDENT_ID = Pattern.compile("[1-9]\\d{5}(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[0-9Xx]");
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";
    private static final Pattern MOBILE = Pattern.compile("(\\+?86[- ]?)?1[3-9]\\d{9}");
    private static final Pattern USCC = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}");
    private static final Pattern CARD = Pattern.compile("\\d{16,19}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}");

    private IdentifyingPatterns() {}

    /** The name of the identifying pattern {@code value} is, if any (resident ID, mobile, USCC, bank card, e-mail). */
    static Optional<String> match(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.length() < 6 || v.length() > 320) {
            return Optional.empty();
        }
        if (v.length() == 18 && RESIDENT_ID.matcher(v).matches() && residentIdChecksum(v)) {
            return Optional.of("resident-id");
        }
        if (v.length() == 18 && USCC.matcher(v).matches() && Uscc.isValid(v)) {
            return Optional.of("uscc");
        }
        if (MOBILE.matcher(v).matches()) {
            return Optional.of("mobile-phone");
        }
        if (CARD.matcher(v).matches() && luhn(v)) {
            return Optional.of("bank-card");
        }
        if (v.indexOf('@') > 0 && EMAIL.matcher(v).matches()) {
            return Optional.of("email");
        }
        return Optional.empty();
    }

    /** GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the first 17 digits. */
    static boolean residentIdChecksum(String id) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return Character.toUpperCase(id.charAt(17)) == ID_CHECK.charAt(sum % 11);
    }

    /** The Luhn check of a card number. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
