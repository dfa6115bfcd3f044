package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import io.zmq4j.codegen.example.MdpClientMsg;
import io.zmq4j.codegen.example.ZprotoExample;
import io.zmq4j.proto.ProtocolException;
import io.zmq4j.proto.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each way a message can break zproto's rules ends in a {@link ProtocolException} naming the
 * message and the field, from the generated decoder and from {@link JsonCodec} alike.
 */
class MalformedInputTest {
    private static final JsonCodec JSON =
            new JsonCodec(ModelReader.read(ModelCorpus.model("zeromq__zproto/src/zproto_example.xml")));

    private static String ascii(String s) {
        return Values.hex(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static Msg msg(String... hex) {
        byte[][] frames = new byte[hex.length][];
        for (int i = 0; i < hex.length; i++) {
            frames[i] = Values.unhex(hex[i]);
        }
        return Msg.of(frames);
    }

    /** Decodes with generated code and with JsonCodec; both must fail on {@code field} of {@code message}. */
    private static ProtocolException rejected(String message, String field, String... frames) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> ZprotoExample.decode(msg(frames)));
        assertEquals(field, e.fieldName(), e.getMessage());
        assertEquals(message, e.messageName(), e.getMessage());
        assertEquals("zproto_example", e.protocol());
        List<byte[]> list = new ArrayList<>();
        for (String f : frames) {
            list.add(Values.unhex(f));
        }
        ProtocolException j = assertThrows(ProtocolException.class, () -> JSON.decode(list));
        assertEquals(field, j.fieldName(), j.getMessage());
        assertEquals(e.getMessage(), j.getMessage(), "generated and dynamic codecs report alike");
        return e;
    }

    private static final String LOG_HEAD = "aaa001" + "007b" + "0003" + "02" + "03" + "b1e0" + "ffff"
            + "00000000551247f2";

    @Test
    void wrongSignatureIsRejectedBeforeTheId() {
        ProtocolException e = rejected(null, "signature", "aaa1" + "01");
        assertTrue(e.getMessage().contains("0xaaa1"), e.getMessage());
        rejected(null, "signature", "aa");
    }

    @Test
    void unknownMessageIdIsRejected() {
        ProtocolException e = rejected(null, "id", "aaa0" + "09" + "0000");
        assertTrue(e.getMessage().contains("unknown message id 9"), e.getMessage());
        rejected(null, "id", "aaa0");
    }

    @Test
    void truncatedFieldsAreNamed() {
        rejected("LOG", "sequence", "aaa001" + "00");
        rejected("LOG", "version", "aaa001" + "007b" + "00");
        rejected("LOG", "time", "aaa001" + "007b" + "0003" + "02" + "03" + "b1e0" + "ffff" + "000000");
        rejected("LOG", "host", LOG_HEAD);
        rejected("LOG", "data", LOG_HEAD + "00" + "000000");
        rejected("BINARY", "flags", "aaa003" + "0000" + "b38c");
        rejected("BINARY", "identifier", "aaa003" + "0000" + "00000000" + "00000000" + "3a60e685");
        rejected("STRUCTURES", "aliases", "aaa002" + "0000" + "000000");
    }

    @Test
    void lengthsPastTheFrameEndAreNamed() {
        ProtocolException e = rejected("LOG", "host", LOG_HEAD + "09" + ascii("local"));
        assertTrue(e.getMessage().contains("past the end"), e.getMessage());
        rejected("LOG", "data", LOG_HEAD + "00" + "ffffffff" + "41");
        rejected("BINARY", "public key", "aaa003" + "0000" + "00000000" + "7fffffff" + "00");
        rejected("STRUCTURES", "aliases", "aaa002" + "0000" + "00000002" + "00000001" + "41");
        // A count no frame could hold must fail before anything is allocated for it.
        rejected("STRUCTURES", "aliases", "aaa002" + "0000" + "ffffffff");
        rejected("STRUCTURES", "headers", "aaa002" + "0000" + "00000000" + "40000000" + "00");
        rejected("STRUCTURES", "headers", "aaa002" + "0000" + "00000000" + "00000001" + "05" + ascii("ab"));
    }

    @Test
    void badUtf8IsNamedInEveryTextType() {
        rejected("LOG", "host", LOG_HEAD + "02" + "c328" + "00000000");
        rejected("LOG", "data", LOG_HEAD + "00" + "00000001" + "ff");
        rejected("STRUCTURES", "aliases", "aaa002" + "0000" + "00000001" + "00000003" + "eda080" + "00000000");
        rejected("STRUCTURES", "headers", "aaa002" + "0000" + "00000000" + "00000001" + "01" + "80" + "00000000");
    }

    @Test
    void constantThatDoesNotMatchIsNamed() {
        ProtocolException e = rejected("LOG", "version", "aaa001" + "007b" + "0004" + "02");
        assertTrue(e.getMessage().contains("expected 3"), e.getMessage());
        ProtocolException s = assertThrows(ProtocolException.class,
                () -> MdpClientMsg.decode(msg("aaa4" + "01" + "06" + ascii("MDPW02") + "01" + "00")));
        assertEquals("version", s.fieldName());
    }

    @Test
    void missingFrameFieldIsNamed() {
        String body = "aaa003" + "0000" + "00000000" + "00000000" + "00000000000000000000000000000000";
        ProtocolException e = rejected("BINARY", "address", body);
        assertTrue(e.getMessage().contains("frame missing"), e.getMessage());
    }

    @Test
    void extraFramesAreRejectedButTrailingBodyBytesAreIgnoredAsInC() {
        String structures = "aaa002" + "0000" + "00000000" + "00000000";
        rejected("STRUCTURES", null, structures, "00");
        assertEquals(ZprotoExample.Structures.builder().build(), ZprotoExample.decode(msg(structures + "ffff")));
    }

    @Test
    void routerMessageWithoutRoutingIdIsRejected() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ZprotoExample.decode(msg("aaa002" + "0000" + "00000000" + "00000000"), true));
        assertEquals("routing id", e.fieldName());
    }

    @Test
    void aFailedDecodeLeavesTheSocketUsable() {
        // The decoder only reads the Msg it is given, so after a bad message the next good one decodes.
        ArrayQueueSocket socket = new ArrayQueueSocket(false);
        socket.inbound.add(msg("aaa1" + "02"));
        ZprotoExample.Structures good = ZprotoExample.Structures.builder().aliases(List.of("a")).build();
        good.send(socket);
        socket.inbound.add(socket.outbound.remove(0));
        assertThrows(ProtocolException.class, () -> ZprotoExample.recv(socket));
        assertEquals(good, ZprotoExample.recv(socket));
        assertNull(ZprotoExample.recv(socket));
    }

    @Test
    void builderRejectsValuesTheWireCannotCarry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZprotoExample.Log.builder().host("x".repeat(256)));
        assertTrue(e.getMessage().contains("'host'"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ZprotoExample.Log.builder().level(256))
                .getMessage().contains("'level'"));
        assertThrows(IllegalArgumentException.class, () -> ZprotoExample.Log.builder().node(-1));
        assertThrows(IllegalArgumentException.class, () -> ZprotoExample.Binary.builder().flags(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> ZprotoExample.Log.builder().data("a\0b"));
        assertThrows(IllegalArgumentException.class,
                () -> ZprotoExample.Structures.builder().headers(Map.of("k".repeat(300), "v")));
        assertThrows(NullPointerException.class, () -> ZprotoExample.Log.builder().host(null));
    }

    @Test
    void mutatedMessagesEitherDecodeOrRaiseProtocolExceptionNothingElse() {
        List<ZprotoExample.Message> seeds = List.of(
                ZprotoExample.Log.builder().host("localhost").data("data").time(-1L).build(),
                ZprotoExample.Structures.builder().aliases(List.of("a", "\u00e9t\u00e9")).headers(Map.of("k", "v")).build(),
                ZprotoExample.Binary.builder().publicKey(new byte[] {1, 2, 3}).identifier(UUID.randomUUID())
                        .content(List.of(new byte[] {9})).build(),
                ZprotoExample.Types.builder().clientForename("x").supplierEmail("y@z").build());
        Random random = new Random(0xF022L);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 5000; i++) {
            Msg original = seeds.get(i % seeds.size()).encode();
            List<byte[]> frames = new ArrayList<>();
            for (byte[] f : original.frames()) {
                frames.add(f.clone());
            }
            byte[] body = frames.get(0);
            switch (random.nextInt(4)) {
                case 0:
                    frames.set(0, java.util.Arrays.copyOf(body, random.nextInt(body.length + 1)));
                    break;
                case 1:
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                    break;
                case 2:
                    body[3 + random.nextInt(body.length - 3)] ^= (byte) (1 << random.nextInt(8));
                    break;
                default:
                    if (frames.size() > 1 && random.nextBoolean()) {
                        frames.remove(frames.size() - 1);
                    } else {
                        frames.add(new byte[random.nextInt(3)]);
                    }
            }
            Msg mutated = Msg.of(frames);
            try {
                ZprotoExample.decode(mutated);
                decoded++;
            } catch (ProtocolException e) {
                rejected++;
                assertTrue(e.getMessage().startsWith("zproto_example"), e.getMessage());
            }
            try {
                JSON.decode(frames);
            } catch (ProtocolException e) {
                // the same rule, from the dynamic codec
            }
        }
        assertTrue(decoded > 0 && rejected > 0, decoded + " decoded, " + rejected + " rejected");
    }
}
