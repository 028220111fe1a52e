package org.shuyu.controller.product.check;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.product.check.Fingerprints.add;
import static org.shuyu.controller.product.check.Fingerprints.fold;
import static org.shuyu.controller.product.check.Fingerprints.hash;
import static org.shuyu.controller.product.check.Fingerprints.mul;
import static org.shuyu.controller.product.check.Fingerprints.power;
import static org.shuyu.controller.product.check.Fingerprints.roll;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Keyed fingerprints of the raw values of identifying source columns, for the airlock's {@code NO_RAW_VALUES} check
 * (docs/products.md). It never holds a raw value: each value is folded (trimmed, lower case) and reduced at once to
 * two polynomial hashes modulo 2^61-1 whose bases are drawn at random for this index (a keyed universal hash; without
 * the key a fingerprint says nothing about its value, and the index lives only in memory for one check run).
 *
 * <p>A cell {@link #scan(String) matches} when, folded the same way, the whole cell is a raw value (any length), or
 * when it contains a raw value of at least {@value #MIN_CONTAINED} characters. Containment rolls one window of
 * {@value #MIN_CONTAINED} characters over the cell and tests it against a filter of the values' prefixes; only where
 * a prefix may start (rare in a cell that holds no value) is the window extended through the value lengths, each
 * behind a per-length filter and then the exact lookup. A scan costs O(cell length), plus O(longest value) per
 * prefix candidate, independent of the number of values. Folding case makes hex-like identifiers (and names)
 * match whatever their case.
 *
 * <p>A digest-shaped cell (at least {@value #DIGEST_MIN} hex digits and nothing else, such as the platform's salted
 * SHA-256 mask) is not a raw value: a raw value is counted inside it only at lengths where a chance occurrence in a
 * random hex string is negligible ({@link #CHANCE_PER_CELL}, given how many hex-like values of that length the index
 * holds), so hashes of masked values never trip the check while an 18-digit ID-card number spliced into hex still
 * does. A numeric cell (digits, sign, point) is treated the same way with all-digit values, so a long sum or a
 * fraction does not match a phone number by chance; a whole numeric cell equal to a raw value always matches. Two
 * different strings share a fingerprint with probability about length/2^61 per hash, squared for the pair.
 */
public final class RawValueIndex {
    /** The shortest raw value looked for inside a longer cell (shorter ones only match a whole cell). */
    public static final int MIN_CONTAINED = 6;
    /** The shortest all-hex cell treated as a digest (MD5 has 32 hex digits; the platform's SHA-256 mask 64). */
    static final int DIGEST_MIN = 32;
    /** The highest chance, per digest-shaped cell, of a random match of one value length that is still counted. */
    static final double CHANCE_PER_CELL = 1e-9;

    private final long base1;
    private final long base2;
    /** base1^(length-1), by length: what a character leaving a rolling window weighed. */
    private final long[] tops1;
    /** A filter of the first MIN_CONTAINED characters' h1 of every value at least that long. */
    private final FingerprintTable prefixes;
    /** Tables by value length (index = length); null where no value has that length. */
    private final FingerprintTable[] tables;
    /** The distinct lengths of at least MIN_CONTAINED, ascending. */
    private final int[] containedLengths;
    /** For each length, how many distinct values of that length are hex-like (chance matches inside a digest). */
    private final long[] hexLike;
    /** For each length, how many distinct values of that length are all digits (chance matches inside a number). */
    private final long[] digitsOnly;
    private final List<String> sources;
    private final long values;

    RawValueIndex(RawValueIndexBuilder b) {
        this.base1 = b.base1;
        this.base2 = b.base2;
        this.tables = b.tables;
        this.hexLike = b.hexLike;
        this.digitsOnly = b.digitsOnly;
        this.sources = List.copyOf(b.sources);
        int[] lengths = new int[tables.length];
        int n = 0;
        long count = 0;
        for (int len = 0; len < tables.length; len++) {
            if (tables[len] != null) {
                count += tables[len].size();
                if (len >= MIN_CONTAINED) {
                    lengths[n++] = len;
                }
            }
        }
        this.containedLengths = Arrays.copyOf(lengths, n);
        this.values = count;
        this.prefixes = b.prefixFilter();
        this.tops1 = new long[Math.max(tables.length, MIN_CONTAINED + 1)];
        for (int len = 1; len < tops1.length; len++) {
            tops1[len] = power(base1, len - 1);
            if (len < tables.length && tables[len] != null) {
                tables[len].seal();
            }
        }
    }

    /** A builder whose key (the two hash bases) is drawn from {@code random}: pass a SecureRandom outside tests. */
    public static RawValueIndexBuilder builder(Random random) {
        return new RawValueIndexBuilder(random);
    }

    /** How many distinct (folded) raw values the index holds. */
    public long size() {
        return values;
    }

    /** The source columns ({@code dataset.column}) whose values were added, in the order they were first named. */
    public List<String> sources() {
        return sources;
    }

    /** How a cell matched: the source column of the value found, and whether it was the whole cell. */
    public record Match(String source, boolean whole) {
        public Match {
            requireNonNull(source, "source is null");
        }
    }

    /** The first raw value found in {@code cell} (whole cell first), naming only its source column. */
    public Optional<Match> scan(String cell) {
        return scan(cell, new Scratch());
    }

    /** A reusable buffer for {@link #scan(String, Scratch)} on one thread. */
    public static final class Scratch {
        private char[] folded = new char[64];
    }

    public Optional<Match> scan(String cell, Scratch scratch) {
        List<Match> found = new ArrayList<>(1);
        search(cell, scratch, false, found);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Every distinct source whose value the cell is or contains (for the evidence of a cell already found: a hit is
     * rare, so looking on after the first costs nothing in a clean snapshot).
     */
    public List<Match> scanAll(String cell, Scratch scratch) {
        List<Match> found = new ArrayList<>(2);
        search(cell, scratch, true, found);
        return found;
    }

    private void search(String cell, Scratch scratch, boolean all, List<Match> found) {
        int start = 0;
        int end = cell.length();
        while (start < end && Character.isWhitespace(cell.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(cell.charAt(end - 1))) {
            end--;
        }
        int n = end - start;
        if (n == 0) {
            return;
        }
        if (scratch.folded.length < n) {
            scratch.folded = new char[Math.max(n, scratch.folded.length * 2)];
        }
        char[] s = scratch.folded;
        boolean allHex = true;
        boolean numeric = true;
        for (int i = 0; i < n; i++) {
            char c = fold(cell.charAt(start + i));
            s[i] = c;
            boolean digit = c >= '0' && c <= '9';
            allHex &= digit || (c >= 'a' && c <= 'f');
            numeric &= digit || c == '.' || c == '-' || c == '+';
        }
        if (n < tables.length && tables[n] != null) {
            int source = tables[n].find(hash(s, 0, n, base1), hash(s, 0, n, base2));
            if (source >= 0) {
                found.add(new Match(sources.get(source), true));
                if (!all) {
                    return;
                }
            }
        }
        if (containedLengths.length == 0 || n <= MIN_CONTAINED) {
            return;
        }
        // Random-looking cells: only value lengths a chance occurrence cannot explain are counted inside them.
        long[] shape = numeric ? digitsOnly : allHex && n >= DIGEST_MIN ? hexLike : null;
        boolean[] counted = shape == null ? null : new boolean[Math.min(n, tables.length)];
        if (shape != null) {
            boolean any = false;
            for (int len : containedLengths) {
                if (len < counted.length) {
                    counted[len] = chance(shape[len], numeric ? 10 : 16, len, n) <= CHANCE_PER_CELL;
                    any |= counted[len];
                }
            }
            if (!any) {
                return;
            }
        }
        // One rolling window of MIN_CONTAINED characters: where it is the prefix of some value (rarely, in cells that
        // hold none), the window is extended one character at a time through every value length.
        long p1 = hash(s, 0, MIN_CONTAINED, base1);
        long top = tops1[MIN_CONTAINED];
        for (int i = 0; ; i++) {
            if (prefixes.mayContain(p1) && extend(s, n, i, p1, counted, all, found) && !all) {
                return;
            }
            if (i + MIN_CONTAINED >= n) {
                return;
            }
            p1 = roll(p1, s[i], s[i + MIN_CONTAINED], top, base1);
        }
    }

    /**
     * Adds the source of a value that starts at {@code i} inside the cell (shorter than the cell), of every such value
     * when {@code all}; p1 hashes its prefix. Whether one was found.
     */
    private boolean extend(char[] s, int n, int i, long p1, boolean[] counted, boolean all, List<Match> found) {
        boolean any = false;
        long h1 = p1;
        long h2 = hash(s, i, i + MIN_CONTAINED, base2);
        int longest = Math.min(Math.min(n - 1, n - i), tables.length - 1);
        for (int len = MIN_CONTAINED; len <= longest; len++) {
            if (len > MIN_CONTAINED) {
                h1 = add(mul(h1, base1), s[i + len - 1]);
                h2 = add(mul(h2, base2), s[i + len - 1]);
            }
            FingerprintTable table = tables[len];
            if (table != null && (counted == null || counted[len]) && table.mayContain(h1)) {
                int source = table.find(h1, h2);
                if (source >= 0) {
                    Match match = new Match(sources.get(source), false);
                    any = true;
                    if (!found.contains(match)) {
                        found.add(match);
                    }
                    if (!all) {
                        return true;
                    }
                }
            }
        }
        return any;
    }

    /** The chance that a random string of length n over {@code radix} symbols contains one of {@code values}. */
    private static double chance(long values, int radix, int len, int n) {
        return values == 0 ? 0 : values * (double) (n - len + 1) * Math.pow(radix, -len);
    }
}
