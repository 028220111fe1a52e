package org.shuyu.corpus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a sentinel in any text that leaves the platform: whole, as any 6-character window, reversed, in hex or in
 * base64 (case-insensitive). The windows are computed once; {@link #find(String)} is a plain substring search.
 */
public final class LeakDetector {
    public static final int WINDOW = 6;

    private final List<String> windows;

    public LeakDetector(List<String> sentinels, List<String> wholeNumbers) {
        List<String> forms = new ArrayList<>();
        for (String sentinel : sentinels) {
            byte[] utf8 = sentinel.getBytes(StandardCharsets.UTF_8);
            forms.add(sentinel);
            forms.add(new StringBuilder(sentinel).reverse().toString());
            forms.add(HexFormat.of().formatHex(utf8));
            // base64 of all but the last four characters, which the partial mask shows on purpose
            forms.add(Base64.getEncoder().encodeToString(sentinel.substring(0, sentinel.length() - 4)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        List<String> out = new ArrayList<>();
        for (String form : forms) {
            boolean hex = form.matches("[0-9a-f]+");
            int width = hex ? 2 * WINDOW : WINDOW; // hex: six bytes
            for (int i = 0; i + width <= form.length(); i++) {
                String window = form.substring(i, i + width).toLowerCase(Locale.ROOT);
                // a short window of hex digits only (from base64, say) cannot be told apart from a hash mask's output
                if (hex || !window.matches("[0-9a-f]+")) {
                    out.add(window);
                }
            }
        }
        for (String number : wholeNumbers) {
            out.add(number.toLowerCase(Locale.ROOT));
        }
        windows = List.copyOf(out);
    }

    /** The detector of the corpus's {@link SentinelData}: every sentinel, the number sentinel and its integer part. */
    public static LeakDetector corpus() {
        String number = SentinelData.NUMBER_SENTINEL;
        return new LeakDetector(SentinelData.SENTINELS, List.of(number, number.substring(0, number.indexOf('.'))));
    }

    /**
     * ISO-8601 instants the platform writes (event, audit and job times) are its own clock readings, never data; their
     * digits and {@code Z} can spell a sentinel's window (".909419900Z" holds "19900Z"), so they are not scanned.
     */
    private static final Pattern INSTANT = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");

    /** The first sentinel window found in {@code text}, if any. */
    public Optional<String> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String lower = INSTANT.matcher(text).replaceAll("<time>").toLowerCase(Locale.ROOT);
        return windows.stream().filter(lower::contains).findFirst();
    }

    /** Throws an AssertionError naming the channel, the statement and the window found in {@code text}. */
    public void assertNoLeak(String channel, String statement, String text) {
        Optional<String> found = find(text);
        if (found.isPresent()) {
            throw new AssertionError("sentinel window '" + found.get() + "' in " + channel + " of: " + statement
                    + System.lineSeparator() + text);
        }
    }

    public int windowCount() {
        return windows.size();
    }
}
