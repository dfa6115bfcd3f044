package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Known answers from NaCl/libsodium's test suite (tests/box.c, secretbox.c, core1..3). */
class CryptoBoxTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static final byte[] ALICE_SK = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    static final byte[] ALICE_PK = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    static final byte[] BOB_SK = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    static final byte[] BOB_PK = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    static final byte[] NONCE = hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    static final byte[] M = hex("be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffc"
            + "e5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb31"
            + "0e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde"
            + "048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f93776384864"
            + "5e0705");
    static final byte[] C = hex("f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce"
            + "48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c972"
            + "71d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae"
            + "90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b3"
            + "7973f622a43d14a6599b1f654cb45a74e355a5");
    static final byte[] FIRSTKEY = hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");

    @Test
    void publicKeysFromSecretKeys() {
        assertArrayEquals(ALICE_PK, CryptoBox.publicKey(ALICE_SK));
        assertArrayEquals(BOB_PK, CryptoBox.publicKey(BOB_SK));
    }

    @Test
    void beforenmIsNaclFirstkey() {
        assertArrayEquals(FIRSTKEY, CryptoBox.beforenm(BOB_PK, ALICE_SK));
        assertArrayEquals(FIRSTKEY, CryptoBox.beforenm(ALICE_PK, BOB_SK));
    }

    @Test
    void hsalsa20SecondKey() {
        byte[] in = new byte[16];
        System.arraycopy(NONCE, 0, in, 0, 16);
        assertArrayEquals(hex("dc908dda0b9344a953629b733820778880f3ceb421bb61b91cbd4c3e66256ce4"), CryptoBox.hsalsa20(FIRSTKEY, in));
    }

    @Test
    void boxKnownAnswer() {
        assertArrayEquals(C, CryptoBox.box(M, NONCE, BOB_PK, ALICE_SK));
        assertArrayEquals(M, CryptoBox.open(C, NONCE, ALICE_PK, BOB_SK));
        assertArrayEquals(C, CryptoBox.seal(M, 0, M.length, NONCE, FIRSTKEY));
    }

    @Test
    void everyFlippedBitIsRefused() {
        for (int i = 0; i < C.length * 8; i += 7) {
            byte[] bad = C.clone();
            bad[i / 8] ^= (byte) (1 << (i % 8));
            assertNull(CryptoBox.unseal(bad, 0, bad.length, NONCE, FIRSTKEY), "bit " + i);
        }
        assertNull(CryptoBox.unseal(new byte[15], 0, 15, NONCE, FIRSTKEY));
    }

    @Test
    void randomRoundTrips() {
        Random r = new Random(1);
        for (int i = 0; i < 50; i++) {
            byte[][] a = CryptoBox.keyPair();
            byte[][] b = CryptoBox.keyPair();
            byte[] m = new byte[r.nextInt(3000)];
            r.nextBytes(m);
            byte[] n = CryptoBox.randomBytes(24);
            byte[] c = CryptoBox.box(m, n, b[0], a[1]);
            byte[] back = CryptoBox.open(c, n, a[0], b[1]);
            assertNotNull(back);
            assertArrayEquals(m, back);
        }
    }
}
