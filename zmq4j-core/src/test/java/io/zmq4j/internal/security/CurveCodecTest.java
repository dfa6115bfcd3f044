package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.internal.zmtp.ZmtpException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The MESSAGE codec, which restarts one cipher and one MAC per box, against {@link CryptoBox},
 * which builds crypto_secretbox from new objects each time: the same bytes, box after box.
 */
class CurveCodecTest {
    private static final int[] SIZES = {0, 1, 15, 16, 31, 32, 33, 63, 64, 65, 127, 1000, 16 * 1024, 70_000};

    private static byte[] key() {
        return Arrays.copyOf(CryptoBoxTest.FIRSTKEY, 32);
    }

    /** What libzmq puts on the wire for a frame: "MESSAGE", the short nonce, secretbox(flags + frame). */
    private static byte[] reference(String prefix, long n, int flags, byte[] frame) {
        byte[] plain = new byte[1 + frame.length];
        plain[0] = (byte) flags;
        System.arraycopy(frame, 0, plain, 1, frame.length);
        byte[] box = CryptoBox.seal(plain, 0, plain.length, CryptoBox.nonce(prefix, n), key());
        byte[] out = new byte[16 + box.length];
        System.arraycopy(new byte[] {7, 'M', 'E', 'S', 'S', 'A', 'G', 'E'}, 0, out, 0, 8);
        for (int i = 0; i < 8; i++) {
            out[8 + i] = (byte) (n >>> (56 - 8 * i));
        }
        System.arraycopy(box, 0, out, 16, box.length);
        return out;
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static CurveCodec client(long next, long lastPeer) {
        CurveCodec c = new CurveCodec("CurveZMQMESSAGEC", "CurveZMQMESSAGES");
        c.start(key(), next, lastPeer);
        return c;
    }

    private static CurveCodec server(long next, long lastPeer) {
        CurveCodec c = new CurveCodec("CurveZMQMESSAGES", "CurveZMQMESSAGEC");
        c.start(key(), next, lastPeer);
        return c;
    }

    @Test
    void boxesAreCryptoBoxSecretboxesBoxAfterBox() {
        Random r = new Random(1);
        CurveCodec c = client(5, 0);
        long n = 5;
        for (int round = 0; round < 3; round++) {
            for (int size : SIZES) {
                byte[] frame = random(r, size);
                int flags = (int) (n % 4);
                byte[] out = new byte[CurveCodec.OVERHEAD + size + 3];
                int len = c.seal(frame, 0, size, flags, out, 3);
                assertEquals(CurveCodec.OVERHEAD + size, len);
                assertArrayEquals(reference("CurveZMQMESSAGEC", n, flags, frame), Arrays.copyOfRange(out, 3, 3 + len),
                        "box of " + size + " bytes, nonce " + n);
                n++;
            }
        }
    }

    @Test
    void aFrameSealedInPlaceIsTheSameBox() {
        Random r = new Random(2);
        CurveCodec a = client(1, 0);
        CurveCodec b = client(1, 0);
        for (int size : SIZES) {
            byte[] frame = random(r, size);
            byte[] apart = new byte[CurveCodec.OVERHEAD + size];
            a.seal(frame, 0, size, 1, apart, 0);
            byte[] inPlace = new byte[CurveCodec.OVERHEAD + size];
            System.arraycopy(frame, 0, inPlace, CurveCodec.OVERHEAD, size);
            b.seal(inPlace, CurveCodec.OVERHEAD, size, 1, inPlace, 0);
            assertArrayEquals(apart, inPlace, "size " + size);
        }
    }

    @Test
    void opensCryptoBoxesFromArraysAndFromBuffers() throws ZmtpException {
        Random r = new Random(3);
        CurveCodec fromArrays = server(1, 0);
        CurveCodec fromBuffers = server(1, 0);
        long n = 1;
        for (int size : SIZES) {
            byte[] frame = random(r, size);
            int flags = (int) (n % 4);
            byte[] box = reference("CurveZMQMESSAGEC", n, flags, frame);
            byte[] padded = new byte[box.length + 10];
            System.arraycopy(box, 0, padded, 4, box.length);
            assertArrayEquals(frame, fromArrays.open(padded, 4, box.length));
            assertEquals(flags, fromArrays.openedFlags());

            ByteBuffer in = ByteBuffer.allocateDirect(box.length + 10);
            in.position(7);
            in.put(box).put((byte) 0x55).flip().position(7);
            assertArrayEquals(frame, fromBuffers.open(in, box.length));
            assertEquals(flags, fromBuffers.openedFlags());
            assertEquals(7 + box.length, in.position(), "the buffer moves past exactly the box");
            n += 3; // gaps are allowed: nonces only have to increase
        }
    }

    @Test
    void bothDirectionsRoundTripManyBoxes() throws ZmtpException {
        Random r = new Random(4);
        CurveCodec c = client(1, 0);
        CurveCodec s = server(1, 0);
        for (int i = 0; i < 500; i++) {
            byte[] frame = random(r, r.nextInt(300));
            byte[] box = new byte[CurveCodec.OVERHEAD + frame.length];
            c.seal(frame, 0, frame.length, i & 3, box, 0);
            assertArrayEquals(frame, s.open(box, 0, box.length));
            assertEquals(i & 3, s.openedFlags());
            byte[] back = new byte[CurveCodec.OVERHEAD + frame.length];
            s.seal(frame, 0, frame.length, 0, back, 0);
            assertArrayEquals(frame, c.open(ByteBuffer.wrap(back), back.length));
        }
    }

    @Test
    void aForgedBoxIsRefusedAndTheGenuineOneStillOpens() throws ZmtpException {
        byte[] frame = "forge me".getBytes();
        byte[] box = reference("CurveZMQMESSAGEC", 9, 0, frame);
        CurveCodec s = server(1, 0);
        for (int at : new int[] {16, 20, 31, 32, 33, box.length - 1}) {
            byte[] bad = box.clone();
            bad[at] ^= 1;
            ZmtpException e = assertThrows(ZmtpException.class, () -> s.open(bad, 0, bad.length), "byte " + at);
            assertEquals(ZmtpException.Code.CRYPTOGRAPHIC, e.code());
        }
        assertArrayEquals(frame, s.open(box, 0, box.length));
    }

    @Test
    void aReplayedOrOlderNonceIsRefused() throws ZmtpException {
        CurveCodec s = server(1, 0);
        byte[] seven = reference("CurveZMQMESSAGEC", 7, 0, new byte[3]);
        s.open(seven, 0, seven.length);
        ZmtpException again = assertThrows(ZmtpException.class, () -> s.open(seven, 0, seven.length));
        assertEquals(ZmtpException.Code.INVALID_SEQUENCE, again.code());
        byte[] six = reference("CurveZMQMESSAGEC", 6, 0, new byte[3]);
        assertEquals(ZmtpException.Code.INVALID_SEQUENCE, assertThrows(ZmtpException.class, () -> s.open(six, 0, six.length)).code());
    }

    @Test
    void aShortBodyIsMalformedAndAnythingButMessageIsUnexpected() {
        CurveCodec s = server(1, 0);
        byte[] shortBox = Arrays.copyOf(reference("CurveZMQMESSAGEC", 2, 0, new byte[0]), CurveCodec.OVERHEAD - 1);
        assertEquals(ZmtpException.Code.MALFORMED_COMMAND,
                assertThrows(ZmtpException.class, () -> s.open(shortBox, 0, shortBox.length)).code());
        assertEquals(ZmtpException.Code.MALFORMED_COMMAND,
                assertThrows(ZmtpException.class, () -> s.open(ByteBuffer.wrap(shortBox), shortBox.length)).code());
        byte[] ping = new byte[40];
        System.arraycopy(new byte[] {4, 'P', 'I', 'N', 'G'}, 0, ping, 0, 5);
        assertEquals(ZmtpException.Code.UNEXPECTED_COMMAND, assertThrows(ZmtpException.class, () -> s.open(ping, 0, ping.length)).code());
        assertEquals(ZmtpException.Code.UNEXPECTED_COMMAND, assertThrows(ZmtpException.class, () -> s.open(ping, 0, 5)).code());
    }

    @Test
    void eraseForgetsTheConnectionKey() {
        byte[] k = key();
        CurveCodec c = new CurveCodec("CurveZMQMESSAGEC", "CurveZMQMESSAGES");
        c.start(k, 1, 0);
        c.erase();
        assertTrue(Arrays.equals(new byte[32], k));
    }
}
