package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Named.named;

import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our Poly1305, a block at a time ({@link ScalarPoly1305}), in superword lanes for long input
 * ({@link LanePoly1305}) and batched where this JVM has the Vector API ({@link VectorPoly1305}),
 * against Bouncy Castle's.
 */
class Poly1305Test {
    private final Random random = new Random(1305);

    static Stream<Named<Supplier<ScalarPoly1305>>> macs() {
        Named<Supplier<ScalarPoly1305>> scalar = named("a block at a time", ScalarPoly1305::new);
        Named<Supplier<ScalarPoly1305>> lanes = named("superword lanes", () -> new ScalarPoly1305(true));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Stream.of(scalar, lanes);
        }
        return Stream.of(scalar, lanes, named("Vector API batches", VectorPoly1305::new));
    }

    static byte[] bouncyCastleTag(byte[] key, byte[] m, int off, int len) {
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(key));
        mac.update(m, off, len);
        byte[] tag = new byte[16];
        mac.doFinal(tag, 0);
        return tag;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("macs")
    void matchesBouncyCastleAtEveryLengthAroundTheBatchSizes(Supplier<ScalarPoly1305> macs) {
        ScalarPoly1305 mac = macs.get();
        byte[] key = new byte[32];
        byte[] m = new byte[70_000];
        byte[] tag = new byte[16];
        for (int len = 0; len <= 2200; len += len < 300 ? 1 : 7) {
            random.nextBytes(m);
            assertBouncyCastlesTagAtRandomOffset(mac, key, m, len, tag);
        }
        // around the lanes' smallest run and a round more (LanePoly1305: 512 blocks, then 128)
        for (int len = 8_170; len <= 10_260; len += len < 8_210 || len > 10_220 ? 1 : 61) {
            assertBouncyCastlesTagAtRandomOffset(mac, key, m, len, tag);
        }
        for (int len : new int[] {65_536, 65_537, 69_999}) {
            random.nextBytes(key);
            mac.init(key, 0);
            mac.update(m, 0, len);
            mac.doFinal(tag, 0);
            assertArrayEquals(bouncyCastleTag(key, m, 0, len), tag, "length " + len);
        }
    }

    /** A fresh random key, then mac's tag over {@code len} bytes of m from a random offset, against Bouncy Castle's. */
    private void assertBouncyCastlesTagAtRandomOffset(ScalarPoly1305 mac, byte[] key, byte[] m, int len, byte[] tag) {
        random.nextBytes(key);
        int off = random.nextInt(5);
        mac.init(key, 0);
        mac.update(m, off, len);
        mac.doFinal(tag, 0);
        assertArrayEquals(bouncyCastleTag(key, m, off, len), tag, "length " + len);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("macs")
    void inputInPiecesGivesTheSameTag(Supplier<ScalarPoly1305> macs) {
        ScalarPoly1305 mac = macs.get();
        byte[] key = new byte[32];
        byte[] m = new byte[40_000];
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
                int n = Math.min(len - at, 1 + random.nextInt(round % 3 == 0 ? 20 : round % 3 == 1 ? 1500 : 20_000));
                mac.update(m, at, n);
                at += n;
            }
            mac.doFinal(tag, 0);
            assertArrayEquals(bouncyCastleTag(key, m, 0, len), tag, "round " + round + ", length " + len);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("macs")
    void theLimbsStayInRangeForTheLargestValues(Supplier<ScalarPoly1305> macs) {
        // all-ones key and input: every limb and every product at its largest
        ScalarPoly1305 mac = macs.get();
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0xFF);
        byte[] m = new byte[65_536];
        java.util.Arrays.fill(m, (byte) 0xFF);
        byte[] tag = new byte[16];
        for (int len : new int[] {16, 255, 256, 257, 1024, 4096, 8192, 10_240, 65_536}) {
            mac.init(key, 0);
            mac.update(m, 0, len);
            mac.doFinal(tag, 0);
            assertArrayEquals(bouncyCastleTag(key, m, 0, len), tag, "length " + len);
        }
    }

    /**
     * RFC 8439 §A.3's Poly1305 vectors #5-#11: values random input almost never reaches, such as
     * h at or above 2^130 - 5 before the final reduction and carries out of the top limb; each
     * is key (r then s), message, tag.
     */
    private static final String[][] RFC8439_EDGES = {
        {"02000000000000000000000000000000" + "00000000000000000000000000000000", "ffffffffffffffffffffffffffffffff", "03000000000000000000000000000000"},
        {"02000000000000000000000000000000" + "ffffffffffffffffffffffffffffffff", "02000000000000000000000000000000", "03000000000000000000000000000000"},
        {"01000000000000000000000000000000" + "00000000000000000000000000000000",
            "ffffffffffffffffffffffffffffffff" + "f0ffffffffffffffffffffffffffffff" + "11000000000000000000000000000000", "05000000000000000000000000000000"},
        {"01000000000000000000000000000000" + "00000000000000000000000000000000",
            "ffffffffffffffffffffffffffffffff" + "fbfefefefefefefefefefefefefefefe" + "01010101010101010101010101010101", "00000000000000000000000000000000"},
        {"02000000000000000000000000000000" + "00000000000000000000000000000000", "fdffffffffffffffffffffffffffffff", "faffffffffffffffffffffffffffffff"},
        {"01000000000000000400000000000000" + "00000000000000000000000000000000",
            "e33594d7505e43b90000000000000000" + "3394d7505e4379cd0100000000000000" + "00000000000000000000000000000000" + "01000000000000000000000000000000",
            "14000000000000005500000000000000"},
        {"01000000000000000400000000000000" + "00000000000000000000000000000000",
            "e33594d7505e43b90000000000000000" + "3394d7505e4379cd0100000000000000" + "00000000000000000000000000000000", "13000000000000000000000000000000"},
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("macs")
    void givesRfc8439sTagsWhereTheFinalReductionAndCarriesMatter(Supplier<ScalarPoly1305> macs) {
        ScalarPoly1305 mac = macs.get();
        byte[] tag = new byte[16];
        for (String[] v : RFC8439_EDGES) {
            byte[] key = Hex.decode(v[0]);
            byte[] m = Hex.decode(v[1]);
            mac.init(key, 0);
            mac.update(m, 0, m.length);
            mac.doFinal(tag, 0);
            assertArrayEquals(Hex.decode(v[2]), tag, "key " + v[0] + ", message " + v[1]);
        }
    }
}
