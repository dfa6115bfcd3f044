package io.zmq4j.internal.security;

import java.util.Arrays;

/**
 * Poly1305's blocks {@link #LANES} at a time in loops that C2's auto-vectorizer (superword) turns
 * into vector code on any JDK, without the Vector API: the long-frame part of
 * {@link ScalarPoly1305}. One per thread that seals or opens long frames, borrowed for one
 * {@link #absorb} call and erased after it, as {@link LaneSalsa20} is.
 *
 * <p>The arithmetic is {@link VectorPoly1305}'s: lane k takes blocks k, k + LANES, k + 2·LANES, …
 * and runs Horner's rule with r^LANES; at the end lane k is multiplied once by r^(LANES-k) and
 * the lanes are summed, all in ScalarPoly1305's five 26-bit limbs. What is particular is the
 * shape of the loops. C2 in Java 17 vectorizes a loop over {@code long[]}s only while its body
 * is small: one whose body reads five arrays and multiplies five times stayed scalar here (1.25
 * ns an element against 0.26 for three arrays), so each limb's dot product is two loops of at
 * most three arrays, and each carry of the reduction a loop of its own. The accumulator and the
 * products swap arrays after each round instead of being copied back.
 *
 * <pre>{@code
 * // inside ScalarPoly1305.update, for a long run of whole blocks:
 * int taken = LanePoly1305.ofThisThread().absorb(mac, in, off, blocks);
 * }</pre>
 */
final class LanePoly1305 {
    /** Blocks per round, one per lane: the loops' way in and out is small against 128. */
    static final int LANES = 128;
    /**
     * The fewest blocks worth a call: r's powers (127 scalar multiplications) and the erasure
     * cost about 1.5 µs, which the lanes win back at about 3 ns a block.
     */
    static final int MIN_BLOCKS = 4 * LANES;
    private static final long M = ScalarPoly1305.M;
    private static final ThreadLocal<LanePoly1305> THREAD = ThreadLocal.withInitial(LanePoly1305::new);

    /** The lanes' accumulators (a) and products (d), limb by limb; they trade places each round. */
    private long[] a0 = new long[LANES], a1 = new long[LANES], a2 = new long[LANES], a3 = new long[LANES], a4 = new long[LANES];
    private long[] d0 = new long[LANES], d1 = new long[LANES], d2 = new long[LANES], d3 = new long[LANES], d4 = new long[LANES];
    /** A round's blocks as two little-endian longs each. */
    private final long[] lo = new long[LANES], hi = new long[LANES];
    /** r's powers as {@link ScalarPoly1305#powersOfR} lays them out: limb i of r^(LANES - k) at [i·LANES + k]. */
    private final long[] p = new long[5 * LANES];

    static LanePoly1305 ofThisThread() {
        return THREAD.get();
    }

    /**
     * Adds the whole blocks {@code in[off .. off + 16·n)} to {@code mac}'s h, n being
     * {@code blocks} rounded down to whole rounds, and returns n (0 below {@link #MIN_BLOCKS}).
     */
    int absorb(ScalarPoly1305 mac, byte[] in, int off, int blocks) {
        if (blocks < MIN_BLOCKS) {
            return 0;
        }
        int n = blocks - blocks % LANES;
        try {
            mac.powersOfR(p, LANES);
            // the lanes are all zero (erased after each call); h joins lane 0, whose first block
            // takes the highest power, as h does
            a0[0] = mac.h0;
            a1[0] = mac.h1;
            a2[0] = mac.h2;
            a3[0] = mac.h3;
            a4[0] = mac.h4;
            addBlocks(in, off);
            long w0 = p[0], w1 = p[LANES], w2 = p[2 * LANES], w3 = p[3 * LANES], w4 = p[4 * LANES];
            for (int b = LANES; b < n; b += LANES) {
                multiply(w0, w1, w2, w3, w4);
                addBlocks(in, off + 16 * b);
            }
            sumLanes(mac);
        } finally {
            erase();
        }
        return n;
    }

    /** a += the round's blocks at {@code in[off..]}, as limbs (with the 2^128 bit). */
    private void addBlocks(byte[] in, int off) {
        long[] l = lo, h = hi;
        for (int k = 0; k < LANES; k++) {
            l[k] = (long) ScalarPoly1305.LONG.get(in, off + 16 * k);
            h[k] = (long) ScalarPoly1305.LONG.get(in, off + 16 * k + 8);
        }
        long[] x = a0;
        for (int k = 0; k < LANES; k++) {
            x[k] += l[k] & M;
        }
        x = a1;
        for (int k = 0; k < LANES; k++) {
            x[k] += (l[k] >>> 26) & M;
        }
        x = a2;
        for (int k = 0; k < LANES; k++) {
            x[k] += ((l[k] >>> 52) | (h[k] << 12)) & M;
        }
        x = a3;
        for (int k = 0; k < LANES; k++) {
            x[k] += (h[k] >>> 14) & M;
        }
        x = a4;
        for (int k = 0; k < LANES; k++) {
            x[k] += (h[k] >>> 40) | ScalarPoly1305.HIBIT;
        }
    }

    /** a = a·r^LANES (w), partly reduced as {@link VectorPoly1305}'s multiply is. */
    private void multiply(long w0, long w1, long w2, long w3, long w4) {
        long v1 = 5 * w1, v2 = 5 * w2, v3 = 5 * w3, v4 = 5 * w4;
        dot(d0, w0, v4, v3, v2, v1);
        dot(d1, w1, w0, v4, v3, v2);
        dot(d2, w2, w1, w0, v4, v3);
        dot(d3, w3, w2, w1, w0, v4);
        dot(d4, w4, w3, w2, w1, w0);
        // two carry chains side by side, 0→1→2→3→4 and 3→4→0→1; limbs 1 and 4 end a little over 26 bits
        carry(d0, d1);
        carry(d3, d4);
        carry(d1, d2);
        carryTimes5(d4, d0);
        carry(d2, d3);
        carry(d0, d1);
        carry(d3, d4);
        long[] t;
        t = a0; a0 = d0; d0 = t;
        t = a1; a1 = d1; d1 = t;
        t = a2; a2 = d2; d2 = t;
        t = a3; a3 = d3; d3 = t;
        t = a4; a4 = d4; d4 = t;
    }

    /** d = a0·c0 + a1·c1 + … + a4·c4, lane by lane, in two loops of three arrays each. */
    private void dot(long[] d, long c0, long c1, long c2, long c3, long c4) {
        long[] x0 = a0, x1 = a1, x2 = a2;
        for (int k = 0; k < LANES; k++) {
            d[k] = x0[k] * c0 + x1[k] * c1 + x2[k] * c2;
        }
        long[] x3 = a3, x4 = a4;
        for (int k = 0; k < LANES; k++) {
            d[k] += x3[k] * c3 + x4[k] * c4;
        }
    }

    /** Moves what {@code from}'s limbs hold over 26 bits into {@code to}'s. */
    private static void carry(long[] from, long[] to) {
        for (int k = 0; k < LANES; k++) {
            long v = from[k];
            to[k] += v >>> 26;
            from[k] = v & M;
        }
    }

    /** As {@link #carry}, from limb 4 into limb 0: 2^130 is 5 modulo p. */
    private static void carryTimes5(long[] from, long[] to) {
        for (int k = 0; k < LANES; k++) {
            long v = from[k];
            to[k] += (v >>> 26) * 5;
            from[k] = v & M;
        }
    }

    /**
     * mac's h = the sum over lanes k of a_k·r^(LANES - k). A product is under 2^55.5 (a limb
     * under 2^27.1 after the last blocks, a power's limb times 5 under 2^28.4), five of them per
     * lane under 2^58: so 32 lanes are summed at a time, and reduced, before their sum joins s.
     */
    private void sumLanes(ScalarPoly1305 mac) {
        long s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        for (int from = 0; from < LANES; from += 32) {
            long t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
            for (int k = from; k < from + 32; k++) {
                long q0 = p[k], q1 = p[LANES + k], q2 = p[2 * LANES + k], q3 = p[3 * LANES + k], q4 = p[4 * LANES + k];
                long u1 = 5 * q1, u2 = 5 * q2, u3 = 5 * q3, u4 = 5 * q4;
                long x0 = a0[k], x1 = a1[k], x2 = a2[k], x3 = a3[k], x4 = a4[k];
                t0 += x0 * q0 + x1 * u4 + x2 * u3 + x3 * u2 + x4 * u1;
                t1 += x0 * q1 + x1 * q0 + x2 * u4 + x3 * u3 + x4 * u2;
                t2 += x0 * q2 + x1 * q1 + x2 * q0 + x3 * u4 + x4 * u3;
                t3 += x0 * q3 + x1 * q2 + x2 * q1 + x3 * q0 + x4 * u4;
                t4 += x0 * q4 + x1 * q3 + x2 * q2 + x3 * q1 + x4 * q0;
            }
            mac.carryIntoH(t0, t1, t2, t3, t4);
            s0 += mac.h0;
            s1 += mac.h1;
            s2 += mac.h2;
            s3 += mac.h3;
            s4 += mac.h4;
        }
        mac.carryIntoH(s0, s1, s2, s3, s4);
    }

    /** Forgets the powers of r and what the lanes hold. */
    private void erase() {
        Arrays.fill(a0, 0);
        Arrays.fill(a1, 0);
        Arrays.fill(a2, 0);
        Arrays.fill(a3, 0);
        Arrays.fill(a4, 0);
        Arrays.fill(d0, 0);
        Arrays.fill(d1, 0);
        Arrays.fill(d2, 0);
        Arrays.fill(d3, 0);
        Arrays.fill(d4, 0);
        Arrays.fill(lo, 0);
        Arrays.fill(hi, 0);
        Arrays.fill(p, 0);
    }
}
