package org.shuyu.controller.product.check;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.product.check.Fingerprints.M61;
import static org.shuyu.controller.product.check.Fingerprints.hash;
import static org.shuyu.controller.product.check.Fingerprints.mul;
import static org.shuyu.controller.product.check.RawValueIndex.MIN_CONTAINED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/** Adds raw values; each is folded and fingerprinted at once and not kept. */
public final class RawValueIndexBuilder {
    final long base1;
    final long base2;
    FingerprintTable[] tables = new FingerprintTable[32];
    long[] hexLike = new long[32];
    long[] digitsOnly = new long[32];
    private long[] prefixHashes = new long[1024];
    private int prefixCount;
    final List<String> sources = new ArrayList<>();
    private final Map<String, Integer> sourceIndex = new HashMap<>();
    private final Map<Integer, Rarity> rarities = new TreeMap<>();
    private char[] buffer = new char[64];
    private boolean built;

    RawValueIndexBuilder(Random random) {
        requireNonNull(random, "random is null");
        this.base1 = 256 + Math.floorMod(random.nextLong(), M61 - 512);
        this.base2 = 256 + Math.floorMod(random.nextLong(), M61 - 512);
    }

    /** Adds a raw value of {@code source} ({@code dataset.column}); blank values are ignored. */
    public RawValueIndexBuilder add(String source, String value) {
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
    public RawValueIndexBuilder addRare(String source, String value, String subject, int k) {
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
            buffer[i] = Fingerprints.fold(value.charAt(start + i));
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
     * A number shorter than {@value RawValueIndex#MIN_CONTAINED} characters (digits, sign, point) is not indexed: it cannot be
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
    FingerprintTable prefixFilter() {
        long[] sorted = Arrays.copyOf(prefixHashes, prefixCount);
        prefixHashes = null;
        Arrays.sort(sorted);
        FingerprintTable filter = new FingerprintTable();
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

    private FingerprintTable table(int length) {
        if (length >= tables.length) {
            tables = Arrays.copyOf(tables, Math.max(length + 1, tables.length * 2));
            hexLike = Arrays.copyOf(hexLike, tables.length);
            digitsOnly = Arrays.copyOf(digitsOnly, tables.length);
        }
        if (tables[length] == null) {
            tables[length] = new FingerprintTable();
        }
        return tables[length];
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
}
