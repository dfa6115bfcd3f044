package io.zmq4j.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zmq4j.internal.io.BufferFrame;
import io.zmq4j.internal.zmtp.Greeting;
import io.zmq4j.internal.zmtp.ZmtpDecoder;
import io.zmq4j.internal.zmtp.ZmtpEncoder;
import io.zmq4j.internal.zmtp.ZmtpException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The encoder sealing frames as it reaches them and the decoder handing whole boxes over in the
 * input: a stream of messages and commands through a small output buffer (boxes and headers cut
 * at every point), then back in reads of random sizes (boxes whole in a read, opened in place,
 * and boxes across reads, opened from an array).
 */
class SealedFramingTest {
    private static final byte[] KEY = Arrays.copyOf(CryptoBoxTest.FIRSTKEY, 32);

    /** One message (or command) as sent, and as it must come back. */
    private record Sent(List<byte[]> frames, boolean command) {}

    private static CurveCodec codec(String send, String recv) {
        CurveCodec c = new CurveCodec(send, recv);
        c.start(KEY.clone(), 1, 0);
        return c;
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static List<Sent> traffic(Random r) {
        List<Sent> out = new ArrayList<>();
        // 222 bytes make a box of 255, the last with a one-byte length
        int[] sizes = {0, 1, 8, 64, 221, 222, 223, 1000, ZmtpEncoder.GATHER_MIN, 17_000, 100_000};
        for (int round = 0; round < 4; round++) {
            for (int size : sizes) {
                out.add(new Sent(List.of(random(r, size)), false));
            }
            out.add(new Sent(List.of(random(r, 5), new byte[0], random(r, 300), random(r, 40_000)), false));
            out.add(new Sent(List.of("\u0004PING\u0000\u0000".getBytes()), true));
            for (int i = 0; i < 200; i++) {
                out.add(new Sent(List.of(random(r, r.nextInt(90))), false));
            }
        }
        return out;
    }

    private static byte[] encode(List<Sent> traffic, int outSize, boolean buffers) {
        ZmtpEncoder e = new ZmtpEncoder();
        e.sealWith(codec("CurveZMQMESSAGEC", "CurveZMQMESSAGES"));
        ByteBuffer out = ByteBuffer.allocateDirect(outSize);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Sent s : traffic) {
            if (s.command()) {
                e.startCommand(s.frames().get(0));
            } else if (buffers && s.frames().size() > 1) {
                // every other frame from a direct buffer, as Msg.of(ByteBuffer) sends it
                byte[][] arrays = s.frames().toArray(new byte[0][]);
                BufferFrame[] b = new BufferFrame[arrays.length];
                for (int i = 0; i < arrays.length; i += 2) {
                    b[i] = BufferFrame.of(ByteBuffer.allocateDirect(arrays[i].length).put(arrays[i]).flip());
                    arrays[i] = null;
                }
                e.start(arrays, b);
            } else {
                e.start(s.frames().toArray(new byte[0][]));
            }
            while (!e.fill(out)) {
                drain(out, wire);
            }
        }
        drain(out, wire);
        assertFalse(e.busy());
        return wire.toByteArray();
    }

    private static void drain(ByteBuffer out, ByteArrayOutputStream wire) {
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        wire.write(b, 0, b.length);
        out.clear();
    }

    /** Opens what the decoder hands over and puts messages back together. */
    private static final class Receiver implements ZmtpDecoder.Handler {
        final CurveCodec codec = codec("CurveZMQMESSAGES", "CurveZMQMESSAGEC");
        final List<Sent> got = new ArrayList<>();
        List<byte[]> parts = new ArrayList<>();
        int inPlace;
        int fromArrays;

        @Override
        public boolean greeting(Greeting g) {
            throw new AssertionError("no greeting here");
        }

        @Override
        public boolean command(byte[] body) {
            fail("a box must travel as a data frame, not a command");
            return false;
        }

        @Override
        public boolean frame(byte[] body, boolean more) throws ZmtpException {
            assertFalse(more, "a box stands alone: MORE travels inside it");
            fromArrays++;
            return opened(codec.open(body, 0, body.length));
        }

        @Override
        public boolean frame(ByteBuffer in, int length, boolean more) throws ZmtpException {
            assertFalse(more, "a box stands alone: MORE travels inside it");
            inPlace++;
            return opened(codec.open(in, length));
        }

        private boolean opened(byte[] payload) {
            int flags = codec.openedFlags();
            parts.add(payload);
            if ((flags & 1) == 0) {
                got.add(new Sent(parts, (flags & 2) != 0));
                parts = new ArrayList<>();
            }
            return true;
        }
    }

    private static Receiver decode(byte[] wire, Random r) throws ZmtpException {
        ZmtpDecoder d = new ZmtpDecoder(-1, false);
        d.framesInPlace(true);
        Receiver h = new Receiver();
        ByteBuffer read = ByteBuffer.allocateDirect(64 * 1024);
        int at = 0;
        while (at < wire.length) {
            int n = Math.min(wire.length - at, 1 + r.nextInt(r.nextBoolean() ? 300 : 64 * 1024));
            read.clear();
            read.put(wire, at, n).flip();
            at += n;
            assertTrue(d.decode(read, h));
            assertEquals(0, read.remaining(), "the decoder takes every byte it is given");
        }
        return h;
    }

    private static void assertSame(List<Sent> sent, List<Sent> got) {
        assertEquals(sent.size(), got.size(), "messages");
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i).command(), got.get(i).command(), "command flag of " + i);
            assertEquals(sent.get(i).frames().size(), got.get(i).frames().size(), "frames of " + i);
            for (int f = 0; f < sent.get(i).frames().size(); f++) {
                assertArrayEquals(sent.get(i).frames().get(f), got.get(i).frames().get(f), "message " + i + " frame " + f);
            }
        }
    }

    @Test
    void messagesAndCommandsComeBackWhateverTheWritesAndReadsCutThrough() throws ZmtpException {
        for (int outSize : new int[] {11, 1000, 16 * 1024}) {
            Random r = new Random(outSize);
            List<Sent> traffic = traffic(r);
            Receiver h = decode(encode(traffic, outSize, false), r);
            assertSame(traffic, h.got);
            assertTrue(h.inPlace > 0 && h.fromArrays > 0, "both paths taken: " + h.inPlace + " in place, " + h.fromArrays + " from arrays");
        }
    }

    @Test
    void framesFromBuffersAreSealedLikeArrays() throws ZmtpException {
        Random r = new Random(5);
        List<Sent> traffic = traffic(r);
        assertSame(traffic, decode(encode(traffic, 4096, true), r).got);
    }

    @Test
    void aBoxWholeInTheInputIsOpenedThereAndTheRestDecodesOn() throws ZmtpException {
        Random r = new Random(6);
        List<Sent> traffic = List.of(new Sent(List.of(random(r, 70_000)), false), new Sent(List.of(random(r, 3)), false));
        byte[] wire = encode(traffic, 16 * 1024, false);
        ZmtpDecoder d = new ZmtpDecoder(-1, false);
        d.framesInPlace(true);
        Receiver h = new Receiver();
        assertTrue(d.decode(ByteBuffer.wrap(wire), h));
        assertEquals(2, h.inPlace, "an eight-byte length and a one-byte length, both opened in place");
        assertSame(traffic, h.got);
    }

    @Test
    void aBoxArrayIsKeptUpTo64KiBWhileTrafficLastsAndShrinksWhenDrained() {
        ZmtpEncoder e = new ZmtpEncoder();
        e.sealWith(codec("CurveZMQMESSAGEC", "CurveZMQMESSAGES"));
        ByteBuffer out = ByteBuffer.allocateDirect(16 * 1024);
        Random r = new Random(9);
        e.start(new byte[][] {random(r, 65_536)});
        while (!e.fill(out)) {
            out.clear();
        }
        out.clear();
        assertEquals(65_536 + CurveCodec.OVERHEAD, e.keptBoxBytes(), "a 64 KiB message's box is sealed into the kept array");
        e.start(new byte[][] {random(r, 100_000)});
        while (!e.fill(out)) {
            out.clear();
        }
        out.clear();
        assertEquals(65_536 + CurveCodec.OVERHEAD, e.keptBoxBytes(), "a larger box has its own array");
        e.drained();
        assertEquals(0, e.keptBoxBytes(), "nothing left to send: the large array goes");
        e.start(new byte[][] {random(r, 1000)});
        while (!e.fill(out)) {
            out.clear();
        }
        e.drained();
        assertEquals(1000 + CurveCodec.OVERHEAD, e.keptBoxBytes(), "a small one stays");
    }
}
