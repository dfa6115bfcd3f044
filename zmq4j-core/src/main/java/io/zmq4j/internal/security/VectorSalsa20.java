package io.zmq4j.internal.security;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Salsa20/20 run on {@link #LANES} consecutive blocks at once, one block per vector lane (16 with
 * AVX-512, 8 with AVX2), through the JDK's Vector API. It is loaded only by {@link VectorCrypto}'s
 * check, once that has found {@code jdk.incubator.vector} in the boot layer, and called by
 * {@link CurveCodec} only once the check has turned the batches on: a JVM started without
 * {@code --add-modules jdk.incubator.vector} never loads it.
 *
 * <p>Bouncy Castle's Salsa20 core is one block at a time in scalar code (about 100 ns a block
 * here); this is the same function, as the test checks lane by lane against it. Each of the 16
 * state words is a vector of that word across the lanes, so a quarter-round step is one vector
 * add, rotate and XOR for all the blocks. Quarter-rounds are small methods over an array of the
 * vectors, taking and returning no vector: one method holding all 320 steps on 16 vector locals
 * outgrows the inliner, and uninlined Vector API calls box every vector.
 */
final class VectorSalsa20 {
    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    /** The same width in bytes, for the XOR's loads and stores. */
    private static final VectorSpecies<Byte> BYTES = SPECIES.withLanes(byte.class);
    /** Blocks per call. */
    static final int LANES = SPECIES.length();
    private static final int[] IOTA = new int[LANES];
    /** Where a block's 16 words lie in a word-major batch: word w at w * LANES. */
    private static final int[] WORDS = new int[16];

    static {
        for (int i = 0; i < LANES; i++) {
            IOTA[i] = i;
        }
        for (int w = 0; w < 16; w++) {
            WORDS[w] = w * LANES;
        }
    }

    private VectorSalsa20() {
    }

    /**
     * The keystream blocks at counters {@code counter .. counter + LANES - 1} of the Salsa20
     * input {@code state} (its counter words 8 and 9 are not read; word 9 is taken as 0), word
     * major: word {@code w} of lane {@code j}'s block is {@code out[w * LANES + j]}.
     */
    static void blocks(int[] state, int counter, int[] out) {
        for (int w = 0; w < 16; w++) {
            IntVector.broadcast(SPECIES, w == 9 ? 0 : state[w]).intoArray(out, w * LANES);
        }
        IntVector counters = IntVector.fromArray(SPECIES, IOTA, 0).add(counter);
        counters.intoArray(out, 8 * LANES);
        for (int r = 0; r < 10; r++) {
            quarterRound(out, 0, 4, 8, 12);
            quarterRound(out, 5, 9, 13, 1);
            quarterRound(out, 10, 14, 2, 6);
            quarterRound(out, 15, 3, 7, 11);
            quarterRound(out, 0, 1, 2, 3);
            quarterRound(out, 5, 6, 7, 4);
            quarterRound(out, 10, 11, 8, 9);
            quarterRound(out, 15, 12, 13, 14);
        }
        for (int w = 0; w < 16; w++) {
            if (w != 8 && w != 9) {
                IntVector.fromArray(SPECIES, out, w * LANES).add(state[w]).intoArray(out, w * LANES);
            }
        }
        IntVector.fromArray(SPECIES, out, 8 * LANES).add(counters).intoArray(out, 8 * LANES);
    }

    /**
     * XORs 64 bytes of {@code in[p..]} with lane {@code j}'s block of {@code batch} (as
     * {@link #blocks} left it) into {@code out[o..]}: one gather of the block's words across the
     * batch (two with 8 lanes) instead of sixteen loads. In place when both ranges are the same.
     *
     * <p>The bytes are loaded as bytes and reinterpreted as ints, which reads them in the
     * platform's order: {@link VectorCrypto} turns the batches on only where that is little
     * endian, Salsa20's. ({@code IntVector.fromByteArray} with a byte order, Java 17's way, is
     * gone from the API since Java 20; these calls are in both.)
     */
    static void xorBlock(int[] batch, int j, byte[] in, int p, byte[] out, int o) {
        for (int w = 0; w < 16; w += LANES) { // once with 16 lanes, twice with 8
            IntVector key = IntVector.fromArray(SPECIES, batch, j, WORDS, w);
            ByteVector.fromArray(BYTES, in, p + 4 * w).reinterpretAsInts().lanewise(VectorOperators.XOR, key)
                    .reinterpretAsBytes().intoArray(out, o + 4 * w);
        }
    }

    /**
     * Salsa20's quarter-round on words a, b, c, d of every lane. Each rotation is written out (two
     * shifts and an OR: 23 against 26 ns a block for Java 17's lanewise ROL) rather than a helper
     * that returns a vector: in the engine's I/O thread C2 left such helpers out of line, and a
     * vector passed between compiled methods is boxed on the heap.
     */
    private static void quarterRound(int[] x, int a, int b, int c, int d) {
        IntVector va = IntVector.fromArray(SPECIES, x, a * LANES);
        IntVector vb = IntVector.fromArray(SPECIES, x, b * LANES);
        IntVector vc = IntVector.fromArray(SPECIES, x, c * LANES);
        IntVector vd = IntVector.fromArray(SPECIES, x, d * LANES);
        IntVector t = va.add(vd);
        vb = vb.lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 7).or(t.lanewise(VectorOperators.LSHR, 25)));
        t = vb.add(va);
        vc = vc.lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 9).or(t.lanewise(VectorOperators.LSHR, 23)));
        t = vc.add(vb);
        vd = vd.lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 13).or(t.lanewise(VectorOperators.LSHR, 19)));
        t = vd.add(vc);
        va = va.lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 18).or(t.lanewise(VectorOperators.LSHR, 14)));
        va.intoArray(x, a * LANES);
        vb.intoArray(x, b * LANES);
        vc.intoArray(x, c * LANES);
        vd.intoArray(x, d * LANES);
    }
}
