package org.shuyu.controller.product.check;

/**
 * The arithmetic of {@link RawValueIndex}'s fingerprints: characters folded (lower case), polynomial hashes modulo the
 * Mersenne prime 2^61-1, and the rolling window. Pure functions, no state.
 */
final class Fingerprints {
    static final long M61 = (1L << 61) - 1;

    private Fingerprints() {}

    static long roll(long h, char out, char in, long top, long base) {
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

    static long hash(char[] s, int from, int to, long base) {
        long h = 0;
        for (int i = from; i < to; i++) {
            h = add(mul(h, base), s[i]);
        }
        return h;
    }

    static long power(long base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result = mul(result, base);
        }
        return result;
    }

    static long add(long a, long b) {
        long r = a + b;
        return r >= M61 ? r - M61 : r;
    }

    /** a * b mod 2^61-1, for a, b below 2^61. */
    static long mul(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        long r = (lo & M61) + (lo >>> 61) + (hi << 3);
        r = (r & M61) + (r >>> 61);
        return r >= M61 ? r - M61 : r;
    }
}
