package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.testing.ChildJvm;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Poly1305 in superword lanes against Bouncy Castle's: which runs it takes, and what C2's vector
 * code for its loops gives (Poly1305Test covers it, with the other two, in this JVM's code).
 */
class LanePoly1305Test {
    private final Random random = new Random(1305_2);

    @Test
    void takesWholeRoundsOfLongRunsOnly() {
        ScalarPoly1305 mac = new ScalarPoly1305(true);
        byte[] key = new byte[32];
        byte[] m = new byte[16 * 1000];
        random.nextBytes(key);
        mac.init(key, 0);
        LanePoly1305 lanes = LanePoly1305.ofThisThread();
        assertEquals(0, lanes.absorb(mac, m, 0, LanePoly1305.MIN_BLOCKS - 1));
        assertEquals(LanePoly1305.MIN_BLOCKS, lanes.absorb(mac, m, 0, LanePoly1305.MIN_BLOCKS));
        assertEquals(LanePoly1305.MIN_BLOCKS + 3 * LanePoly1305.LANES, lanes.absorb(mac, m, 0, 1000));
    }

    @Test
    void aTagOverTheLanesIsBouncyCastlesAfterBlocksTakenOneAtATime() {
        // h from the scalar blocks before joins lane 0: 17 bytes first leave one block pending
        byte[] key = new byte[32];
        byte[] m = new byte[20_000];
        byte[] tag = new byte[16];
        for (int first : new int[] {1, 16, 17, 4000}) {
            random.nextBytes(key);
            random.nextBytes(m);
            ScalarPoly1305 mac = new ScalarPoly1305(true);
            mac.init(key, 0);
            mac.update(m, 0, first);
            mac.update(m, first, m.length - first);
            mac.doFinal(tag, 0);
            assertArrayEquals(Poly1305Test.bouncyCastleTag(key, m, 0, m.length), tag, "first " + first);
        }
    }

    /**
     * As LaneSalsa20Test's check: a child with C2 alone compiling each method before it goes on
     * ({@code -Xbatch}) runs the lanes until C2 has compiled their loops, then checks random
     * tags, at the vector widths of AVX-512, AVX2 and SSE on x86.
     */
    @ParameterizedTest(name = "-XX:UseAVX={0}")
    @ValueSource(ints = {3, 2, 0})
    void c2sVectorCodeGivesBouncyCastlesTags(int useAvx, @TempDir Path dir) throws Exception {
        ChildJvm.Result r = ChildJvm.run(ChildJvm.THIS_JAVA, dir, CompiledCheck.class, ChildJvm.c2Only(useAvx));
        for (String method : new String[] {"LanePoly1305::dot", "LanePoly1305::carry ", "LanePoly1305::addBlocks", "LanePoly1305::multiply"}) {
            assertTrue(r.stdout().contains(method), "C2 did not compile " + method + " before the check: " + r.stdout());
        }
        assertTrue(r.stdout().contains("checked 200 tags"), r.stdout());
    }

    /** The child of {@link #c2sVectorCodeGivesBouncyCastlesTags}: exits 1 at the first tag that differs. */
    static final class CompiledCheck {
        public static void main(String[] args) {
            Random random = new Random(11);
            byte[] key = new byte[32];
            byte[] m = new byte[70_000];
            byte[] tag = new byte[16];
            random.nextBytes(m);
            ScalarPoly1305 mac = new ScalarPoly1305(true);
            for (int i = 0; i < 3_000; i++) { // each call runs dot 20 times, carry 24: past C2's 10,000
                random.nextBytes(key);
                mac.init(key, 0);
                mac.update(m, 0, 16 * LanePoly1305.MIN_BLOCKS);
                mac.doFinal(tag, 0);
            }
            for (int call = 0; call < 200; call++) {
                random.nextBytes(key);
                if (call % 10 == 0) {
                    java.util.Arrays.fill(m, (byte) 0xFF); // every limb at its largest
                } else {
                    random.nextBytes(m);
                }
                int len = 16 * LanePoly1305.MIN_BLOCKS + random.nextInt(m.length - 16 * LanePoly1305.MIN_BLOCKS);
                mac.init(key, 0);
                mac.update(m, 0, len);
                mac.doFinal(tag, 0);
                if (!java.util.Arrays.equals(Poly1305Test.bouncyCastleTag(key, m, 0, len), tag)) {
                    System.out.println("call " + call + ": the tag over " + len + " bytes differs");
                    System.exit(1);
                }
            }
            System.out.println("checked 200 tags");
        }
    }
}
