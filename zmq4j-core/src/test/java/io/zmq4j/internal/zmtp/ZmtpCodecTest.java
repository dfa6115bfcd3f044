package io.zmq4j.internal.zmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZmtpCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Collects what the decoder reports. */
    static final class Recorder implements ZmtpDecoder.Handler {
        final List<String> events = new ArrayList<>();
        Greeting greeting;
        boolean stopAfterFrame;

        @Override
        public boolean greeting(Greeting g) {
            greeting = g;
            events.add("greeting " + g);
            return true;
        }

        @Override
        public boolean command(byte[] body) {
            events.add("command " + HEX.formatHex(body));
            return true;
        }

        @Override
        public boolean frame(byte[] body, boolean more) {
            events.add((more ? "more " : "last ") + HEX.formatHex(body));
            return !stopAfterFrame;
        }
    }

    private static byte[] greeting31Null() {
        ByteBuffer b = ByteBuffer.allocate(64);
        Greeting.write(b, "NULL", false);
        return b.array();
    }

    @Test
    void greetingMatchesRfc23Layout() {
        byte[] g = greeting31Null();
        assertEquals(64, g.length);
        assertEquals("ff00000000000000007f", HEX.formatHex(g, 0, 10));
        assertEquals(3, g[10]);
        assertEquals(1, g[11]);
        assertEquals("NULL", new String(g, 12, 4, StandardCharsets.US_ASCII));
        for (int i = 16; i < 64; i++) {
            assertEquals(0, g[i], "byte " + i + " is padding, as-server or filler");
        }
    }

    @Test
    void decoderParsesGreetingFedOneByteAtATime() throws Exception {
        ZmtpDecoder d = new ZmtpDecoder(-1);
        Recorder r = new Recorder();
        for (byte b : greeting31Null()) {
            d.decode(ByteBuffer.wrap(new byte[] {b}), r);
        }
        assertEquals(3, r.greeting.major);
        assertEquals(1, r.greeting.minor);
        assertEquals("NULL", r.greeting.mechanism);
        assertTrue(d.pastGreeting());
    }

    @Test
    void shortAndLongFramesAndCommandsDecodeFromOneBuffer() throws Exception {
        ZmtpDecoder d = new ZmtpDecoder(-1, false);
        Recorder r = new Recorder();
        // MORE short "ab"; last long 256 x 0x07; command "PING" ttl 0 no context; empty last frame
        ByteBuffer in = ByteBuffer.allocate(400);
        in.put(HEX.parseHex("01026162"));
        in.put(HEX.parseHex("020000000000000100"));
        for (int i = 0; i < 256; i++) {
            in.put((byte) 7);
        }
        in.put(HEX.parseHex("0407" + "0450494e47" + "0000"));
        in.put(HEX.parseHex("0000"));
        in.flip();
        assertTrue(d.decode(in, r));
        assertEquals(4, r.events.size());
        assertEquals("more 6162", r.events.get(0));
        assertEquals("last " + "07".repeat(256), r.events.get(1));
        assertEquals("command 0450494e470000", r.events.get(2));
        assertEquals("last ", r.events.get(3));
    }

    @Test
    void decoderKeepsAPartialFrameForTheNextRead() throws Exception {
        ZmtpDecoder d = new ZmtpDecoder(-1, false);
        Recorder r = new Recorder();
        d.decode(ByteBuffer.wrap(HEX.parseHex("000568")), r);
        assertTrue(r.events.isEmpty());
        d.decode(ByteBuffer.wrap(HEX.parseHex("656c6c6f")), r);
        assertEquals(List.of("last 68656c6c6f"), r.events);
    }

    @Test
    void handlerCanStopDecodingAfterAFrame() throws Exception {
        ZmtpDecoder d = new ZmtpDecoder(-1, false);
        Recorder r = new Recorder();
        r.stopAfterFrame = true;
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("0001610001620001 63".replace(" ", "")));
        assertFalse(d.decode(in, r));
        assertEquals(List.of("last 61"), r.events);
        assertEquals(6, in.remaining(), "the rest stays unconsumed");
    }

    @Test
    void frameOverMaxMsgSizeIsRejected() {
        ZmtpDecoder d = new ZmtpDecoder(4, false);
        ZmtpException e = assertThrows(ZmtpException.class,
                () -> d.decode(ByteBuffer.wrap(HEX.parseHex("0005")), new Recorder()));
        assertEquals(ZmtpException.Code.MESSAGE_TOO_LARGE, e.code());
    }

    @Test
    void reservedFlagBitsAreAProtocolError() {
        ZmtpDecoder d = new ZmtpDecoder(-1, false);
        ZmtpException e = assertThrows(ZmtpException.class,
                () -> d.decode(ByteBuffer.wrap(HEX.parseHex("0800")), new Recorder()));
        assertEquals(ZmtpException.Code.MALFORMED_MESSAGE, e.code());
    }

    @Test
    void garbageGreetingIsRejectedAtTheFirstByte() {
        ZmtpDecoder d = new ZmtpDecoder(-1);
        ZmtpException e = assertThrows(ZmtpException.class,
                () -> d.decode(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)), new Recorder()));
        assertEquals(ZmtpException.Code.UNSUPPORTED_VERSION, e.code());
    }

    @Test
    void zmtp2PeerIsRejectedWithAClearReason() {
        byte[] g = greeting31Null();
        g[10] = 1; // ZMTP 2.0 revision byte
        ZmtpDecoder d = new ZmtpDecoder(-1);
        ZmtpException e = assertThrows(ZmtpException.class, () -> d.decode(ByteBuffer.wrap(g), new Recorder()));
        assertTrue(e.getMessage().contains("2.0"), e.getMessage());
    }

    @Test
    void zmtp30PeerIsAccepted() throws Exception {
        byte[] g = greeting31Null();
        g[11] = 0;
        Recorder r = new Recorder();
        new ZmtpDecoder(-1).decode(ByteBuffer.wrap(g), r);
        assertEquals(0, r.greeting.minor);
    }

    @Test
    void encoderWritesShortAndLongFramesWithMoreFlags() {
        ZmtpEncoder e = new ZmtpEncoder();
        ByteBuffer out = ByteBuffer.allocate(1024);
        e.start(new byte[][] {"ab".getBytes(StandardCharsets.US_ASCII), new byte[256]});
        assertTrue(e.fill(out));
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        assertEquals("01026162" + "020000000000000100", HEX.formatHex(bytes, 0, 13));
        assertEquals(4 + 9 + 256, bytes.length);
    }

    @Test
    void encoderResumesAMessageLargerThanTheBuffer() throws Exception {
        ZmtpEncoder e = new ZmtpEncoder();
        byte[] big = new byte[10_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        e.start(new byte[][] {big, "x".getBytes(StandardCharsets.US_ASCII)});
        ByteBuffer all = ByteBuffer.allocate(20_000);
        ByteBuffer small = ByteBuffer.allocate(1000);
        boolean done = false;
        while (!done) {
            done = e.fill(small);
            small.flip();
            all.put(small);
            small.clear();
        }
        all.flip();
        Recorder r = new Recorder();
        new ZmtpDecoder(-1, false).decode(all, r);
        assertEquals(List.of("more " + HEX.formatHex(big), "last 78"), r.events);
    }

    @Test
    void readyCommandCarriesSocketTypeAndIdentityProperties() throws Exception {
        Map<String, byte[]> props = new LinkedHashMap<>();
        props.put("Socket-Type", "DEALER".getBytes(StandardCharsets.US_ASCII));
        props.put("Identity", new byte[0]);
        byte[] ready = Commands.command(Commands.READY, Commands.properties(props));
        // RFC 23's worked example: 05 READY 0b Socket-Type 00000006 DEALER 08 Identity 00000000
        assertEquals("055245414459" + "0b536f636b65742d54797065" + "00000006" + "4445414c4552"
                + "084964656e74697479" + "00000000", HEX.formatHex(ready));
        Map<String, byte[]> back = Commands.parseProperties(ready, Commands.dataOffset(ready));
        assertArrayEquals("DEALER".getBytes(StandardCharsets.US_ASCII), Commands.property(back, "socket-type"));
    }

    @Test
    void truncatedPropertyIsAMalformedCommand() {
        byte[] bad = HEX.parseHex("055245414459" + "0b536f636b65742d54797065" + "000000ff" + "4445");
        assertThrows(ZmtpException.class, () -> Commands.parseProperties(bad, Commands.dataOffset(bad)));
    }

    @Test
    void pongEchoesThePingContext() throws Exception {
        byte[] ping = Commands.ping(30, HEX.parseHex("abcd"));
        assertEquals("0450494e47" + "001e" + "abcd", HEX.formatHex(ping));
        assertEquals(30, Commands.pingTtl(ping));
        assertEquals("04504f4e47" + "abcd", HEX.formatHex(Commands.pongFor(ping)));
    }

    @Test
    void nullMechanismCompletesOnPeerReadyAndRejectsOtherCommands() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        NullMechanism m = new NullMechanism(Map.of("Socket-Type", "PUSH".getBytes(StandardCharsets.US_ASCII)));
        m.start(sent::add);
        assertEquals(1, sent.size());
        assertEquals(Commands.READY, Commands.name(sent.get(0)));
        assertThrows(ZmtpException.class, () -> m.command(Commands.ping(0, new byte[0]), sent::add));
        byte[] peerReady = Commands.command(Commands.READY,
                Commands.properties(Map.of("Socket-Type", "PULL".getBytes(StandardCharsets.US_ASCII))));
        assertTrue(m.command(peerReady, sent::add));
        assertArrayEquals("PULL".getBytes(StandardCharsets.US_ASCII), m.peerProperties().get("Socket-Type"));
    }

    @Test
    void errorCommandDuringHandshakeFailsWithThePeersReason() {
        NullMechanism m = new NullMechanism(Map.of());
        ZmtpException e = assertThrows(ZmtpException.class, () -> m.command(Commands.error("go away"), b -> {}));
        assertTrue(e.getMessage().contains("go away"));
    }

    @Test
    void errorWithAZapStatusDuringANullHandshakeIsAnAuthenticationFailure() {
        NullMechanism m = new NullMechanism(Map.of());
        ZmtpException e = assertThrows(ZmtpException.class, () -> m.command(Commands.error("400"), b -> {}));
        assertEquals(ZmtpException.Code.AUTH_FAILED, e.code());
        assertEquals(400, e.zapStatus());
    }

    @Test
    void aHugeSizeHeaderAllocatesOnlyWhatArrives() throws Exception {
        // the core tests run with -Xmx768m (see the pom): allocating the announced 2 GB up front
        // would throw OutOfMemoryError here
        ZmtpDecoder d = new ZmtpDecoder(-1, false);
        ByteBuffer in = ByteBuffer.allocate(9 + 10);
        in.put((byte) 2).putLong(2_000_000_000L).put(new byte[10]).flip();
        assertTrue(d.decode(in, new Recorder()));
        assertEquals(0, in.remaining());
    }

    @Test
    void aHugeSizeHeaderHoldsNoMoreThanTheHeaderSlackUntilItsBytesArrive() throws Exception {
        // many peers each announcing a huge frame must cost what they send: this used to be 1 MiB
        // per connection for a 9-byte header
        ZmtpDecoder d = new ZmtpDecoder(-1, false);
        ByteBuffer in = ByteBuffer.allocate(9 + 10);
        in.put((byte) 2).putLong(2_000_000_000L).put(new byte[10]).flip();
        assertTrue(d.decode(in, new Recorder()));
        assertTrue(d.heldBytes() <= ZmtpDecoder.HEADER_SLACK, d.heldBytes() + " bytes held for 10 received");
    }

    @Test
    void aNonZmtpFirstByteIsRefusedHoweverTheGreetingIsSplit() {
        // found by ZmtpDecoderFuzzTest: only a first read of exactly one byte was checked early
        byte[] garbage = "GET / H".getBytes(StandardCharsets.US_ASCII);
        ZmtpException e = assertThrows(ZmtpException.class,
                () -> new ZmtpDecoder(-1).decode(ByteBuffer.wrap(garbage), new Recorder()));
        assertEquals(ZmtpException.Code.UNSUPPORTED_VERSION, e.code());
    }

    @Test
    void aBodyLargerThanTheEagerLimitArrivesWholeAcrossManyReads() throws Exception {
        byte[] big = new byte[3_000_001];
        new java.util.Random(7).nextBytes(big);
        ZmtpEncoder e = new ZmtpEncoder();
        e.start(new byte[][] {big});
        ByteBuffer chunk = ByteBuffer.allocate(65536);
        ZmtpDecoder d = new ZmtpDecoder(-1, false);
        Recorder r = new Recorder();
        boolean done = false;
        while (!done) {
            done = e.fill(chunk);
            chunk.flip();
            d.decode(chunk, r);
            chunk.clear();
        }
        assertEquals(List.of("last " + HEX.formatHex(big)), r.events);
    }

    /**
     * Many messages packed into output buffers of odd sizes and read back in slices of odd
     * sizes: frame headers and bodies split at every possible place, and the frames that come
     * out are the frames that went in, with MORE exactly where it was.
     */
    @Test
    void framesSurviveAnySplitOfTheByteStreamBetweenWritesAndReads() throws Exception {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        List<String> expected = new ArrayList<>();
        ByteArrayStream stream = new ByteArrayStream();
        ZmtpEncoder e = new ZmtpEncoder();
        for (int i = 0; i < 500; i++) {
            int n = 1 + rnd.nextInt(4);
            byte[][] frames = new byte[n][];
            for (int j = 0; j < n; j++) {
                frames[j] = new byte[rnd.nextInt(4) == 0 ? rnd.nextInt(256, 3000) : rnd.nextInt(0, 256)];
                rnd.nextBytes(frames[j]);
                expected.add((j < n - 1 ? "more " : "last ") + HEX.formatHex(frames[j]));
            }
            e.start(frames);
            boolean done = false;
            while (!done) {
                ByteBuffer out = ByteBuffer.allocate(9 + rnd.nextInt(200)); // room for a long header at least
                done = e.fill(out);
                out.flip();
                stream.write(out);
            }
        }
        Recorder r = new Recorder();
        ZmtpDecoder d = new ZmtpDecoder(-1, false);
        byte[] all = stream.toByteArray();
        for (int pos = 0; pos < all.length; ) {
            int n = Math.min(all.length - pos, 1 + rnd.nextInt(300));
            ByteBuffer in = ByteBuffer.wrap(all, pos, n);
            assertTrue(d.decode(in, r));
            assertFalse(in.hasRemaining());
            pos += n;
        }
        assertEquals(expected, r.events);
    }

    private static final class ByteArrayStream extends java.io.ByteArrayOutputStream {
        void write(ByteBuffer b) {
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            writeBytes(chunk);
        }
    }
}
