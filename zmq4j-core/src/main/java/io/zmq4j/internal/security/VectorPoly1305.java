package io.zmq4j.internal.security;

import java.util.Arrays;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Poly1305 (RFC 8439 §2.5) that takes {@link #LANES} 16-byte blocks at a time through the JDK's
 * Vector API, for CURVE boxes of a few hundred bytes and up; shorter input, and what is left
 * after the last whole batch, goes one block at a time ({@link ScalarPoly1305}, which this class
 * extends with the batches). Only {@link VectorCrypto} decides whether
 * this class is used, and only when {@code jdk.incubator.vector} is in the boot layer.
 *
 * <p>The tag is h = m1·r^n + m2·r^(n-1) + … + mn·r mod 2^130-5, plus s. Lane k of a batch takes
 * blocks k, k + LANES, k + 2·LANES, …, so each lane runs Horner's rule with r^LANES, and at
 * the end lane k is multiplied once by r^(LANES-k) and the lanes are summed: the same
 * polynomial, evaluated LANES ways at once, in ScalarPoly1305's 26-bit limbs. The tests check
 * this class against Bouncy Castle's Poly1305 at every length.
 */
final class VectorPoly1305 extends ScalarPoly1305 {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    /** Blocks per batch. */
    static final int LANES = SPECIES.length();
    /** The fewest whole blocks for which a batch pays for r's powers: about a dozen blocks' work. */
    private static final int MIN_BLOCKS = 2 * LANES;

    /** r^1 .. r^LANES, limb major: limb i of r^(LANES - k) at [i * LANES + k], so lane k's final power. */
    private final long[] powers = new long[5 * LANES];
    private boolean powersReady;
    /** A batch's two longs per block. */
    private final long[] lo = new long[LANES];
    private final long[] hi = new long[LANES];
    /** The lanes' accumulators, limb major. */
    private final long[] acc = new long[5 * LANES];

    @Override
    void init(byte[] key, int off) {
        super.init(key, off);
        powersReady = false;
    }

    @Override
    void erase() {
        super.erase();
        Arrays.fill(powers, 0);
        Arrays.fill(lo, 0);
        Arrays.fill(hi, 0);
        Arrays.fill(acc, 0);
        powersReady = false;
    }

    @Override
    int batched(byte[] in, int off, int blocks) {
        if (blocks < MIN_BLOCKS) {
            return 0;
        }
        int batched = blocks - blocks % LANES;
        batches(in, off, batched);
        return batched;
    }

    /** {@code blocks} (a multiple of LANES) whole blocks from {@code in[off..]} into h. */
    private void batches(byte[] in, int off, int blocks) {
        if (!powersReady) {
            powersOfR(powers, LANES);
            powersReady = true;
        }
        // the first batch: h joins lane 0, whose first block takes the highest power, as h does
        long[] a = acc;
        Arrays.fill(a, 0);
        a[0] = h0;
        a[LANES] = h1;
        a[2 * LANES] = h2;
        a[3 * LANES] = h3;
        a[4 * LANES] = h4;
        add(in, off);
        for (int b = LANES; b < blocks; b += LANES) {
            multiply();
            add(in, off + 16 * b);
        }
        finish();
    }

    /**
     * acc += the batch at {@code in[off..]}, as limbs. Like the other steps, a method that takes
     * and returns no vector, with the accumulator in an array between steps: in the engine's I/O
     * thread C2 left small vector-returning helpers out of line, and a vector passed between
     * compiled methods is boxed on the heap.
     */
    private void add(byte[] in, int off) {
        long[] l = lo;
        long[] h = hi;
        for (int k = 0; k < LANES; k++) {
            l[k] = (long) LONG.get(in, off + 16 * k);
            h[k] = (long) LONG.get(in, off + 16 * k + 8);
        }
        LongVector vl = LongVector.fromArray(SPECIES, l, 0);
        LongVector vh = LongVector.fromArray(SPECIES, h, 0);
        long[] a = acc;
        LongVector.fromArray(SPECIES, a, 0).add(vl.and(M)).intoArray(a, 0);
        LongVector.fromArray(SPECIES, a, LANES).add(vl.lanewise(VectorOperators.LSHR, 26).and(M)).intoArray(a, LANES);
        LongVector.fromArray(SPECIES, a, 2 * LANES)
                .add(vl.lanewise(VectorOperators.LSHR, 52).or(vh.lanewise(VectorOperators.LSHL, 12)).and(M))
                .intoArray(a, 2 * LANES);
        LongVector.fromArray(SPECIES, a, 3 * LANES).add(vh.lanewise(VectorOperators.LSHR, 14).and(M)).intoArray(a, 3 * LANES);
        LongVector.fromArray(SPECIES, a, 4 * LANES).add(vh.lanewise(VectorOperators.LSHR, 40).or(HIBIT)).intoArray(a, 4 * LANES);
    }

    /** acc = acc·r^LANES, partly reduced. */
    private void multiply() {
        long[] a = acc;
        LongVector a0 = LongVector.fromArray(SPECIES, a, 0);
        LongVector a1 = LongVector.fromArray(SPECIES, a, LANES);
        LongVector a2 = LongVector.fromArray(SPECIES, a, 2 * LANES);
        LongVector a3 = LongVector.fromArray(SPECIES, a, 3 * LANES);
        LongVector a4 = LongVector.fromArray(SPECIES, a, 4 * LANES);
        // r^LANES, the same in every lane (lane 0's final power), and 5 times its upper limbs
        long[] p = powers;
        long w0 = p[0], w1 = p[LANES], w2 = p[2 * LANES], w3 = p[3 * LANES], w4 = p[4 * LANES];
        long v1 = 5 * w1, v2 = 5 * w2, v3 = 5 * w3, v4 = 5 * w4;
        LongVector d0 = a0.mul(w0).add(a1.mul(v4)).add(a2.mul(v3)).add(a3.mul(v2)).add(a4.mul(v1));
        LongVector d1 = a0.mul(w1).add(a1.mul(w0)).add(a2.mul(v4)).add(a3.mul(v3)).add(a4.mul(v2));
        LongVector d2 = a0.mul(w2).add(a1.mul(w1)).add(a2.mul(w0)).add(a3.mul(v4)).add(a4.mul(v3));
        LongVector d3 = a0.mul(w3).add(a1.mul(w2)).add(a2.mul(w1)).add(a3.mul(w0)).add(a4.mul(v4));
        LongVector d4 = a0.mul(w4).add(a1.mul(w3)).add(a2.mul(w2)).add(a3.mul(w1)).add(a4.mul(w0));
        // two carry chains side by side (0→1→2→3→4 and 3→4→0→1) instead of one through all five
        // limbs; every limb ends within 26 bits, plus a few for limbs 1 and 4
        LongVector c0 = d0.lanewise(VectorOperators.LSHR, 26);
        LongVector c3 = d3.lanewise(VectorOperators.LSHR, 26);
        d0 = d0.and(M);
        d3 = d3.and(M);
        d1 = d1.add(c0);
        d4 = d4.add(c3);
        LongVector c1 = d1.lanewise(VectorOperators.LSHR, 26);
        LongVector c4 = d4.lanewise(VectorOperators.LSHR, 26);
        d1 = d1.and(M);
        d4 = d4.and(M);
        d2 = d2.add(c1);
        d0 = d0.add(c4.mul(5));
        LongVector c2 = d2.lanewise(VectorOperators.LSHR, 26);
        c0 = d0.lanewise(VectorOperators.LSHR, 26);
        d2.and(M).intoArray(a, 2 * LANES);
        d0.and(M).intoArray(a, 0);
        d1.add(c0).intoArray(a, LANES);
        // d2's carry can be 2^33: one more step keeps d3 within 26 bits for the next multiply
        d3 = d3.add(c2);
        c3 = d3.lanewise(VectorOperators.LSHR, 26);
        d3.and(M).intoArray(a, 3 * LANES);
        d4.add(c3).intoArray(a, 4 * LANES);
    }

    /** h = the sum over lanes k of acc_k·r^(LANES - k). */
    private void finish() {
        long[] a = acc;
        long[] p = powers;
        LongVector a0 = LongVector.fromArray(SPECIES, a, 0);
        LongVector a1 = LongVector.fromArray(SPECIES, a, LANES);
        LongVector a2 = LongVector.fromArray(SPECIES, a, 2 * LANES);
        LongVector a3 = LongVector.fromArray(SPECIES, a, 3 * LANES);
        LongVector a4 = LongVector.fromArray(SPECIES, a, 4 * LANES);
        LongVector p0 = LongVector.fromArray(SPECIES, p, 0);
        LongVector p1 = LongVector.fromArray(SPECIES, p, LANES);
        LongVector p2 = LongVector.fromArray(SPECIES, p, 2 * LANES);
        LongVector p3 = LongVector.fromArray(SPECIES, p, 3 * LANES);
        LongVector p4 = LongVector.fromArray(SPECIES, p, 4 * LANES);
        LongVector q1 = p1.mul(5), q2 = p2.mul(5), q3 = p3.mul(5), q4 = p4.mul(5);
        long d0 = a0.mul(p0).add(a1.mul(q4)).add(a2.mul(q3)).add(a3.mul(q2)).add(a4.mul(q1)).reduceLanes(VectorOperators.ADD);
        long d1 = a0.mul(p1).add(a1.mul(p0)).add(a2.mul(q4)).add(a3.mul(q3)).add(a4.mul(q2)).reduceLanes(VectorOperators.ADD);
        long d2 = a0.mul(p2).add(a1.mul(p1)).add(a2.mul(p0)).add(a3.mul(q4)).add(a4.mul(q3)).reduceLanes(VectorOperators.ADD);
        long d3 = a0.mul(p3).add(a1.mul(p2)).add(a2.mul(p1)).add(a3.mul(p0)).add(a4.mul(q4)).reduceLanes(VectorOperators.ADD);
        long d4 = a0.mul(p4).add(a1.mul(p3)).add(a2.mul(p2)).add(a3.mul(p1)).add(a4.mul(p0)).reduceLanes(VectorOperators.ADD);
        carryIntoH(d0, d1, d2, d3, d4);
    }
}
