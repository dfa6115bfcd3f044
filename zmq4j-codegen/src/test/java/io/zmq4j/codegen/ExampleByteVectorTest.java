package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zmq4j.Msg;
import io.zmq4j.codegen.example.MdpClientMsg;
import io.zmq4j.codegen.example.ZprotoExample;
import io.zmq4j.proto.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Exact frames for messages of zproto's example model, worked out by hand from zproto's
 * encoding rules (signature 0xAAA0|0, id byte, header field first, numbers big-endian, string
 * with a 1-byte length, longstr/chunk with 4, strings/hash with a 4-byte count, uuid 16 bytes,
 * frame and msg fields as frames after the body), and checked both ways.
 */
class ExampleByteVectorTest {

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

    private static final ZprotoExample.Log LOG = ZprotoExample.Log.builder()
            .sequence(123).level(2).event(3).node(45536).peer(65535).time(1427261426L)
            .host("localhost").data("This is the message to log").build();

    private static final String LOG_BODY = "aaa0" + "01"  // signature 0xAAA0 | 0, id 1
            + "007b"                                      // sequence (header) 123
            + "0003"                                      // version, constant 3
            + "02" + "03"                                 // level, event
            + "b1e0" + "ffff"                             // node 45536, peer 65535
            + "00000000551247f2"                          // time 1427261426, 8 bytes
            + "09" + ascii("localhost")                   // host: string, 1-byte length
            + "0000001a" + ascii("This is the message to log"); // data: longstr, 4-byte length 26

    @Test
    void logEncodesNumbersBigEndianAndStringsWithTheirLengths() {
        assertEquals(List.of(LOG_BODY), hexFrames(LOG.encode()));
        assertEquals(LOG, ZprotoExample.decode(msg(LOG_BODY)));
    }

    @Test
    void routerEncodingPutsTheRoutingIdFrameFirstAndDecodeKeepsIt() {
        byte[] rid = {0, 1, 2, 3, 4};
        ZprotoExample.Log routed = LOG.withRoutingId(rid);
        assertEquals(List.of("0001020304", LOG_BODY), hexFrames(routed.encode(true)));
        assertEquals(List.of(LOG_BODY), hexFrames(routed.encode()), "encode() never adds the routing id");
        ZprotoExample.Message back = ZprotoExample.decode(msg("0001020304", LOG_BODY), true);
        assertEquals(routed, back);
        assertEquals("0001020304", Values.hex(back.routingId()));
        assertThrows(IllegalStateException.class, () -> LOG.encode(true));
    }

    @Test
    void structuresEncodeListAndHashWithFourByteCounts() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("endpoint", "tcp://localhost:5665");
        ZprotoExample.Structures m = ZprotoExample.Structures.builder()
                .sequence(123)
                .aliases(List.of("First alias", "Second alias", "Third alias"))
                .headers(headers)
                .build();
        String body = "aaa0" + "02" + "007b"
                + "00000003"                                          // aliases: 3 entries, each a longstr
                + "0000000b" + ascii("First alias")
                + "0000000c" + ascii("Second alias")
                + "0000000b" + ascii("Third alias")
                + "00000001"                                          // headers: 1 pair
                + "08" + ascii("endpoint")                            // key as string
                + "00000014" + ascii("tcp://localhost:5665");         // value as longstr
        assertEquals(List.of(body), hexFrames(m.encode()));
        assertEquals(m, ZprotoExample.decode(msg(body)));
    }

    @Test
    void binaryPutsFrameAndMsgFieldsInFramesAfterTheBody() {
        ZprotoExample.Binary m = ZprotoExample.Binary.builder()
                .sequence(123)
                .flags(Values.unhex("b38c0102"))
                .publicKey(Values.unhex("89f5ffe70d747869dfe8"))
                .identifier(UUID.fromString("3a60e685-0a1e-4cc1-5f3b-fd4b42bc6b3e"))
                .address(Values.unhex("0206f99f6137d9fe380f"))
                .content(List.of(Values.unhex("728a92c6749235ba7002"), Values.unhex("")))
                .build();
        String body = "aaa0" + "03" + "007b"
                + "b38c0102"                                // flags: octets 4, no length
                + "0000000a" + "89f5ffe70d747869dfe8"       // public key: chunk, 4-byte length
                + "3a60e6850a1e4cc15f3bfd4b42bc6b3e";       // identifier: uuid, 16 bytes
        List<String> frames = List.of(body, "0206f99f6137d9fe380f", "728a92c6749235ba7002", "");
        assertEquals(frames, hexFrames(m.encode()));
        assertEquals(m, ZprotoExample.decode(msg(frames.toArray(new String[0]))));
    }

    @Test
    void binaryWithEmptyMsgFieldHasNoFramesForIt() {
        ZprotoExample.Binary m = ZprotoExample.Binary.builder().build();
        String body = "aaa0" + "03" + "0000" + "00000000" + "00000000" + "00000000000000000000000000000000";
        assertEquals(List.of(body, ""), hexFrames(m.encode()));
        assertEquals(m, ZprotoExample.decode(msg(body, "")));
    }

    @Test
    void typesFlattenCustomTypeFieldsInModelOrder() {
        ZprotoExample.Types m = ZprotoExample.Types.builder()
                .sequence(1)
                .clientForename("Lucius Junius").clientSurname("Brutus")
                .clientMobile("01234567890").clientEmail("brutus@example.com")
                .supplierForename("Leslie").supplierSurname("Lamport")
                .supplierMobile("01987654321").supplierEmail("lamport@example.com")
                .build();
        String body = "aaa0" + "04" + "0001"
                + "0d" + ascii("Lucius Junius") + "06" + ascii("Brutus")
                + "0b" + ascii("01234567890") + "12" + ascii("brutus@example.com")
                + "06" + ascii("Leslie") + "07" + ascii("Lamport")
                + "0b" + ascii("01987654321") + "13" + ascii("lamport@example.com");
        assertEquals(List.of(body), hexFrames(m.encode()));
        assertEquals(m, ZprotoExample.decode(msg(body)));
    }

    @Test
    void nonAsciiTextIsCountedInUtf8Bytes() {
        ZprotoExample.Log m = LOG.toBuilder().host("h\u00e9").data("\u20ac").build();
        String hex = hexFrames(m.encode()).get(0);
        assertEquals(LOG_BODY.substring(0, LOG_BODY.indexOf("09" + ascii("localhost")))
                + "03" + "68c3a9" + "00000003" + "e282ac", hex);
    }

    @Test
    void stringConstantAndSignatureOfAnotherModel() {
        // mdp_client_msg: signature 4, CLIENT REQUEST id 1 = constant "MDPC02", constant 1, service, msg body.
        MdpClientMsg.ClientRequest m = MdpClientMsg.ClientRequest.builder()
                .service("echo").body(List.of(Values.unhex("ab"))).build();
        String body = "aaa4" + "01" + "06" + ascii("MDPC02") + "01" + "04" + ascii("echo");
        assertEquals(List.of(body, "ab"), hexFrames(m.encode()));
        assertEquals(m, MdpClientMsg.decode(msg(body, "ab")));
        assertEquals("MDPC02", m.version());
    }

    @Test
    void jsonCodecProducesTheSameBytesAsGeneratedCode() {
        JsonCodec json = new JsonCodec(ModelReader.read(ModelCorpus.model("zeromq__zproto/src/zproto_example.xml")));
        String line = "{\"message\":\"LOG\",\"fields\":{\"sequence\":123,\"level\":2,\"event\":3,\"node\":45536,"
                + "\"peer\":65535,\"time\":1427261426,\"host\":\"localhost\",\"data\":\"This is the message to log\"}}";
        assertEquals("[\"" + LOG_BODY + "\"]", json.encodeLine(line));
        assertEquals("{\"message\":\"LOG\",\"fields\":{\"sequence\":123,\"version\":3,\"level\":2,\"event\":3,"
                + "\"node\":45536,\"peer\":65535,\"time\":1427261426,\"host\":\"localhost\","
                + "\"data\":\"This is the message to log\"}}", json.decodeLine("[\"" + LOG_BODY + "\"]"));
    }
}
