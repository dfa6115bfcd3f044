package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.junit.jupiter.api.Test;

/** The auto-vectorized Salsa20 against Bouncy Castle's one-block core, block by block and byte by byte. */
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
}
