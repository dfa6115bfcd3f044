package io.zmq4j.internal.security;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.Salsa20Engine;

/**
 * Whether CURVE's keystream runs several Salsa20 blocks at once ({@link VectorSalsa20}), and how
 * many. It does when the JVM was started with {@code --add-modules jdk.incubator.vector}, the
 * hardware gives at least 8 int lanes (AVX2 or wider: with fewer the batch is slower than Bouncy
 * Castle's scalar core), the batch matches the scalar core on a test input, and the system
 * property {@code zmq4j.vectorKeystream} is not {@code false}. Otherwise {@link #LANES} is 0 and
 * nothing here loads the Vector API.
 */
final class SalsaLanes {
    /** Blocks per batch, or 0 for the scalar core only. */
    static final int LANES = lanes();

    private SalsaLanes() {
    }

    /** {@link VectorSalsa20#blocks}; only when {@link #LANES} is not 0. */
    static void blocks(int[] state, int counter, int[] out) {
        VectorSalsa20.blocks(state, counter, out);
    }

    private static int lanes() {
        if (!Boolean.parseBoolean(System.getProperty("zmq4j.vectorKeystream", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return 0;
        }
        try {
            int lanes = VectorSalsa20.LANES;
            return lanes >= 8 && matchesScalarCore(lanes) ? lanes : 0;
        } catch (LinkageError | RuntimeException e) {
            // an incubator API that moved in a later JDK: keep to the scalar core
            return 0;
        }
    }

    private static boolean matchesScalarCore(int lanes) {
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
}
