package io.zmq4j.internal.security;

import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Whether CURVE's boxes use the Vector API: Salsa20 several blocks at once
 * ({@link VectorSalsa20}) and Poly1305 eight blocks at once ({@link VectorPoly1305}). They do when
 * the JVM was started with {@code --add-modules jdk.incubator.vector}, the system property
 * {@code zmq4j.vectorKeystream} is not {@code false}, the hardware is wide enough (at least 8 int
 * lanes, AVX2, for Salsa20, where fewer lanes are slower than Bouncy Castle's scalar core; 8 long
 * lanes, AVX-512, for Poly1305, the only width measured), and each gives Bouncy Castle's answer on
 * a test input. Otherwise {@link #LANES} is 0, {@link #POLY1305} false, and nothing here loads
 * the Vector API.
 */
final class VectorCrypto {
    /** Salsa20 blocks per batch, or 0 for Bouncy Castle's scalar core only. */
    static final int LANES = salsaLanes();
    /** Whether Poly1305 goes through {@link VectorPoly1305}; only where {@link #LANES} is not 0. */
    static final boolean POLY1305 = LANES > 0 && poly1305();

    private VectorCrypto() {
    }

    /** {@link VectorSalsa20#blocks}; only when {@link #LANES} is not 0. */
    static void blocks(int[] state, int counter, int[] out) {
        VectorSalsa20.blocks(state, counter, out);
    }

    /** {@link VectorSalsa20#xorBlock}; only when {@link #LANES} is not 0. */
    static void xorBlock(int[] batch, int j, byte[] in, int p, byte[] out, int o) {
        VectorSalsa20.xorBlock(batch, j, in, p, out, o);
    }

    private static int salsaLanes() {
        if (!Boolean.parseBoolean(System.getProperty("zmq4j.vectorKeystream", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return 0;
        }
        try {
            int lanes = VectorSalsa20.LANES;
            return lanes >= 8 && salsaMatchesScalarCore(lanes) ? lanes : 0;
        } catch (LinkageError | RuntimeException e) {
            // an incubator API that moved in a later JDK: keep to the scalar core
            return 0;
        }
    }

    private static boolean salsaMatchesScalarCore(int lanes) {
        int[] state = new int[16];
        for (int i = 0; i < 16; i++) {
            state[i] = 0x9E3779B9 * (i + 1);
        }
        int counter = 0x7FFF_FFF0;
        int[] batch = new int[16 * lanes];
        VectorSalsa20.blocks(state, counter, batch);
        int[] block = new int[16];
        int[] lane = new int[16];
        for (int j = 0; j < lanes; j++) {
            state[8] = counter + j;
            state[9] = 0;
            Salsa20Engine.salsaCore(20, state, block);
            for (int w = 0; w < 16; w++) {
                lane[w] = batch[w * lanes + j];
            }
            if (!Arrays.equals(block, lane)) {
                return false;
            }
        }
        return true;
    }

    private static boolean poly1305() {
        try {
            if (VectorPoly1305.LANES != 8) {
                return false;
            }
            Random r = new Random(1305);
            byte[] key = new byte[32];
            byte[] message = new byte[1001];
            r.nextBytes(key);
            r.nextBytes(message);
            Poly1305 bc = new Poly1305();
            bc.init(new KeyParameter(key));
            bc.update(message, 0, message.length);
            byte[] expected = new byte[16];
            bc.doFinal(expected, 0);
            VectorPoly1305 ours = new VectorPoly1305();
            ours.init(key, 0);
            ours.update(message, 0, 1);
            ours.update(message, 1, message.length - 1);
            byte[] tag = new byte[16];
            ours.doFinal(tag, 0);
            return Arrays.equals(expected, tag);
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
