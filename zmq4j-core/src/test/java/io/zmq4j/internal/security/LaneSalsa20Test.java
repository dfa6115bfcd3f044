package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.testing.ChildJvm;
import java.nio.file.Path;
import java.util.Random;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The auto-vectorized Salsa20 against Bouncy Castle's one-block core, block by block and byte by
 * byte: in this JVM (interpreted or C1 code, as the JIT has got to it) and in a child JVM where
 * C2 has compiled it, at each vector width.
 */
class LaneSalsa20Test {
    private final Random random = new Random(20);

    private int[] randomState() {
        int[] state = new int[16];
        for (int i = 0; i < 16; i++) {
            state[i] = random.nextInt();
        }
        state[9] = 0; // the counter's high word, as the codec keeps it
        return state;
    }

    @Test
    void everyBlockIsBouncyCastlesBlockAtItsCounter() {
        LaneSalsa20 lanes = new LaneSalsa20();
        int[] expected = new int[16];
        int[] block = new int[16];
        // fewer blocks than a vector, odd counts, a full call; and counters up to 2^31 - 1
        for (int n : new int[] {1, 7, 15, 16, 17, 100, 255, LaneSalsa20.MAX_BLOCKS}) {
            for (int counter : new int[] {0, 1, 1000, Integer.MAX_VALUE - n + 1}) {
                int[] state = randomState();
                lanes.blocks(state, counter, n);
                for (int j = 0; j < n; j++) {
                    lanes.copyBlock(j, block);
                    int[] input = state.clone();
                    input[8] = counter + j;
                    Salsa20Engine.salsaCore(20, input, expected);
                    assertArrayEquals(expected, block, n + " blocks from counter " + counter + ", block " + j);
                }
            }
        }
    }

    @Test
    void eachBoxsBlocksAreBouncyCastlesAtItsOwnNonce() {
        LaneSalsa20 lanes = new LaneSalsa20();
        int[] expected = new int[16];
        int[] block = new int[16];
        // one-block boxes to two 128-block ones; nonces whose low word carries into the high one
        int[][] shapes = {{256, 1}, {128, 2}, {15, 17}, {3, 66}, {2, 128}, {1, 5}};
        for (int[] shape : shapes) {
            for (long first : new long[] {1, 0xFFFF_FFF8L, 0x8219e0036b7a0b37L}) {
                int[] state = randomState();
                lanes.boxes(state, first, shape[0], shape[1]);
                for (int b = 0; b < shape[0]; b++) {
                    long nonce = first + b;
                    for (int k = 0; k < shape[1]; k++) {
                        int[] input = state.clone();
                        input[6] = Integer.reverseBytes((int) (nonce >>> 32));
                        input[7] = Integer.reverseBytes((int) nonce);
                        input[8] = k;
                        input[9] = 0;
                        Salsa20Engine.salsaCore(20, input, expected);
                        lanes.copyBlock(b * shape[1] + k, block);
                        assertArrayEquals(expected, block, shape[0] + " boxes of " + shape[1] + " from nonce " + first + ": box " + b + ", block " + k);
                    }
                }
            }
        }
    }

    @Test
    void aCallUsesNothingLeftFromTheCallBefore() {
        LaneSalsa20 lanes = new LaneSalsa20();
        int[] state = randomState();
        lanes.blocks(randomState(), 5, LaneSalsa20.MAX_BLOCKS);
        lanes.blocks(state, 9, 3);
        int[] expected = new int[16];
        int[] block = new int[16];
        for (int j = 0; j < 3; j++) {
            state[8] = 9 + j;
            Salsa20Engine.salsaCore(20, state, expected);
            lanes.copyBlock(j, block);
            assertArrayEquals(expected, block, "block " + j);
        }
    }

    @Test
    void xorBlockXorsTheBlocksLittleEndianBytesFromAnyOffset() {
        LaneSalsa20 lanes = new LaneSalsa20();
        int[] state = randomState();
        lanes.blocks(state, 3, 20);
        byte[] in = new byte[64 * 20 + 3];
        random.nextBytes(in);
        byte[] out = new byte[in.length + 5];
        int[] expected = new int[16];
        for (int j = 0; j < 20; j++) {
            lanes.xorBlock(j, in, 3 + 64 * j, out, 5 + 64 * j);
            state[8] = 3 + j;
            Salsa20Engine.salsaCore(20, state, expected);
            for (int b = 0; b < 64; b++) {
                byte key = (byte) (expected[b >>> 2] >>> (8 * (b & 3)));
                if (out[5 + 64 * j + b] != (byte) (in[3 + 64 * j + b] ^ key)) {
                    throw new AssertionError("block " + j + ", byte " + b);
                }
            }
        }
    }

    /**
     * What C2's auto-vectorizer makes of the loops is what runs in a long-lived process, and this
     * JVM may not have compiled them yet. So a child with C2 alone ({@code -XX:-TieredCompilation})
     * compiling each method as soon as it is hot and before going on ({@code -Xbatch}) warms them
     * up, then checks random calls; at the vector widths of AVX-512, AVX2 and SSE on x86.
     */
    @ParameterizedTest(name = "-XX:UseAVX={0}")
    @ValueSource(ints = {3, 2, 0})
    void c2sVectorCodeGivesBouncyCastlesBlocks(int useAvx, @TempDir Path dir) throws Exception {
        ChildJvm.Result r = ChildJvm.run(ChildJvm.THIS_JAVA, dir, CompiledCheck.class, ChildJvm.c2Only(useAvx));
        assertTrue(r.stdout().contains("LaneSalsa20::quarterRound") && r.stdout().contains("LaneSalsa20::blocks (")
                && r.stdout().contains("LaneSalsa20::boxes ("), "C2 did not compile the lanes before the check: " + r.stdout());
        assertTrue(r.stdout().contains("checked 300 calls and 300 batches of boxes"), r.stdout());
    }

    /** The child of {@link #c2sVectorCodeGivesBouncyCastlesBlocks}: exits 1 at the first block that differs. */
    static final class CompiledCheck {
        public static void main(String[] args) {
            Random random = new Random(7);
            LaneSalsa20 lanes = new LaneSalsa20();
            int[] state = new int[16];
            for (int i = 0; i < 12_000; i++) { // past C2's threshold of 10,000 calls for blocks and boxes
                state[i & 15] = random.nextInt();
                lanes.blocks(state, i, LaneSalsa20.MAX_BLOCKS);
                lanes.boxes(state, i, 15, 17);
            }
            int[] expected = new int[16];
            int[] block = new int[16];
            for (int call = 0; call < 300; call++) {
                for (int i = 0; i < 16; i++) {
                    state[i] = random.nextInt();
                }
                state[9] = 0;
                int n = 1 + random.nextInt(LaneSalsa20.MAX_BLOCKS);
                int counter = random.nextInt(Integer.MAX_VALUE - n);
                lanes.blocks(state, counter, n);
                for (int j = 0; j < n; j++) {
                    state[8] = counter + j;
                    Salsa20Engine.salsaCore(20, state, expected);
                    lanes.copyBlock(j, block);
                    if (!java.util.Arrays.equals(expected, block)) {
                        System.out.println("call " + call + ": block " + j + " of " + n + " differs");
                        System.exit(1);
                    }
                }
            }
            for (int call = 0; call < 300; call++) {
                for (int i = 0; i < 16; i++) {
                    state[i] = random.nextInt();
                }
                int each = 1 + random.nextInt(LaneSalsa20.MAX_BLOCKS / 2);
                int boxes = 1 + random.nextInt(LaneSalsa20.MAX_BLOCKS / each);
                long first = random.nextLong();
                lanes.boxes(state, first, boxes, each);
                for (int b = 0; b < boxes; b++) {
                    for (int k = 0; k < each; k++) {
                        int[] input = state.clone();
                        input[6] = Integer.reverseBytes((int) ((first + b) >>> 32));
                        input[7] = Integer.reverseBytes((int) (first + b));
                        input[8] = k;
                        input[9] = 0;
                        Salsa20Engine.salsaCore(20, input, expected);
                        lanes.copyBlock(b * each + k, block);
                        if (!java.util.Arrays.equals(expected, block)) {
                            System.out.println("batch " + call + ": box " + b + " block " + k + " differs");
                            System.exit(1);
                        }
                    }
                }
            }
            System.out.println("checked 300 calls and 300 batches of boxes");
        }
    }
}
