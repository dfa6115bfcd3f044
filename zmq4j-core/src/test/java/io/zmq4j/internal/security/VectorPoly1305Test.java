package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batched Poly1305 against Bouncy Castle's, where this JVM has the Vector API. */
class VectorPoly1305Test {
    private final Random random = new Random(1305);

    @BeforeEach
    void needsTheVectorApi() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "started without --add-modules jdk.incubator.vector");
    }

    private static byte[] bouncyCastleTag(byte[] key, byte[] m, int off, int len) {
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(key));
        mac.update(m, off, len);
        byte[] tag = new byte[16];
        mac.doFinal(tag, 0);
        return tag;
    }

    @Test
    void theBuildsTestRunUsesIt() throws InterruptedException {
        assumeTrue("expected".equals(System.getProperty("zmq4j.test.vectorKeystream")), "run outside the build's surefire configuration");
        assertTrue(VectorCrypto.awaitDecision(30_000), "the batches were not turned on within 30 s");
        assertTrue(VectorCrypto.poly1305(), "no 8-lane (AVX-512) Poly1305 on this machine: " + VectorPoly1305.LANES + " long lanes");
    }

    @Test
    void matchesBouncyCastleAtEveryLengthAroundTheBatchSizes() {
        VectorPoly1305 mac = new VectorPoly1305();
        byte[] key = new byte[32];
        byte[] m = new byte[70_000];
        byte[] tag = new byte[16];
        for (int len = 0; len <= 2200; len += len < 300 ? 1 : 7) {
            random.nextBytes(key);
            random.nextBytes(m);
            int off = random.nextInt(5);
            mac.init(key, 0);
            mac.update(m, off, len);
            mac.doFinal(tag, 0);
            assertArrayEquals(bouncyCastleTag(key, m, off, len), tag, "length " + len);
        }
        for (int len : new int[] {65_536, 65_537, 69_999}) {
            random.nextBytes(key);
            mac.init(key, 0);
            mac.update(m, 0, len);
            mac.doFinal(tag, 0);
            assertArrayEquals(bouncyCastleTag(key, m, 0, len), tag, "length " + len);
        }
    }

    @Test
    void inputInPiecesGivesTheSameTag() {
        VectorPoly1305 mac = new VectorPoly1305();
        byte[] key = new byte[32];
        byte[] m = new byte[5000];
        byte[] tag = new byte[16];
        for (int round = 0; round < 300; round++) {
            random.nextBytes(key);
            random.nextBytes(m);
            int len = random.nextInt(m.length);
            mac.init(key, 0);
            // the codec's own split (a flags byte, then the frame) and random ones
            int at = 0;
            int first = round % 2 == 0 ? Math.min(1, len) : random.nextInt(len + 1);
            mac.update(m, 0, first);
            at = first;
            while (at < len) {
                int n = Math.min(len - at, 1 + random.nextInt(round % 3 == 0 ? 20 : 1500));
                mac.update(m, at, n);
                at += n;
            }
            mac.doFinal(tag, 0);
            assertArrayEquals(bouncyCastleTag(key, m, 0, len), tag, "round " + round + ", length " + len);
        }
    }

    @Test
    void theLimbsStayInRangeForTheLargestValues() {
        // all-ones key and input: every limb and every product at its largest
        VectorPoly1305 mac = new VectorPoly1305();
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0xFF);
        byte[] m = new byte[4096];
        java.util.Arrays.fill(m, (byte) 0xFF);
        byte[] tag = new byte[16];
        for (int len : new int[] {16, 255, 256, 257, 1024, 4096}) {
            mac.init(key, 0);
            mac.update(m, 0, len);
            mac.doFinal(tag, 0);
            assertArrayEquals(bouncyCastleTag(key, m, 0, len), tag, "length " + len);
        }
    }
}
