package org.shuyu.controller.product.check;

import java.util.Arrays;

/** Open addressing over fingerprint pairs (h1 is never -1: fingerprints are below 2^61-1). */
final class FingerprintTable {
    private long[] first = filled(16);
    private long[] second = new long[16];
    private int[] source = new int[16];
    private int size;

    /** How many fingerprints it holds. */
    int size() {
        return size;
    }

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
