package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.junit.jupiter.api.Test;

/**
 * The multi-block Salsa20 against Bouncy Castle's one-block core, and when the codec uses it. The
 * build runs this class with {@code --add-modules jdk.incubator.vector} and
 * {@code zmq4j.test.vectorKeystream=expected}, so there the batch must be in use, not skipped.
 */
class VectorSalsa20Test {
    private static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    @Test
    void theBuildsTestRunBatchesTheKeystream() throws InterruptedException {
        assumeTrue("expected".equals(System.getProperty("zmq4j.test.vectorKeystream")), "run outside the build's surefire configuration");
        assertTrue(vectorApiPresent(), "surefire's argLine should add jdk.incubator.vector");
        assertTrue(VectorCrypto.awaitDecision(30_000), "the batches were not turned on within 30 s: VectorCrypto.lanes() = " + VectorCrypto.lanes()
                + ", preferred vector width " + VectorSalsa20.LANES + " ints (AVX2 or wider is needed)");
        assertTrue(VectorCrypto.lanes() >= 8);
        String width = System.getProperty("zmq4j.test.vectorLanes");
        if (width != null) {
            assertEquals(Integer.parseInt(width), VectorCrypto.lanes(), "the batch width this execution asks for (-XX:MaxVectorSize)");
        }
    }

    @Test
    void withoutTheVectorApiTheKeystreamIsScalar() throws InterruptedException {
        assumeTrue(!vectorApiPresent(), "this JVM has the Vector API");
        assertFalse(VectorCrypto.awaitDecision(30_000));
        assertEquals(0, VectorCrypto.lanes());
    }

    @Test
    void everyLaneIsBouncyCastlesBlockAtItsCounter() {
        assumeTrue(vectorApiPresent(), "started without --add-modules jdk.incubator.vector");
        int lanes = VectorSalsa20.LANES;
        Random r = new Random(21);
        int[] state = new int[16];
        int[] batch = new int[16 * lanes];
        int[] expected = new int[16];
        int[] lane = new int[16];
        for (int counter : new int[] {0, 1, 1000, 0x7FFF_FFF0}) {
            for (int i = 0; i < 16; i++) {
                state[i] = r.nextInt();
            }
            VectorSalsa20.blocks(state, counter, batch);
            for (int j = 0; j < lanes; j++) {
                state[8] = counter + j;
                state[9] = 0;
                Salsa20Engine.salsaCore(20, state, expected);
                for (int w = 0; w < 16; w++) {
                    lane[w] = batch[w * lanes + j];
                }
                assertArrayEquals(expected, lane, "counter " + counter + ", lane " + j);
            }
        }
    }
}
