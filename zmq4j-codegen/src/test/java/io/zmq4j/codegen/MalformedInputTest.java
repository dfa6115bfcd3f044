package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import io.zmq4j.codegen.example.TelemetryMsg;
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
            new JsonCodec(ModelReader.read(ModelCorpus.TELEMETRY));

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
        ProtocolException e = assertThrows(ProtocolException.class, () -> TelemetryMsg.decode(msg(frames)));
        assertEquals(field, e.fieldName(), e.getMessage());
        assertEquals(message, e.messageName(), e.getMessage());
        assertEquals("telemetry_msg", e.protocol());
        List<byte[]> list = new ArrayList<>();
        for (String f : frames) {
            list.add(Values.unhex(f));
        }
        ProtocolException j = assertThrows(ProtocolException.class, () -> JSON.decode(list));
        assertEquals(field, j.fieldName(), j.getMessage());
        assertEquals(e.getMessage(), j.getMessage(), "generated and dynamic codecs report alike");
        return e;
    }

    private static final String READING_HEAD = "aaa701" + "007b" + "0002" + "02" + "03" + "b1e0" + "ffff"
            + "00000000551247f2";

    @Test
    void wrongSignatureIsRejectedBeforeTheId() {
        ProtocolException e = rejected(null, "signature", "aaa1" + "01");
        assertTrue(e.getMessage().contains("0xaaa1"), e.getMessage());
        rejected(null, "signature", "aa");
    }

    @Test
    void unknownMessageIdIsRejected() {
        ProtocolException e = rejected(null, "id", "aaa7" + "09" + "0000");
        assertTrue(e.getMessage().contains("unknown message id 9"), e.getMessage());
        rejected(null, "id", "aaa7");
    }

    @Test
    void truncatedFieldsAreNamed() {
        rejected("READING", "sequence", "aaa701" + "00");
        rejected("READING", "version", "aaa701" + "007b" + "00");
        rejected("READING", "timestamp", "aaa701" + "007b" + "0002" + "02" + "03" + "b1e0" + "ffff" + "000000");
        rejected("READING", "source", READING_HEAD);
        rejected("READING", "note", READING_HEAD + "00" + "000000");
        rejected("SAMPLE", "checksum", "aaa703" + "0000" + "b38c");
        rejected("SAMPLE", "stream", "aaa703" + "0000" + "00000000" + "00000000" + "3a60e685");
        rejected("LABELS", "tags", "aaa702" + "0000" + "000000");
        rejected("HELLO", "interval", "aaa705" + "0000" + "05" + ascii("TLM01") + "01" + "00" + "0000");
    }

    @Test
    void lengthsPastTheFrameEndAreNamed() {
        ProtocolException e = rejected("READING", "source", READING_HEAD + "09" + ascii("stati"));
        assertTrue(e.getMessage().contains("past the end"), e.getMessage());
        rejected("READING", "note", READING_HEAD + "00" + "ffffffff" + "41");
        rejected("SAMPLE", "key", "aaa703" + "0000" + "00000000" + "7fffffff" + "00");
        rejected("LABELS", "tags", "aaa702" + "0000" + "00000002" + "00000001" + "41");
        // A count no frame could hold must fail before anything is allocated for it.
        rejected("LABELS", "tags", "aaa702" + "0000" + "ffffffff");
        rejected("LABELS", "attributes", "aaa702" + "0000" + "00000000" + "40000000" + "00");
        rejected("LABELS", "attributes", "aaa702" + "0000" + "00000000" + "00000001" + "05" + ascii("ab"));
    }

    @Test
    void badUtf8IsNamedInEveryTextType() {
        rejected("READING", "source", READING_HEAD + "02" + "c328" + "00000000");
        rejected("READING", "note", READING_HEAD + "00" + "00000001" + "ff");
        rejected("LABELS", "tags", "aaa702" + "0000" + "00000001" + "00000003" + "eda080" + "00000000");
        rejected("LABELS", "attributes", "aaa702" + "0000" + "00000000" + "00000001" + "01" + "80" + "00000000");
    }

    @Test
    void constantThatDoesNotMatchIsNamed() {
        ProtocolException e = rejected("READING", "version", "aaa701" + "007b" + "0003" + "02");
        assertTrue(e.getMessage().contains("expected 2"), e.getMessage());
        ProtocolException s = rejected("HELLO", "protocol",
                "aaa705" + "0000" + "05" + ascii("TLM02") + "01" + "00" + "00000000");
        assertTrue(s.getMessage().contains("TLM01"), s.getMessage());
    }

    @Test
    void missingFrameFieldIsNamed() {
        String body = "aaa703" + "0000" + "00000000" + "00000000" + "00000000000000000000000000000000";
        ProtocolException e = rejected("SAMPLE", "origin", body);
        assertTrue(e.getMessage().contains("frame missing"), e.getMessage());
    }

    @Test
    void extraFramesAreRejectedButTrailingBodyBytesAreIgnoredAsInC() {
        String labels = "aaa702" + "0000" + "00000000" + "00000000";
        rejected("LABELS", null, labels, "00");
        assertEquals(TelemetryMsg.Labels.builder().build(), TelemetryMsg.decode(msg(labels + "ffff")));
    }

    @Test
    void routerMessageWithoutRoutingIdIsRejected() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> TelemetryMsg.decode(msg("aaa702" + "0000" + "00000000" + "00000000"), true));
        assertEquals("routing id", e.fieldName());
    }

    @Test
    void aFailedDecodeLeavesTheSocketUsable() {
        // The decoder only reads the Msg it is given, so after a bad message the next good one decodes.
        ArrayQueueSocket socket = new ArrayQueueSocket(false);
        socket.inbound.add(msg("aaa1" + "02"));
        TelemetryMsg.Labels good = TelemetryMsg.Labels.builder().tags(List.of("a")).build();
        good.send(socket);
        socket.inbound.add(socket.outbound.remove(0));
        assertThrows(ProtocolException.class, () -> TelemetryMsg.recv(socket));
        assertEquals(good, TelemetryMsg.recv(socket));
        assertNull(TelemetryMsg.recv(socket));
    }

    @Test
    void builderRejectsValuesTheWireCannotCarry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TelemetryMsg.Reading.builder().source("x".repeat(256)));
        assertTrue(e.getMessage().contains("'source'"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TelemetryMsg.Reading.builder().channel(256))
                .getMessage().contains("'channel'"));
        assertThrows(IllegalArgumentException.class, () -> TelemetryMsg.Reading.builder().station(-1));
        assertThrows(IllegalArgumentException.class, () -> TelemetryMsg.Hello.builder().interval(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> TelemetryMsg.Sample.builder().checksum(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> TelemetryMsg.Reading.builder().note("a\0b"));
        assertThrows(IllegalArgumentException.class,
                () -> TelemetryMsg.Labels.builder().attributes(Map.of("k".repeat(300), "v")));
        assertThrows(NullPointerException.class, () -> TelemetryMsg.Reading.builder().source(null));
    }

    @Test
    void mutatedMessagesEitherDecodeOrRaiseProtocolExceptionNothingElse() {
        List<TelemetryMsg.Message> seeds = List.of(
                TelemetryMsg.Reading.builder().source("localhost").note("note").timestamp(-1L).build(),
                TelemetryMsg.Labels.builder().tags(List.of("a", "\u00e9t\u00e9")).attributes(Map.of("k", "v")).build(),
                TelemetryMsg.Sample.builder().key(new byte[] {1, 2, 3}).stream(UUID.randomUUID())
                        .samples(List.of(new byte[] {9})).build(),
                TelemetryMsg.Contacts.builder().ownerFirstName("x").operatorEmail("y@z").build(),
                TelemetryMsg.Hello.builder().name("n").extras(List.of(new byte[] {1})).build());
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
                TelemetryMsg.decode(mutated);
                decoded++;
            } catch (ProtocolException e) {
                rejected++;
                assertTrue(e.getMessage().startsWith("telemetry_msg"), e.getMessage());
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
