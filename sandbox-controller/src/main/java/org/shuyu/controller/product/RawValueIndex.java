package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

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

    private static final long M61 = (1L << 61) - 1;

    private final long base1;
    private final long base2;
    /** base1^(length-1), by length: what a character leaving a rolling window weighed. */
    private final long[] tops1;
    /** A filter of the first MIN_CONTAINED characters' h1 of every value at least that long. */
    private final Table prefixes;
    /** Tables by value length (index = length); null where no value has that length. */
    private final Table[] tables;
    /** The distinct lengths of at least MIN_CONTAINED, ascending. */
    private final int[] containedLengths;
    /** For each length, how many distinct values of that length are hex-like (chance matches inside a digest). */
    private final long[] hexLike;
    /** For each length, how many distinct values of that length are all digits (chance matches inside a number). */
    private final long[] digitsOnly;
    private final List<String> sources;
    private final long values;

    private RawValueIndex(Builder b) {
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
                count += tables[len].size;
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
    public static Builder builder(Random random) {
        return new Builder(random);
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
            Table table = tables[len];
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

    private static long roll(long h, char out, char in, long top, long base) {
        long without = h - mul(out, top);
        if (without < 0) {
            without += M61;
        }
        return add(mul(without, base), in);
    }

    static char fold(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(c);
    }

    private static long hash(char[] s, int from, int to, long base) {
        long h = 0;
        for (int i = from; i < to; i++) {
            h = add(mul(h, base), s[i]);
        }
        return h;
    }

    private static long power(long base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result = mul(result, base);
        }
        return result;
    }

    private static long add(long a, long b) {
        long r = a + b;
        return r >= M61 ? r - M61 : r;
    }

    /** a * b mod 2^61-1, for a, b below 2^61. */
    private static long mul(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        long r = (lo & M61) + (lo >>> 61) + (hi << 3);
        r = (r & M61) + (r >>> 61);
        return r >= M61 ? r - M61 : r;
    }

    /** Adds raw values; each is folded and fingerprinted at once and not kept. */
    public static final class Builder {
        private final long base1;
        private final long base2;
        private Table[] tables = new Table[32];
        private long[] hexLike = new long[32];
        private long[] digitsOnly = new long[32];
        private long[] prefixHashes = new long[1024];
        private int prefixCount;
        private final List<String> sources = new java.util.ArrayList<>();
        private final Map<String, Integer> sourceIndex = new HashMap<>();
        private final Map<Integer, Rarity> rarities = new TreeMap<>();
        private char[] buffer = new char[64];
        private boolean built;

        private Builder(Random random) {
            requireNonNull(random, "random is null");
            this.base1 = 256 + Math.floorMod(random.nextLong(), M61 - 512);
            this.base2 = 256 + Math.floorMod(random.nextLong(), M61 - 512);
        }

        /** Adds a raw value of {@code source} ({@code dataset.column}); blank values are ignored. */
        public Builder add(String source, String value) {
            requireNonNull(source, "source is null");
            if (value == null) {
                return this;
            }
            int n = fold(value);
            if (n > 0 && !shortNumber(n)) {
                put(index(source), n);
            }
            return this;
        }

        /**
         * Adds a quasi-identifier's value only if, over everything added for {@code source} this way, it belongs to
         * fewer than {@code k} distinct subjects (rows, when {@code subject} is null): a value shared by k subjects
         * singles nobody out, a rarer one does. Call {@link #build()} after the last value.
         */
        public Builder addRare(String source, String value, String subject, int k) {
            requireNonNull(source, "source is null");
            if (value == null) {
                return this;
            }
            int n = fold(value);
            if (n == 0 || shortNumber(n)) {
                return this;
            }
            int index = index(source);
            Rarity rarity = rarities.computeIfAbsent(index, i -> new Rarity(k));
            long v1 = hash(buffer, 0, n, base1);
            long v2 = hash(buffer, 0, n, base2);
            Fingerprint fingerprint = new Fingerprint(n, v1, v2, hexLike(n), digitsOnly(n),
                    n >= MIN_CONTAINED ? hash(buffer, 0, MIN_CONTAINED, base1) : -1L);
            if (subject == null) {
                rarity.counts.merge(fingerprint, 1, Integer::sum);
            } else {
                int m = fold(subject);
                Fingerprint pair = new Fingerprint(m, v1 ^ mul(hash(buffer, 0, m, base1), 31),
                        v2 ^ mul(hash(buffer, 0, m, base2), 37), false, false, -1L);
                if (rarity.seen.add(pair)) {
                    rarity.counts.merge(fingerprint, 1, Integer::sum);
                }
            }
            return this;
        }

        public RawValueIndex build() {
            if (built) {
                throw new IllegalStateException("already built");
            }
            built = true;
            for (Map.Entry<Integer, Rarity> e : rarities.entrySet()) {
                Rarity rarity = e.getValue();
                for (Map.Entry<Fingerprint, Integer> value : rarity.counts.entrySet()) {
                    if (value.getValue() < rarity.k) {
                        Fingerprint f = value.getKey();
                        if (table(f.length()).insert(f.h1(), f.h2(), e.getKey())) {
                            hexLike[f.length()] += f.hex() ? 1 : 0;
                            digitsOnly[f.length()] += f.digits() ? 1 : 0;
                            if (f.prefix() != -1L) {
                                prefix(f.prefix());
                            }
                        }
                    }
                }
            }
            rarities.clear();
            Arrays.fill(buffer, '\0'); // the last value read
            return new RawValueIndex(this);
        }

        private int index(String source) {
            return sourceIndex.computeIfAbsent(source, s -> {
                sources.add(s);
                return sources.size() - 1;
            });
        }

        /** Folds the trimmed value into the buffer; returns its length. */
        private int fold(String value) {
            int start = 0;
            int end = value.length();
            while (start < end && Character.isWhitespace(value.charAt(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
                end--;
            }
            int n = end - start;
            if (buffer.length < n) {
                buffer = new char[Math.max(n, buffer.length * 2)];
            }
            for (int i = 0; i < n; i++) {
                buffer[i] = RawValueIndex.fold(value.charAt(start + i));
            }
            return n;
        }

        private void put(int source, int n) {
            if (table(n).insert(hash(buffer, 0, n, base1), hash(buffer, 0, n, base2), source)) {
                hexLike[n] += hexLike(n) ? 1 : 0;
                digitsOnly[n] += digitsOnly(n) ? 1 : 0;
                if (n >= MIN_CONTAINED) {
                    prefix(hash(buffer, 0, MIN_CONTAINED, base1));
                }
            }
        }

        /**
         * A number shorter than {@value #MIN_CONTAINED} characters (digits, sign, point) is not indexed: it cannot be
         * told apart from a count or an amount, so finding it proves nothing.
         */
        private boolean shortNumber(int n) {
            if (n >= MIN_CONTAINED) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')) {
                    return false;
                }
            }
            return true;
        }

        private void prefix(long h1) {
            if (prefixCount == prefixHashes.length) {
                prefixHashes = Arrays.copyOf(prefixHashes, prefixCount * 2);
            }
            prefixHashes[prefixCount++] = h1;
        }

        /** The distinct prefixes as a sealed filter (its exact part is not used). */
        private Table prefixFilter() {
            long[] sorted = Arrays.copyOf(prefixHashes, prefixCount);
            prefixHashes = null;
            Arrays.sort(sorted);
            Table filter = new Table();
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    filter.insert(sorted[i], 0L, 0);
                }
            }
            filter.seal();
            return filter;
        }

        private boolean digitsOnly(int n) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] < '0' || buffer[i] > '9') {
                    return false;
                }
            }
            return true;
        }

        private boolean hexLike(int n) {
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                    return false;
                }
            }
            return true;
        }

        private Table table(int length) {
            if (length >= tables.length) {
                tables = Arrays.copyOf(tables, Math.max(length + 1, tables.length * 2));
                hexLike = Arrays.copyOf(hexLike, tables.length);
                digitsOnly = Arrays.copyOf(digitsOnly, tables.length);
            }
            if (tables[length] == null) {
                tables[length] = new Table();
            }
            return tables[length];
        }
    }

    private record Fingerprint(int length, long h1, long h2, boolean hex, boolean digits, long prefix) {}

    private static final class Rarity {
        final int k;
        final Map<Fingerprint, Integer> counts = new HashMap<>();
        final Set<Fingerprint> seen = new HashSet<>();

        Rarity(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be positive, got " + k);
            }
            this.k = k;
        }
    }

    /** Open addressing over fingerprint pairs (h1 is never -1: fingerprints are below 2^61-1). */
    private static final class Table {
        private long[] first = filled(16);
        private long[] second = new long[16];
        private int[] source = new int[16];
        private int size;

        private static long[] filled(int n) {
            long[] a = new long[n];
            Arrays.fill(a, -1L);
            return a;
        }

        private static int slot(long h1, int mask) {
            long x = h1 * 0x9E3779B97F4A7C15L;
            return (int) (x >>> 32) & mask;
        }

        /** A Bloom filter over h1 (two bits, about 16 bits per value: about 2.5% false positives). */
        private long[] filter = new long[1];
        private int filterMask;

        void seal() {
            long bits = Long.highestOneBit(Math.max(64, (long) size * 16 - 1)) << 1;
            filter = new long[(int) (bits >>> 6)];
            filterMask = (int) (bits - 1);
            for (long f : first) {
                if (f != -1L) {
                    int a = bitA(f);
                    int b = bitB(f);
                    filter[a >>> 6] |= 1L << a;
                    filter[b >>> 6] |= 1L << b;
                }
            }
        }

        private int bitA(long h1) {
            return (int) h1 & filterMask;
        }

        private int bitB(long h1) {
            return (int) ((h1 * 0xC2B2AE3D27D4EB4FL) >>> 32) & filterMask;
        }

        boolean mayContain(long h1) {
            int a = bitA(h1);
            int b = bitB(h1);
            return (filter[a >>> 6] & (1L << a)) != 0 && (filter[b >>> 6] & (1L << b)) != 0;
        }

        int find(long h1, long h2) {
            int mask = first.length - 1;
            for (int i = slot(h1, mask); ; i = (i + 1) & mask) {
                long f = first[i];
                if (f == -1L) {
                    return -1;
                }
                if (f == h1 && second[i] == h2) {
                    return source[i];
                }
            }
        }

        /** Adds a fingerprint; false if it was there already. */
        boolean insert(long h1, long h2, int from) {
            if (find(h1, h2) >= 0) {
                return false;
            }
            if ((size + 1) * 2 > first.length) {
                grow();
            }
            place(h1, h2, from);
            size++;
            return true;
        }

        private void place(long h1, long h2, int from) {
            int mask = first.length - 1;
            int i = slot(h1, mask);
            while (first[i] != -1L) {
                i = (i + 1) & mask;
            }
            first[i] = h1;
            second[i] = h2;
            source[i] = from;
        }

        private void grow() {
            long[] f = first;
            long[] s = second;
            int[] src = source;
            first = filled(f.length * 2);
            second = new long[f.length * 2];
            source = new int[f.length * 2];
            for (int i = 0; i < f.length; i++) {
                if (f[i] != -1L) {
                    place(f[i], s[i], src[i]);
                }
            }
        }
    }
}
