package io.zmq4j.internal.zmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ZMTP 1.0 (RFC 13) and 2.0 (RFC 15) on the wire, as byte vectors: how the decoder tells them
 * from 3.x by the staged greeting (RFC 23, "Detecting ZMTP 1.0 and 2.0 Peers"), their framing
 * both ways, and bad input in them.
 */
class LegacyZmtpCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String SIGNATURE = "ff00000000000000007f";

    /** Everything the decoder reports, in order, as text. */
    static final class Recorder implements ZmtpDecoder.Handler {
        final List<String> events = new ArrayList<>();
        boolean stopAtLegacy;

        @Override
        public void signature() {
            events.add("signature");
        }

        @Override
        public void versioned(int major) {
            events.add("versioned " + major);
        }

        @Override
        public boolean legacy(int revision, int socketType) {
            events.add("legacy " + revision + " " + socketType);
            return !stopAtLegacy;
        }

        @Override
        public boolean greeting(Greeting g) {
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
            return true;
        }
    }

    private static List<String> decodeWhole(String hex, long max) throws ZmtpException {
        Recorder r = new Recorder();
        assertTrue(new ZmtpDecoder(max).decode(ByteBuffer.wrap(HEX.parseHex(hex)), r));
        return r.events;
    }

    /** The same bytes one at a time, as a slow network would hand them over. */
    private static List<String> decodeByteByByte(String hex, long max) throws ZmtpException {
        Recorder r = new Recorder();
        ZmtpDecoder d = new ZmtpDecoder(max);
        for (byte b : HEX.parseHex(hex)) {
            assertTrue(d.decode(ByteBuffer.wrap(new byte[] {b}), r));
        }
        return r.events;
    }

    private static ZmtpException.Code failure(String hex, long max) {
        return assertThrows(ZmtpException.class, () -> decodeWhole(hex, max)).code();
    }

    // ---- ZMTP 2.0 ----

    @Test
    void zmtp20GreetingGivesRevisionSocketTypeThenTheIdentityAsTheFirstFrame() throws Exception {
        // signature, revision 1, PUSH (8), identity "abc", then "hello" and a two-frame message
        String wire = SIGNATURE + "01" + "08" + "0003616263" + "000568656c6c6f" + "010161" + "000162";
        List<String> expected = List.of("signature", "legacy 1 8", "last 616263", "last 68656c6c6f", "more 61", "last 62");
        assertEquals(expected, decodeWhole(wire, -1));
        assertEquals(expected, decodeByteByByte(wire, -1));
    }

    @Test
    void zmtp20LongFrameUsesTheSameFramingAs3x() throws Exception {
        byte[] body = new byte[300];
        String wire = SIGNATURE + "0107" + "0000" + "02000000000000012c" + HEX.formatHex(body);
        assertEquals(List.of("signature", "legacy 1 7", "last ", "last " + HEX.formatHex(body)), decodeWhole(wire, -1));
    }

    @Test
    void zmtp20FrameWithReservedBitsIsMalformed() {
        assertEquals(ZmtpException.Code.MALFORMED_MESSAGE, failure(SIGNATURE + "0108" + "0000" + "080178", -1));
    }

    @Test
    void zmtp20FrameOverMaxMsgSizeIsRefused() {
        assertEquals(ZmtpException.Code.MESSAGE_TOO_LARGE, failure(SIGNATURE + "0108" + "0000" + "000b" + "00".repeat(11), 10));
    }

    @Test
    void majorVersion3IsAnnouncedAfterItsOwnByteNotAfterTheWholeGreeting() throws Exception {
        ByteBuffer g = ByteBuffer.allocate(64);
        Greeting.write(g, "NULL", false);
        Recorder r = new Recorder();
        ZmtpDecoder d = new ZmtpDecoder(-1);
        d.decode(ByteBuffer.wrap(g.array(), 0, 11), r);
        assertEquals(List.of("signature", "versioned 3"), r.events, "the rest of our greeting may go out now");
        d.decode(ByteBuffer.wrap(g.array(), 11, 53), r);
        assertEquals("greeting ZMTP 3.1 NULL", r.events.get(2));
    }

    // ---- ZMTP 1.0 ----

    @Test
    void zmtp10PeerIsKnownByItsFirstByteAndItsIdentityFrameIsReplayed() throws Exception {
        // identity "abc" (length 4 = flags + 3), then "hello" and a two-frame message
        String wire = "0400616263" + "060068656c6c6f" + "020161" + "020062";
        List<String> expected = List.of("legacy -1 -1", "last 616263", "last 68656c6c6f", "more 61", "last 62");
        assertEquals(expected, decodeWhole(wire, -1));
        assertEquals(expected, decodeByteByByte(wire, -1));
    }

    @Test
    void zmtp10AnonymousIdentityIsAnEmptyFrame() throws Exception {
        assertEquals(List.of("legacy -1 -1", "last ", "last 78"), decodeWhole("0100" + "020078", -1));
    }

    @Test
    void zmtp10LongIdentityIsKnownByBitZeroOfTheTenthByte() throws Exception {
        // %xFF, an 8-octet length, flags 0: looks like a signature until its 10th octet
        byte[] id = new byte[300];
        String wire = "ff000000000000012d00" + HEX.formatHex(id) + "020078";
        List<String> expected = List.of("legacy -1 -1", "last " + HEX.formatHex(id), "last 78");
        assertEquals(expected, decodeWhole(wire, -1));
        assertEquals(expected, decodeByteByByte(wire, -1));
    }

    @Test
    void zmtp10ReservedFlagBitsAreIgnoredAsLibzmqDoes() throws Exception {
        // libzmq 4.3 delivers these (observed with pyzmq); RFC 13 says only SHOULD be zero
        assertEquals(List.of("legacy -1 -1", "last ", "more 61", "last 62"), decodeWhole("0100" + "027f61" + "027e62", -1));
    }

    @Test
    void zmtp10ShortLengthMayAlsoBeWrittenLong() throws Exception {
        assertEquals(List.of("legacy -1 -1", "last ", "last 78"), decodeWhole("0100" + "ff00000000000000020078", -1));
    }

    @Test
    void zmtp10FrameOfLengthZeroClosesTheConnectionAsLibzmqDoes() {
        assertEquals(ZmtpException.Code.MALFORMED_MESSAGE, failure("0100" + "00", -1));
        assertEquals(ZmtpException.Code.MALFORMED_MESSAGE, failure("0100" + "ff0000000000000000", -1));
    }

    @Test
    void zmtp10FrameOverMaxMsgSizeIsRefusedByItsHeader() {
        assertEquals(ZmtpException.Code.MESSAGE_TOO_LARGE, failure("0100" + "0c00", 10));
        assertEquals(ZmtpException.Code.MESSAGE_TOO_LARGE, failure("0100" + "ff000000010000000000", 1 << 20));
        assertEquals(ZmtpException.Code.MESSAGE_TOO_LARGE, failure("0100" + "ff8000000000000000", -1));
    }

    @Test
    void zmtp10FrameOfExactlyMaxMsgSizeIsDelivered() throws Exception {
        assertEquals(List.of("legacy -1 -1", "last ", "last " + "00".repeat(10)), decodeWhole("0100" + "0b00" + "00".repeat(10), 10));
    }

    @Test
    void zmtp10FramingBehindA12ByteGreetingIsRevisionZero() throws Exception {
        // libzmq 4.3 reads revision 0 as ZMTP 1.0 framing after signature, revision and socket type
        String wire = SIGNATURE + "0002" + "0100" + "0700746f70696341";
        assertEquals(List.of("signature", "legacy 0 2", "last ", "last 746f70696341"), decodeWhole(wire, -1));
        assertEquals(List.of("signature", "legacy 0 2", "last ", "last 746f70696341"), decodeByteByByte(wire, -1));
    }

    @Test
    void aStopAtTheLegacyCallbackLosesNoReplayedByte() throws Exception {
        Recorder r = new Recorder();
        r.stopAtLegacy = true;
        ZmtpDecoder d = new ZmtpDecoder(-1);
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("0400616263" + "020078"));
        assertFalse(d.decode(in, r));
        r.stopAtLegacy = false;
        assertTrue(d.decode(in, r));
        assertEquals(List.of("legacy -1 -1", "last 616263", "last 78"), r.events);
    }

    @Test
    void withoutLegacySupportTheHandlerRefusesOldPeers() {
        ZmtpCodecTest.Recorder r = new ZmtpCodecTest.Recorder();
        ZmtpException e = assertThrows(ZmtpException.class,
                () -> new ZmtpDecoder(-1).decode(ByteBuffer.wrap(HEX.parseHex(SIGNATURE + "0108")), r));
        assertEquals(ZmtpException.Code.UNSUPPORTED_VERSION, e.code());
        assertTrue(e.getMessage().contains("2.0"), e.getMessage());
    }

    // ---- what we send ----

    @Test
    void ourSignatureCarriesOurIdentityLengthPlusOne() {
        ByteBuffer b = ByteBuffer.allocate(10);
        Greeting.writeSignature(b, 3);
        assertEquals("ff00000000000000047f", HEX.formatHex(b.array()));
        b.clear();
        Greeting.writeSignature(b, 0);
        assertEquals("ff00000000000000017f", HEX.formatHex(b.array()), "libzmq's bytes for an empty identity");
    }

    @Test
    void stagedGreetingIsTheWholeGreeting() {
        ByteBuffer staged = ByteBuffer.allocate(64);
        Greeting.writeSignature(staged, 0);
        staged.put((byte) Greeting.MAJOR);
        Greeting.writeRest(staged, "PLAIN", true);
        ByteBuffer whole = ByteBuffer.allocate(64);
        Greeting.write(whole, "PLAIN", true);
        whole.put(8, (byte) 1); // the whole one has no identity length in its padding
        assertEquals(HEX.formatHex(whole.array()), HEX.formatHex(staged.array()));
    }

    private static String encode(ZmtpEncoder e, byte[]... frames) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        e.start(frames);
        assertTrue(e.fill(out));
        return HEX.formatHex(out.array(), 0, out.position());
    }

    @Test
    void zmtp10EncoderCountsTheFlagsOctetInTheLength() {
        assertEquals("0100", encode(new Zmtp1Encoder(), new byte[0]));
        assertEquals("020161" + "020062", encode(new Zmtp1Encoder(), new byte[] {'a'}, new byte[] {'b'}));
    }

    @Test
    void zmtp10EncoderSwitchesToTheLongFormAtALengthOf255() {
        // 253 bytes: length 254, still one octet; 254 bytes: length 255, which needs %xFF and 8 octets
        assertEquals("fe00" + "00".repeat(253), encode(new Zmtp1Encoder(), new byte[253]));
        assertEquals("ff00000000000000ff00" + "00".repeat(254), encode(new Zmtp1Encoder(), new byte[254]));
    }

    @Test
    void zmtp10EncoderOutputDecodesBackThroughTheDecoder() throws Exception {
        byte[] big = new byte[70_000];
        new java.util.Random(3).nextBytes(big);
        ZmtpEncoder e = new Zmtp1Encoder();
        ByteBuffer out = ByteBuffer.allocate(100_000);
        e.start(new byte[] {}); // our identity frame
        assertTrue(e.fill(out));
        e.start(new byte[][] {"x".getBytes(), big});
        ByteBuffer small = ByteBuffer.allocate(1000); // many fills through a small buffer
        while (!e.fill(small)) {
            out.put(small.flip());
            small.clear();
        }
        out.put(small.flip()).flip();
        Recorder r = new Recorder();
        new ZmtpDecoder(-1).decode(out, r);
        assertEquals(List.of("legacy -1 -1", "last ", "more 78", "last " + HEX.formatHex(big)), r.events);
    }

    @Test
    void zmtp20EncodingIsThe3xEncoding() {
        // ZMTP 2.0 frames are 3.x data frames: the same encoder serves both
        assertEquals("0101610000", encode(new ZmtpEncoder(), new byte[] {'a'}, new byte[0]));
    }
}
