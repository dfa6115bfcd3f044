package io.zmq4j.internal.security;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Salsa20/20 for up to {@link #MAX_BLOCKS} consecutive blocks of one stream at once, laid out so
 * that C2's auto-vectorizer (superword) runs it many blocks per instruction on any JDK, without
 * the Vector API: word w of every block in an array of its own, and one loop over the blocks per
 * quarter-round, whose body is the same four add-rotate-XOR steps for every block. C2 turns each
 * such loop into vector code (16 blocks an instruction with AVX-512, 8 with AVX2, 4 with SSE).
 *
 * <p>It pays for large frames only: measured per block on Java 17 against Bouncy Castle's scalar
 * core (about 106 ns), 83 ns at 16 blocks, 42 at 64, 21 at 256 with AVX-512 (26 with
 * {@code -XX:UseAVX=2}, 88 with SSE alone); a loop of so few rounds spends most of its time
 * getting in and out of its vector part, so codecs use it from {@link #MIN_BLOCKS} on.
 * Interpreted or compiled by C1 it is slower than the scalar core (202 against 143 ns a block
 * under C1), until C2 has compiled it. The tests check every block, in C2's code too,
 * against Bouncy Castle's core.
 *
 * <pre>{@code
 * LaneSalsa20 lanes = new LaneSalsa20();
 * lanes.blocks(state, 1, 256);             // blocks 1..256 of the stream whose input is state
 * lanes.xorBlock(0, in, 0, out, 0);        // block 1's 64 bytes
 * lanes.boxes(state, nonce, 15, 17);      // blocks 0..16 of the streams at nonce .. nonce + 14
 * }</pre>
 */
final class LaneSalsa20 {
    /** Blocks per call at most: the loops' fixed cost is small against 256 blocks (16 KiB of state). */
    static final int MAX_BLOCKS = 256;
    /**
     * The fewest blocks a codec hands to a call. In a tight loop 16 blocks are already quicker
     * than the scalar core (83 against 106 ns a block), but a connection that seals or opens one
     * frame at a time between other work starts each call with the 1 KiB or more of state out of
     * the cache, and while the JIT is at work the loops run slower than the scalar core: CURVE
     * request-reply over tcp on one core measured 1 KiB frames (16 blocks) 5-30% slower with it,
     * 2 KiB a little slower, 3 KiB (48 blocks) a little quicker and 4 KiB 12% quicker.
     */
    static final int MIN_BLOCKS = 48;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int[] x0 = new int[MAX_BLOCKS], x1 = new int[MAX_BLOCKS], x2 = new int[MAX_BLOCKS], x3 = new int[MAX_BLOCKS];
    private final int[] x4 = new int[MAX_BLOCKS], x5 = new int[MAX_BLOCKS], x6 = new int[MAX_BLOCKS], x7 = new int[MAX_BLOCKS];
    private final int[] x8 = new int[MAX_BLOCKS], x9 = new int[MAX_BLOCKS], x10 = new int[MAX_BLOCKS], x11 = new int[MAX_BLOCKS];
    private final int[] x12 = new int[MAX_BLOCKS], x13 = new int[MAX_BLOCKS], x14 = new int[MAX_BLOCKS], x15 = new int[MAX_BLOCKS];
    /** The same arrays by word number, for the steps that are not per quarter-round. */
    private final int[][] words = {x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15};
    /** Each block's own input words 6, 7 and 8 (nonce and counter) for {@link #boxes}; made at its first call. */
    private int[] in6, in7, in8;
    /** About what one instance holds once {@link #boxes} has run: 19 arrays of {@link #MAX_BLOCKS} ints. */
    static final int BYTES = 19 * 4 * MAX_BLOCKS + 512;

    /**
     * Blocks {@code counter .. counter + n - 1} ({@code n <= MAX_BLOCKS}) of the stream whose
     * Salsa20 input is {@code state}: its word 8 is replaced by each block's counter, word 9 (the
     * counter's high word) is used as it is, so the counters must not pass 2^32 - 1 (a codec's
     * frames, under 2^31 bytes, stay far below).
     */
    void blocks(int[] state, int counter, int n) {
        for (int w = 0; w < 16; w++) {
            Arrays.fill(words[w], 0, n, state[w]);
        }
        int[] c = x8;
        for (int j = 0; j < n; j++) {
            c[j] = counter + j;
        }
        rounds(n);
        for (int w = 0; w < 16; w++) {
            if (w != 8) {
                addTo(words[w], state[w], n);
            }
        }
        for (int j = 0; j < n; j++) {
            c[j] += counter + j;
        }
    }

    /**
     * Blocks {@code 0 .. blocksEach - 1} of each of the {@code boxes} streams at the short
     * nonces {@code firstNonce, firstNonce + 1, ...} (XSalsa20's last 8 nonce bytes, as
     * CurveCodec sets words 6 and 7), all under the key and constants of {@code state}: block
     * {@code k} of box {@code b} is lane {@code b * blocksEach + k}. {@code boxes * blocksEach}
     * must not exceed {@link #MAX_BLOCKS}.
     */
    void boxes(int[] state, long firstNonce, int boxes, int blocksEach) {
        int n = boxes * blocksEach;
        if (in6 == null) {
            in6 = new int[MAX_BLOCKS];
            in7 = new int[MAX_BLOCKS];
            in8 = new int[MAX_BLOCKS];
        }
        int lane = 0;
        for (int b = 0; b < boxes; b++) {
            long nonce = firstNonce + b;
            int w6 = Integer.reverseBytes((int) (nonce >>> 32));
            int w7 = Integer.reverseBytes((int) nonce);
            for (int k = 0; k < blocksEach; k++, lane++) {
                in6[lane] = w6;
                in7[lane] = w7;
                in8[lane] = k;
            }
        }
        for (int w = 0; w < 16; w++) {
            if (w < 6 || w > 9) {
                Arrays.fill(words[w], 0, n, state[w]);
            }
        }
        System.arraycopy(in6, 0, x6, 0, n);
        System.arraycopy(in7, 0, x7, 0, n);
        System.arraycopy(in8, 0, x8, 0, n);
        Arrays.fill(x9, 0, n, 0); // the counter's high word: a box is far below 2^32 blocks
        rounds(n);
        for (int w = 0; w < 16; w++) {
            if (w < 6 || w > 9) {
                addTo(words[w], state[w], n);
            }
        }
        addAll(x6, in6, n);
        addAll(x7, in7, n);
        addAll(x8, in8, n); // in6..in8 hold nonces and counters, no secret: left as they are
    }

    private void rounds(int n) {
        for (int i = 0; i < 10; i++) {
            // columns, then rows: the quarter-rounds of Salsa20's double round
            quarterRound(x0, x4, x8, x12, n);
            quarterRound(x5, x9, x13, x1, n);
            quarterRound(x10, x14, x2, x6, n);
            quarterRound(x15, x3, x7, x11, n);
            quarterRound(x0, x1, x2, x3, n);
            quarterRound(x5, x6, x7, x4, n);
            quarterRound(x10, x11, x8, x9, n);
            quarterRound(x15, x12, x13, x14, n);
        }
    }

    private static void addAll(int[] a, int[] b, int n) {
        for (int j = 0; j < n; j++) {
            a[j] += b[j];
        }
    }

    /**
     * One quarter-round of every block: the body is the same for each {@code j} and touches only
     * index {@code j} of four arrays, which is what lets C2 run it a vector of blocks at a time.
     */
    private static void quarterRound(int[] a, int[] b, int[] c, int[] d, int n) {
        for (int j = 0; j < n; j++) {
            int va = a[j], vb = b[j], vc = c[j], vd = d[j];
            vb ^= Integer.rotateLeft(va + vd, 7);
            vc ^= Integer.rotateLeft(vb + va, 9);
            vd ^= Integer.rotateLeft(vc + vb, 13);
            va ^= Integer.rotateLeft(vd + vc, 18);
            a[j] = va;
            b[j] = vb;
            c[j] = vc;
            d[j] = vd;
        }
    }

    private static void addTo(int[] a, int v, int n) {
        for (int j = 0; j < n; j++) {
            a[j] += v;
        }
    }

    /** XORs {@code in[p..p+64)} with block {@code j} of the last {@link #blocks} into {@code out[o..]} (in place if the same). */
    void xorBlock(int j, byte[] in, int p, byte[] out, int o) {
        xorPair(x0, x1, j, in, p, out, o);
        xorPair(x2, x3, j, in, p + 8, out, o + 8);
        xorPair(x4, x5, j, in, p + 16, out, o + 16);
        xorPair(x6, x7, j, in, p + 24, out, o + 24);
        xorPair(x8, x9, j, in, p + 32, out, o + 32);
        xorPair(x10, x11, j, in, p + 40, out, o + 40);
        xorPair(x12, x13, j, in, p + 48, out, o + 48);
        xorPair(x14, x15, j, in, p + 56, out, o + 56);
    }

    private static void xorPair(int[] lo, int[] hi, int j, byte[] in, int p, byte[] out, int o) {
        long k = (lo[j] & 0xFFFF_FFFFL) | (long) hi[j] << 32;
        LONG.set(out, o, (long) LONG.get(in, p) ^ k);
    }

    /** Block {@code j} of the last {@link #blocks} as 16 words, for a last, partial block. */
    void copyBlock(int j, int[] block) {
        for (int w = 0; w < 16; w++) {
            block[w] = words[w][j];
        }
    }

    /** Forgets the keystream of the first {@code n} blocks (all that a caller used since it last did). */
    void erase(int n) {
        erase(0, n);
    }

    /** Forgets the keystream of blocks {@code from .. from + n - 1}. */
    void erase(int from, int n) {
        for (int[] w : words) {
            Arrays.fill(w, from, from + n, 0);
        }
    }

    /** Whether no keystream is left in it (tests). */
    boolean erased() {
        for (int[] w : words) {
            for (int v : w) {
                if (v != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
