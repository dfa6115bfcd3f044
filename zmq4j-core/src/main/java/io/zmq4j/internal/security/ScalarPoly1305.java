package io.zmq4j.internal.security;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Poly1305 (RFC 8439 §2.5) a block at a time, with numbers as five 26-bit limbs in longs (a limb
 * plus a block's is under 2^28, r's limbs times 5 under 2^29: five products summed stay below
 * 2^60), as in the 32-bit reference
 * code that Bouncy Castle's Poly1305 follows too. It is ours for two reasons: it keeps the limbs
 * in fields and reads each block as two little-endian longs, about 11 ns a block here against
 * Bouncy Castle's 15; and {@link VectorPoly1305} extends it with batches through the Vector API
 * ({@link #batched}). The tests check both against Bouncy Castle's at every length to 300 and
 * many to 70,000, and against RFC 8439's vectors for the final reduction's edge cases.
 *
 * <pre>{@code
 * ScalarPoly1305 mac = new ScalarPoly1305();
 * mac.init(oneTimeKey, 0);
 * mac.update(ciphertext, 0, ciphertext.length);
 * mac.doFinal(tag, 0);
 * }</pre>
 */
class ScalarPoly1305 {
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final long M = 0x3ff_ffff;
    static final long HIBIT = 1L << 24;

    // r and h as five 26-bit limbs
    long r0, r1, r2, r3, r4;
    long h0, h1, h2, h3, h4;
    /** s, the second half of the key, as four 32-bit words. */
    private long s0, s1, s2, s3;
    /** A partial block waiting for more input. */
    private final byte[] pending = new byte[16];
    private int pendingLength;
    /** Whether long runs of blocks go through this thread's {@link LanePoly1305}. */
    private final boolean lanes;

    /** Blocks one at a time only. */
    ScalarPoly1305() {
        this(false);
    }

    /** {@code lanes}: runs of {@link LanePoly1305#MIN_BLOCKS} blocks and more through {@link LanePoly1305}. */
    ScalarPoly1305(boolean lanes) {
        this.lanes = lanes;
    }

    /** Starts a tag under the 32-byte one-time key {@code key[off..off+32)}. */
    void init(byte[] key, int off) {
        r0 = word(key, off) & 0x3ff_ffff;
        r1 = (word(key, off + 3) >>> 2) & 0x3ff_ff03;
        r2 = (word(key, off + 6) >>> 4) & 0x3ff_c0ff;
        r3 = (word(key, off + 9) >>> 6) & 0x3f0_3fff;
        r4 = (word(key, off + 12) >>> 8) & 0x00f_ffff;
        s0 = word(key, off + 16);
        s1 = word(key, off + 20);
        s2 = word(key, off + 24);
        s3 = word(key, off + 28);
        h0 = h1 = h2 = h3 = h4 = 0;
        pendingLength = 0;
    }

    private static long word(byte[] b, int off) {
        return (int) INT.get(b, off) & 0xFFFF_FFFFL;
    }

    /** Adds {@code in[off..off+len)} to the message. */
    void update(byte[] in, int off, int len) {
        if (pendingLength > 0) {
            int n = Math.min(len, 16 - pendingLength);
            System.arraycopy(in, off, pending, pendingLength, n);
            pendingLength += n;
            off += n;
            len -= n;
            if (pendingLength < 16) {
                return;
            }
            block((long) LONG.get(pending, 0), (long) LONG.get(pending, 8), HIBIT);
            pendingLength = 0;
        }
        int blocks = len >>> 4;
        int batched = batched(in, off, blocks);
        off += 16 * batched;
        len -= 16 * batched;
        for (; len >= 16; off += 16, len -= 16) {
            block((long) LONG.get(in, off), (long) LONG.get(in, off + 8), HIBIT);
        }
        if (len > 0) {
            System.arraycopy(in, off, pending, 0, len);
            pendingLength = len;
        }
    }

    /**
     * Takes whole blocks from {@code in[off..]}, at most {@code blocks} of them, some way quicker
     * than one at a time, and returns how many it took: through {@link LanePoly1305} if this
     * instance uses it, or a subclass's batches.
     */
    int batched(byte[] in, int off, int blocks) {
        return lanes ? LanePoly1305.ofThisThread().absorb(this, in, off, blocks) : 0;
    }

    /** Writes the 16-byte tag to {@code out[off..]}; {@link #init} again before the next. */
    void doFinal(byte[] out, int off) {
        if (pendingLength > 0) {
            Arrays.fill(pending, pendingLength, 16, (byte) 0);
            pending[pendingLength] = 1;
            block((long) LONG.get(pending, 0), (long) LONG.get(pending, 8), 0);
            pendingLength = 0;
        }
        long c;
        c = h1 >>> 26; h1 &= M; h2 += c;
        c = h2 >>> 26; h2 &= M; h3 += c;
        c = h3 >>> 26; h3 &= M; h4 += c;
        c = h4 >>> 26; h4 &= M; h0 += c * 5;
        c = h0 >>> 26; h0 &= M; h1 += c;
        // h - p = h + 5 - 2^130: take it when it does not go below zero
        long g0 = h0 + 5;
        c = g0 >>> 26; g0 &= M;
        long g1 = h1 + c;
        c = g1 >>> 26; g1 &= M;
        long g2 = h2 + c;
        c = g2 >>> 26; g2 &= M;
        long g3 = h3 + c;
        c = g3 >>> 26; g3 &= M;
        long g4 = h4 + c - (1L << 26);
        long keepH = g4 >> 63; // all ones when h < p
        h0 = (h0 & keepH) | (g0 & ~keepH);
        h1 = (h1 & keepH) | (g1 & ~keepH);
        h2 = (h2 & keepH) | (g2 & ~keepH);
        h3 = (h3 & keepH) | (g3 & ~keepH);
        h4 = (h4 & keepH) | (g4 & ~keepH);
        long f0 = ((h0 | (h1 << 26)) & 0xFFFF_FFFFL) + s0;
        long f1 = (((h1 >>> 6) | (h2 << 20)) & 0xFFFF_FFFFL) + s1 + (f0 >>> 32);
        long f2 = (((h2 >>> 12) | (h3 << 14)) & 0xFFFF_FFFFL) + s2 + (f1 >>> 32);
        long f3 = (((h3 >>> 18) | (h4 << 8)) & 0xFFFF_FFFFL) + s3 + (f2 >>> 32);
        INT.set(out, off, (int) f0);
        INT.set(out, off + 4, (int) f1);
        INT.set(out, off + 8, (int) f2);
        INT.set(out, off + 12, (int) f3);
    }

    /** Forgets the key and the state. */
    void erase() {
        r0 = r1 = r2 = r3 = r4 = 0;
        h0 = h1 = h2 = h3 = h4 = 0;
        s0 = s1 = s2 = s3 = 0;
        Arrays.fill(pending, (byte) 0);
        pendingLength = 0;
    }

    /**
     * r^1 .. r^lanes into {@code powers}, limb major: limb i of r^(lanes - k), lane k's final
     * power in a batch of {@code lanes}, at [i·lanes + k]; so r^lanes at [i·lanes]. Each power
     * is the last times r, through h, which is kept aside and put back.
     */
    void powersOfR(long[] powers, int lanes) {
        long k0 = h0, k1 = h1, k2 = h2, k3 = h3, k4 = h4;
        h0 = r0;
        h1 = r1;
        h2 = r2;
        h3 = r3;
        h4 = r4;
        for (int e = 1; ; e++) {
            int k = lanes - e;
            powers[k] = h0;
            powers[lanes + k] = h1;
            powers[2 * lanes + k] = h2;
            powers[3 * lanes + k] = h3;
            powers[4 * lanes + k] = h4;
            if (e == lanes) {
                break;
            }
            multiplyByR(h0, h1, h2, h3, h4);
        }
        h0 = k0;
        h1 = k1;
        h2 = k2;
        h3 = k3;
        h4 = k4;
    }

    /** h = (h + m)·r for the block whose little-endian halves are {@code lo}, {@code hi}. */
    void block(long lo, long hi, long hibit) {
        multiplyByR(h0 + (lo & M), h1 + ((lo >>> 26) & M), h2 + (((lo >>> 52) | (hi << 12)) & M),
                h3 + ((hi >>> 14) & M), h4 + ((hi >>> 40) | hibit));
    }

    /** h = a·r mod 2^130-5, limbs carried back to 26 bits (limb 1 a little over). */
    void multiplyByR(long a0, long a1, long a2, long a3, long a4) {
        long s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
        carryIntoH(a0 * r0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1,
                a0 * r1 + a1 * r0 + a2 * s4 + a3 * s3 + a4 * s2,
                a0 * r2 + a1 * r1 + a2 * r0 + a3 * s4 + a4 * s3,
                a0 * r3 + a1 * r2 + a2 * r1 + a3 * r0 + a4 * s4,
                a0 * r4 + a1 * r3 + a2 * r2 + a3 * r1 + a4 * r0);
    }

    /** h = d, each limb's excess over 26 bits carried into the next, and limb 4's into limb 0 times 5. */
    void carryIntoH(long d0, long d1, long d2, long d3, long d4) {
        long c;
        c = d0 >>> 26; h0 = d0 & M; d1 += c;
        c = d1 >>> 26; h1 = d1 & M; d2 += c;
        c = d2 >>> 26; h2 = d2 & M; d3 += c;
        c = d3 >>> 26; h3 = d3 & M; d4 += c;
        c = d4 >>> 26; h4 = d4 & M; h0 += c * 5;
        c = h0 >>> 26; h0 &= M; h1 += c;
    }
}
