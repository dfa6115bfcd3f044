package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.internal.zmtp.ZmtpException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec's own keystream loop (Bouncy Castle's Salsa20 core per block, XORed a long at a time)
 * and its Poly1305 against NaCl's crypto_secretbox known answer and against Bouncy Castle's
 * XSalsa20Engine and Poly1305 at every length where a block, word or batch boundary falls
 * differently; each test with the scalar core alone, with {@link LaneSalsa20} for long frames,
 * and with {@link VectorCrypto}' batches where the JVM has them.
 */
class CurveCodecKeystreamTest {
    /**
     * Around block and word boundaries. After block 0's 31 bytes: 3039 leaves 47 whole blocks
     * (Bouncy Castle's core), 3040 a byte more (more than 47 go to {@link LaneSalsa20});
     * 16414-16416 around one 256-block call; after it 17380 leaves 15 blocks, 19423 47 and
     * 19424 47 and a byte.
     */
    private static final int[] LENGTHS = {0, 1, 31, 32, 33, 63, 64, 65, 127, 223, 224, 225, 643, 1000, 1024, 1057, 1155, 1248,
        3039, 3040, 16414, 16415, 16416, 17380, 19423, 19424, 65536};
    /** Short nonces that set both Salsa20 nonce words, the high bit, and a carry between them. */
    private static final long[] NONCES = {1, 0xFFFF_FFFFL, 0x1_0000_0000L, 0x8219e0036b7a0b37L};
    private static final byte[] PREFIX = "CurveZMQMESSAGEC".getBytes();

    /** secretbox(flags + frame) under {@code key} and nonce prefix + big-endian n, from BC's XSalsa20Engine. */
    private static byte[] xsalsa20Box(byte[] key, byte[] prefix, long n, int flags, byte[] frame) {
        byte[] nonce = Arrays.copyOf(prefix, 24);
        for (int i = 0; i < 8; i++) {
            nonce[16 + i] = (byte) (n >>> (56 - 8 * i));
        }
        XSalsa20Engine s = new XSalsa20Engine();
        s.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] polyKey = new byte[32];
        s.processBytes(polyKey, 0, 32, polyKey, 0);
        byte[] plain = new byte[1 + frame.length];
        plain[0] = (byte) flags;
        System.arraycopy(frame, 0, plain, 1, frame.length);
        byte[] box = new byte[CurveCodec.OVERHEAD + frame.length];
        System.arraycopy(new byte[] {7, 'M', 'E', 'S', 'S', 'A', 'G', 'E'}, 0, box, 0, 8);
        System.arraycopy(nonce, 16, box, 8, 8);
        s.processBytes(plain, 0, plain.length, box, 32);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(box, 32, plain.length);
        mac.doFinal(box, 16);
        return box;
    }

    /** Bouncy Castle's core a block at a time, the auto-vectorized lanes, and the batch width where the Vector API is there. */
    static IntStream lanes() throws InterruptedException {
        VectorCrypto.awaitDecision(30_000);
        return IntStream.of(CurveCodec.SCALAR, CurveCodec.AUTO_VECTORIZED, VectorCrypto.lanes()).distinct();
    }

    private static CurveCodec codec(byte[] send, byte[] recv, int lanes) {
        return new CurveCodec(send, recv, lanes, lanes > CurveCodec.AUTO_VECTORIZED && VectorCrypto.poly1305());
    }

    private static byte[] bytes(String prefix) {
        return prefix.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] key() {
        return CryptoBoxTest.FIRSTKEY.clone();
    }

    @ParameterizedTest(name = "lanes {0}")
    @MethodSource("lanes")
    void sealsNaclsSecretboxKnownAnswer(int lanes) {
        // NaCl tests/secretbox.c: m = flags byte 0xbe + 130 bytes, nonce = a 16-byte prefix + 8-byte short nonce
        byte[] prefix = Arrays.copyOf(CryptoBoxTest.NONCE, 16);
        long n = ByteBuffer.wrap(CryptoBoxTest.NONCE, 16, 8).getLong();
        CurveCodec c = codec(prefix, prefix, lanes);
        c.start(key(), n, 0);
        byte[] m = CryptoBoxTest.M;
        byte[] out = new byte[CurveCodec.OVERHEAD + m.length - 1];
        c.seal(m, 1, m.length - 1, m[0] & 0xFF, out, 0);
        assertArrayEquals(CryptoBoxTest.C, Arrays.copyOfRange(out, 16, out.length));
        assertArrayEquals(Arrays.copyOfRange(CryptoBoxTest.NONCE, 16, 24), Arrays.copyOfRange(out, 8, 16));
    }

    @ParameterizedTest(name = "lanes {0}")
    @MethodSource("lanes")
    void opensNaclsSecretboxKnownAnswer(int lanes) throws ZmtpException {
        byte[] prefix = Arrays.copyOf(CryptoBoxTest.NONCE, 16);
        byte[] box = new byte[16 + CryptoBoxTest.C.length];
        System.arraycopy(new byte[] {7, 'M', 'E', 'S', 'S', 'A', 'G', 'E'}, 0, box, 0, 8);
        System.arraycopy(CryptoBoxTest.NONCE, 16, box, 8, 8);
        System.arraycopy(CryptoBoxTest.C, 0, box, 16, CryptoBoxTest.C.length);
        CurveCodec c = codec(prefix, prefix, lanes);
        c.start(key(), 1, 0);
        assertArrayEquals(Arrays.copyOfRange(CryptoBoxTest.M, 1, CryptoBoxTest.M.length), c.open(box, 0, box.length));
        assertEquals(0xbe, c.openedFlags());
    }

    @ParameterizedTest(name = "lanes {0}")
    @MethodSource("lanes")
    void sealsAsXSalsa20EngineAtEveryLengthFromAnyOffset(int lanes) {
        Random r = new Random(11);
        for (long n : NONCES) {
            for (int len : LENGTHS) {
                byte[] frame = new byte[len];
                r.nextBytes(frame);
                int flags = r.nextInt(256);
                byte[] expected = xsalsa20Box(key(), PREFIX, n, flags, frame);
                // odd offsets on both sides: the codec's long-wide XOR must not care about alignment
                byte[] src = new byte[len + 5];
                System.arraycopy(frame, 0, src, 3, len);
                byte[] dst = new byte[CurveCodec.OVERHEAD + len + 7];
                CurveCodec c = codec(bytes("CurveZMQMESSAGEC"), bytes("CurveZMQMESSAGES"), lanes);
                c.start(key(), n, 0);
                assertEquals(expected.length, c.seal(src, 3, len, flags, dst, 5));
                assertArrayEquals(expected, Arrays.copyOfRange(dst, 5, 5 + expected.length), "length " + len + ", nonce " + n);

                byte[] inPlace = new byte[CurveCodec.OVERHEAD + len + 1];
                System.arraycopy(frame, 0, inPlace, 1 + CurveCodec.OVERHEAD, len);
                CurveCodec d = codec(bytes("CurveZMQMESSAGEC"), bytes("CurveZMQMESSAGES"), lanes);
                d.start(key(), n, 0);
                d.seal(inPlace, 1 + CurveCodec.OVERHEAD, len, flags, inPlace, 1);
                assertArrayEquals(expected, Arrays.copyOfRange(inPlace, 1, inPlace.length), "in place, length " + len + ", nonce " + n);
            }
        }
    }

    @ParameterizedTest(name = "lanes {0}")
    @MethodSource("lanes")
    void opensXSalsa20EngineBoxesAtEveryLengthFromArraysAndBuffers(int lanes) throws ZmtpException {
        Random r = new Random(12);
        for (long n : NONCES) {
            for (int len : LENGTHS) {
                byte[] frame = new byte[len];
                r.nextBytes(frame);
                int flags = r.nextInt(256);
                byte[] box = xsalsa20Box(key(), PREFIX, n, flags, frame);
                byte[] padded = new byte[box.length + 6];
                System.arraycopy(box, 0, padded, 3, box.length);
                CurveCodec c = codec(bytes("CurveZMQMESSAGES"), bytes("CurveZMQMESSAGEC"), lanes);
                c.start(key(), 1, n - 1);
                assertArrayEquals(frame, c.open(padded, 3, box.length), "length " + len + ", nonce " + n);
                assertEquals(flags, c.openedFlags());

                ByteBuffer direct = ByteBuffer.allocateDirect(box.length + 3);
                direct.position(3);
                direct.put(box).flip().position(3);
                CurveCodec d = codec(bytes("CurveZMQMESSAGES"), bytes("CurveZMQMESSAGEC"), lanes);
                d.start(key(), 1, n - 1);
                assertArrayEquals(frame, d.open(direct, box.length), "buffer, length " + len + ", nonce " + n);
                assertEquals(flags, d.openedFlags());

                // a heap buffer whose array starts before the buffer does (arrayOffset 2)
                ByteBuffer heap = ByteBuffer.wrap(padded, 1, padded.length - 1).slice();
                heap.position(2);
                CurveCodec h = codec(bytes("CurveZMQMESSAGES"), bytes("CurveZMQMESSAGEC"), lanes);
                h.start(key(), 1, n - 1);
                assertArrayEquals(frame, h.open(heap, box.length), "heap buffer, length " + len + ", nonce " + n);
                assertEquals(flags, h.openedFlags());
                assertEquals(2 + box.length, heap.position(), "the buffer moves past exactly the box");
            }
        }
    }

    @ParameterizedTest(name = "lanes {0}")
    @MethodSource("lanes")
    void aTamperedBoxIsRefusedAtEveryLength(int lanes) throws ZmtpException {
        Random r = new Random(13);
        for (int len : LENGTHS) {
            byte[] frame = new byte[len];
            r.nextBytes(frame);
            byte[] box = xsalsa20Box(key(), PREFIX, 7, 1, frame);
            CurveCodec c = codec(bytes("CurveZMQMESSAGES"), bytes("CurveZMQMESSAGEC"), lanes);
            c.start(key(), 1, 0);
            // the tag, the flags byte, the frame's first, middle and last bytes
            int[] spots = len == 0 ? new int[] {16, 31, 32} : new int[] {16, 31, 32, 33, 33 + len / 2, box.length - 1};
            for (int at : spots) {
                byte[] bad = box.clone();
                bad[at] ^= 0x40;
                ZmtpException e = assertThrows(ZmtpException.class, () -> c.open(bad, 0, bad.length), "length " + len + ", byte " + at);
                assertEquals(ZmtpException.Code.CRYPTOGRAPHIC, e.code());
                ByteBuffer direct = ByteBuffer.allocateDirect(bad.length).put(bad).flip();
                e = assertThrows(ZmtpException.class, () -> c.open(direct, bad.length), "buffer, length " + len + ", byte " + at);
                assertEquals(ZmtpException.Code.CRYPTOGRAPHIC, e.code());
                e = assertThrows(ZmtpException.class, () -> c.open(ByteBuffer.wrap(bad), bad.length), "heap buffer, length " + len + ", byte " + at);
                assertEquals(ZmtpException.Code.CRYPTOGRAPHIC, e.code());
            }
            assertArrayEquals(frame, c.open(box, 0, box.length), "the genuine box still opens, length " + len);
        }
    }

    @Test
    void aCodecTakesUpTheBatchesOnceTheyAreOnAndItsBoxesStayTheSame() throws InterruptedException {
        Random r = new Random(14);
        byte[] frame = new byte[1024];
        r.nextBytes(frame);
        CurveCodec c = new CurveCodec("CurveZMQMESSAGEC", "CurveZMQMESSAGES");
        c.start(key(), 5, 0);
        byte[] box = new byte[CurveCodec.OVERHEAD + frame.length];
        c.seal(frame, 0, frame.length, 1, box, 0);
        assertArrayEquals(xsalsa20Box(key(), PREFIX, 5, 1, frame), box);
        assumeTrue(VectorCrypto.awaitDecision(30_000), "no Vector API batches in this JVM");
        c.seal(frame, 0, frame.length, 1, box, 0);
        assertArrayEquals(xsalsa20Box(key(), PREFIX, 6, 1, frame), box);
        assertEquals(VectorCrypto.lanes(), c.sealedLanes());
        assertEquals(VectorCrypto.poly1305(), c.sealedWithVectorMac());
    }

    @Test
    void aLongFramesKeystreamDoesNotStayInTheThreadsLanes() throws ZmtpException {
        byte[] frame = new byte[65536];
        new Random(15).nextBytes(frame);
        CurveCodec sender = codec(bytes("CurveZMQMESSAGEC"), bytes("CurveZMQMESSAGES"), CurveCodec.AUTO_VECTORIZED);
        sender.start(key(), 1, 0);
        byte[] box = new byte[CurveCodec.OVERHEAD + frame.length];
        sender.seal(frame, 0, frame.length, 0, box, 0);
        assertTrue(CurveCodec.lanesOfThisThread().erased(), "sealing left keystream behind");
        CurveCodec receiver = codec(bytes("CurveZMQMESSAGES"), bytes("CurveZMQMESSAGEC"), CurveCodec.AUTO_VECTORIZED);
        receiver.start(key(), 1, 0);
        assertArrayEquals(frame, receiver.open(box, 0, box.length));
        assertTrue(CurveCodec.lanesOfThisThread().erased(), "opening left keystream behind");
    }

    /**
     * Sizes for a stream of boxes: each block count a box made ahead can have (1 to 128), a
     * shrinking and a growing box against what was made, and boxes too long to be made ahead.
     */
    private static final int[] STREAM_LENGTHS = {0, 8, 31, 32, 64, 95, 96, 1024, 1000, 1024, 64, 2000, 8159, 8160, 3000, 20000, 1, 1024};

    @ParameterizedTest(name = "first nonce {0}")
    @MethodSource("streamNonces")
    void aStreamOfBoxesWithKeystreamMadeAheadSealsAndOpensAsXSalsa20Engine(long first) throws ZmtpException {
        Random r = new Random(first);
        CurveCodec sender = streaming(bytes("CurveZMQMESSAGEC"), bytes("CurveZMQMESSAGES"), () -> 0);
        CurveCodec receiver = streaming(bytes("CurveZMQMESSAGES"), bytes("CurveZMQMESSAGEC"), () -> 0);
        sender.start(key(), first, 0);
        receiver.start(key(), 1, first - 1);
        long n = first;
        for (int i = 0; i < 600; i++, n++) {
            int len = i < 300 ? STREAM_LENGTHS[i % STREAM_LENGTHS.length] : r.nextInt(9000);
            byte[] frame = new byte[len];
            r.nextBytes(frame);
            int flags = r.nextInt(256);
            byte[] expected = xsalsa20Box(key(), PREFIX, n, flags, frame);
            byte[] box = new byte[CurveCodec.OVERHEAD + len];
            sender.seal(frame, 0, len, flags, box, 0);
            assertArrayEquals(expected, box, "box " + i + ", length " + len + ", nonce " + n);
            // the first 300 a clean stream; then boxes the receiver never sees (its next nonce is
            // not the one after its last: it stops making its peer's ahead for a while), and
            // forged boxes before the real ones
            if (i >= 300 && i % 7 == 3) {
                continue;
            }
            if (i >= 300 && i % 11 == 5) {
                byte[] forged = box.clone();
                forged[forged.length - 1] ^= 1;
                assertThrows(ZmtpException.class, () -> receiver.open(forged, 0, forged.length), "forged box " + i);
            }
            assertArrayEquals(frame, receiver.open(box, 0, box.length), "box " + i + ", length " + len + ", nonce " + n);
            assertEquals(flags, receiver.openedFlags());
        }
        // most boxes of up to 128 blocks took their keystream from what was made ahead
        assertTrue(sender.boxesMadeAhead() > 400, "sender: " + sender.boxesMadeAhead() + " boxes made ahead");
        assertTrue(receiver.boxesMadeAhead() > 150, "receiver: " + receiver.boxesMadeAhead() + " boxes made ahead");
    }

    static long[] streamNonces() {
        return new long[] {1, 0xFFFF_FF00L, 0x8219e0036b7a0b37L};
    }

    @Test
    void aClosedConnectionErasesWhatItMadeAheadAndGivesBackItsBudget() {
        long before = CurveCodec.aheadHeld();
        CurveCodec sender = streaming(bytes("CurveZMQMESSAGEC"), bytes("CurveZMQMESSAGES"), () -> 0);
        sender.start(key(), 1, 0);
        byte[] frame = new byte[1024];
        byte[] box = new byte[CurveCodec.OVERHEAD + frame.length];
        for (int i = 0; i < 20; i++) {
            sender.seal(frame, 0, frame.length, 0, box, 0);
        }
        assertTrue(sender.boxesMadeAhead() > 0);
        assertTrue(CurveCodec.aheadHeld() > before, "no keystream made ahead is counted");
        LaneSalsa20 ahead = sender.sendingAhead();
        assertFalse(ahead.erased(), "the next boxes' keystream is there until the connection ends");
        sender.erase();
        assertTrue(ahead.erased(), "the keystream made ahead outlived the connection");
        assertEquals(before, CurveCodec.aheadHeld());
    }

    @Test
    void aRestartedCodecDoesNotUseKeystreamMadeUnderItsOldKey() {
        byte[] frame = new byte[1024];
        new Random(16).nextBytes(frame);
        byte[] box = new byte[CurveCodec.OVERHEAD + frame.length];
        CurveCodec sender = streaming(bytes("CurveZMQMESSAGEC"), bytes("CurveZMQMESSAGES"), () -> 0);
        sender.start(key(), 1, 0);
        for (int i = 0; i < 20; i++) { // nonces 1-20: from the 16th on, the next ones are made ahead
            sender.seal(frame, 0, frame.length, 0, box, 0);
        }
        assertTrue(sender.boxesMadeAhead() > 0);
        byte[] other = key();
        for (int i = 0; i < other.length; i++) {
            other[i] ^= (byte) 0x5A;
        }
        sender.start(other.clone(), 21, 0); // a nonce made ahead under the first key
        sender.seal(frame, 0, frame.length, 0, box, 0);
        assertArrayEquals(xsalsa20Box(other, PREFIX, 21, 0, frame), box);
    }

    /** A codec with the default keystream paths whose boxes all come {@code clock}'s time apart. */
    private static CurveCodec streaming(byte[] send, byte[] recv, java.util.function.LongSupplier clock) {
        return new CurveCodec(send, recv, CurveCodec.AUTO_VECTORIZED, false, clock);
    }

    @Test
    void boxesBetweenWaitsKeepTheirOwnKeystreamAndAStreamMakesItAhead() {
        long[] now = {0};
        CurveCodec sender = streaming(bytes("CurveZMQMESSAGEC"), bytes("CurveZMQMESSAGES"), () -> now[0]);
        sender.start(key(), 1, 0);
        byte[] frame = new byte[1024];
        byte[] box = new byte[CurveCodec.OVERHEAD + frame.length];
        for (int i = 0; i < 200; i++) { // request-reply: 30 µs between boxes
            now[0] += 30_000;
            sender.seal(frame, 0, frame.length, 0, box, 0);
        }
        assertEquals(0, sender.boxesMadeAhead(), "boxes between waits took keystream made ahead");
        for (int i = 0; i < 200; i++) { // a stream: 2 µs apart
            now[0] += 2_000;
            sender.seal(frame, 0, frame.length, 0, box, 0);
        }
        long streamed = sender.boxesMadeAhead();
        assertTrue(streamed > 150, "a stream took " + streamed + " of 200 boxes' keystream from what was made ahead");
        for (int i = 0; i < 200; i++) { // and waits again: what is made ahead runs out and is not made again
            now[0] += 30_000;
            sender.seal(frame, 0, frame.length, 0, box, 0);
        }
        assertTrue(sender.boxesMadeAhead() - streamed <= 15, "after the stream: " + (sender.boxesMadeAhead() - streamed));
        long n = 601;
        sender.seal(frame, 0, frame.length, 0, box, 0);
        assertArrayEquals(xsalsa20Box(key(), PREFIX, n, 0, frame), box);
    }

    @Test
    void aPeerThatSkipsNoncesDoesNotMakeTheReceiverRemakeABatchPerBox() throws ZmtpException {
        CurveCodec sender = streaming(bytes("CurveZMQMESSAGEC"), bytes("CurveZMQMESSAGES"), () -> 0);
        CurveCodec receiver = streaming(bytes("CurveZMQMESSAGES"), bytes("CurveZMQMESSAGEC"), () -> 0);
        byte[] frame = new byte[200]; // 4 blocks: a batch holds 64 boxes
        byte[] box = new byte[CurveCodec.OVERHEAD + frame.length];
        receiver.start(key(), 1, 0);
        long n = 1;
        for (int i = 0; i < 40; i++, n++) { // a stream, so the receiver makes its peer's next boxes
            sender.start(key(), n, 0);
            sender.seal(frame, 0, frame.length, 0, box, 0);
            receiver.open(box, 0, box.length);
        }
        long ahead = receiver.boxesMadeAhead();
        assertTrue(ahead > 0);
        for (int i = 0; i < 200; i++) { // then each box skips past whatever was made
            n += 100;
            sender.start(key(), n, 0);
            sender.seal(frame, 0, frame.length, 0, box, 0);
            assertArrayEquals(frame, receiver.open(box, 0, box.length), "box at nonce " + n);
        }
        // after a skip the receiver goes back to looking at the pace every 16 boxes: at most one
        // batch per 16 boxes, and each of those serves its own box only
        assertTrue(receiver.boxesMadeAhead() - ahead <= 200 / 16 + 1, "boxes from a batch while nonces skipped: " + (receiver.boxesMadeAhead() - ahead));
    }
}
