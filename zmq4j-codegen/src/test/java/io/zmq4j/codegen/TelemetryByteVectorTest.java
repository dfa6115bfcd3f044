package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zmq4j.Msg;
import io.zmq4j.codegen.example.TelemetryMsg;
import io.zmq4j.proto.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Exact frames for messages of our telemetry model (src/test/zproto/telemetry_msg.xml), worked
 * out by hand from zproto's encoding rules (signature 0xAAA0|7, id byte, header field first,
 * numbers big-endian, string with a 1-byte length, longstr/chunk with 4, strings/hash with a
 * 4-byte count, uuid 16 bytes, frame and msg fields as frames after the body), and checked both
 * ways.
 */
class TelemetryByteVectorTest {

    /** Hex of the ASCII text, so vectors read like the rules. */
    private static String ascii(String s) {
        return Values.hex(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> hexFrames(Msg msg) {
        List<String> out = new ArrayList<>();
        for (byte[] f : msg.frames()) {
            out.add(Values.hex(f));
        }
        return out;
    }

    private static Msg msg(String... hex) {
        byte[][] frames = new byte[hex.length][];
        for (int i = 0; i < hex.length; i++) {
            frames[i] = Values.unhex(hex[i]);
        }
        return Msg.of(frames);
    }

    private static final TelemetryMsg.Reading READING = TelemetryMsg.Reading.builder()
            .sequence(123).channel(2).unit(3).station(45536).sensor(65535).timestamp(1427261426L)
            .source("station-9").note("Pressure within range").build();

    private static final String READING_BODY = "aaa7" + "01"  // signature 0xAAA0 | 7, id 1
            + "007b"                                          // sequence (header) 123
            + "0002"                                          // version, constant TELEMETRY_MSG_VERSION = 2
            + "02" + "03"                                     // channel, unit
            + "b1e0" + "ffff"                                 // station 45536, sensor 65535
            + "00000000551247f2"                              // timestamp 1427261426, 8 bytes
            + "09" + ascii("station-9")                       // source: string, 1-byte length
            + "00000015" + ascii("Pressure within range");    // note: longstr, 4-byte length 21

    @Test
    void readingEncodesNumbersBigEndianAndStringsWithTheirLengths() {
        assertEquals(List.of(READING_BODY), hexFrames(READING.encode()));
        assertEquals(READING, TelemetryMsg.decode(msg(READING_BODY)));
    }

    @Test
    void routerEncodingPutsTheRoutingIdFrameFirstAndDecodeKeepsIt() {
        byte[] rid = {0, 1, 2, 3, 4};
        TelemetryMsg.Reading routed = READING.withRoutingId(rid);
        assertEquals(List.of("0001020304", READING_BODY), hexFrames(routed.encode(true)));
        assertEquals(List.of(READING_BODY), hexFrames(routed.encode()), "encode() never adds the routing id");
        TelemetryMsg.Message back = TelemetryMsg.decode(msg("0001020304", READING_BODY), true);
        assertEquals(routed, back);
        assertEquals("0001020304", Values.hex(back.routingId()));
        assertThrows(IllegalStateException.class, () -> READING.encode(true));
    }

    @Test
    void labelsEncodeListAndHashWithFourByteCounts() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("site", "tcp://localhost:5665");
        TelemetryMsg.Labels m = TelemetryMsg.Labels.builder()
                .sequence(123)
                .tags(List.of("north", "roof", "backup"))
                .attributes(attributes)
                .build();
        String body = "aaa7" + "02" + "007b"
                + "00000003"                                          // tags: 3 entries, each a longstr
                + "00000005" + ascii("north")
                + "00000004" + ascii("roof")
                + "00000006" + ascii("backup")
                + "00000001"                                          // attributes: 1 pair
                + "04" + ascii("site")                                // key as string
                + "00000014" + ascii("tcp://localhost:5665");         // value as longstr
        assertEquals(List.of(body), hexFrames(m.encode()));
        assertEquals(m, TelemetryMsg.decode(msg(body)));
    }

    @Test
    void samplePutsFrameAndMsgFieldsInFramesAfterTheBody() {
        TelemetryMsg.Sample m = TelemetryMsg.Sample.builder()
                .sequence(123)
                .checksum(Values.unhex("b38c0102"))
                .key(Values.unhex("89f5ffe70d747869dfe8"))
                .stream(UUID.fromString("3a60e685-0a1e-4cc1-5f3b-fd4b42bc6b3e"))
                .origin(Values.unhex("0206f99f6137d9fe380f"))
                .samples(List.of(Values.unhex("728a92c6749235ba7002"), Values.unhex("")))
                .build();
        String body = "aaa7" + "03" + "007b"
                + "b38c0102"                                // checksum: octets 4, no length
                + "0000000a" + "89f5ffe70d747869dfe8"       // key: chunk, 4-byte length
                + "3a60e6850a1e4cc15f3bfd4b42bc6b3e";       // stream: uuid, 16 bytes
        List<String> frames = List.of(body, "0206f99f6137d9fe380f", "728a92c6749235ba7002", "");
        assertEquals(frames, hexFrames(m.encode()));
        assertEquals(m, TelemetryMsg.decode(msg(frames.toArray(new String[0]))));
    }

    @Test
    void sampleWithEmptyMsgFieldHasNoFramesForIt() {
        TelemetryMsg.Sample m = TelemetryMsg.Sample.builder().build();
        String body = "aaa7" + "03" + "0000" + "00000000" + "00000000" + "00000000000000000000000000000000";
        assertEquals(List.of(body, ""), hexFrames(m.encode()));
        assertEquals(m, TelemetryMsg.decode(msg(body, "")));
    }

    @Test
    void contactsFlattenCustomTypeFieldsInModelOrder() {
        TelemetryMsg.Contacts m = TelemetryMsg.Contacts.builder()
                .sequence(1)
                .ownerFirstName("Ada").ownerLastName("Lovelace")
                .ownerPhone("01234567890").ownerEmail("ada@example.com")
                .operatorFirstName("Grace").operatorLastName("Hopper")
                .operatorPhone("01987654321").operatorEmail("grace@example.com")
                .build();
        String body = "aaa7" + "04" + "0001"
                + "03" + ascii("Ada") + "08" + ascii("Lovelace")
                + "0b" + ascii("01234567890") + "0f" + ascii("ada@example.com")
                + "05" + ascii("Grace") + "06" + ascii("Hopper")
                + "0b" + ascii("01987654321") + "11" + ascii("grace@example.com");
        assertEquals(List.of(body), hexFrames(m.encode()));
        assertEquals(m, TelemetryMsg.decode(msg(body)));
    }

    @Test
    void nonAsciiTextIsCountedInUtf8Bytes() {
        TelemetryMsg.Reading m = READING.toBuilder().source("h\u00e9").note("\u20ac").build();
        String hex = hexFrames(m.encode()).get(0);
        assertEquals(READING_BODY.substring(0, READING_BODY.indexOf("09" + ascii("station-9")))
                + "03" + "68c3a9" + "00000003" + "e282ac", hex);
    }

    @Test
    void stringAndNumberConstantsAndDefaultsAreOnTheWire() {
        // HELLO: header, constant "TLM01", constant 1, name (default "unnamed"), interval (default 1000), msg.
        TelemetryMsg.Hello m = TelemetryMsg.Hello.builder().extras(List.of(Values.unhex("ab"))).build();
        String body = "aaa7" + "05" + "0000" + "05" + ascii("TLM01") + "01" + "07" + ascii("unnamed") + "000003e8";
        assertEquals(List.of(body, "ab"), hexFrames(m.encode()));
        assertEquals(m, TelemetryMsg.decode(msg(body, "ab")));
        assertEquals("TLM01", m.protocol());
        assertEquals(1, m.revision());
    }

    @Test
    void jsonCodecProducesTheSameBytesAsGeneratedCode() {
        JsonCodec json = new JsonCodec(ModelReader.read(ModelCorpus.TELEMETRY));
        String line = "{\"message\":\"READING\",\"fields\":{\"sequence\":123,\"channel\":2,\"unit\":3,\"station\":45536,"
                + "\"sensor\":65535,\"timestamp\":1427261426,\"source\":\"station-9\",\"note\":\"Pressure within range\"}}";
        assertEquals("[\"" + READING_BODY + "\"]", json.encodeLine(line));
        assertEquals("{\"message\":\"READING\",\"fields\":{\"sequence\":123,\"version\":2,\"channel\":2,\"unit\":3,"
                + "\"station\":45536,\"sensor\":65535,\"timestamp\":1427261426,\"source\":\"station-9\","
                + "\"note\":\"Pressure within range\"}}", json.decodeLine("[\"" + READING_BODY + "\"]"));
    }
}
