package io.zmq4j.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodecBuffersTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void numbersAreWrittenInNetworkOrder() {
        CodecWriter w = new CodecWriter(15);
        w.putNumber1(0xAB);
        w.putNumber2(0x1234);
        w.putNumber4(0xDEADBEEFL);
        w.putNumber8(0x0102030405060708L);
        assertArrayEquals(bytes(0xAB, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3, 4, 5, 6, 7, 8), w.array());
    }

    @Test
    void exactSizeWriterHandsOutItsOwnArray() {
        CodecWriter w = new CodecWriter(CodecWriter.stringSize("héllo"));
        w.putString("héllo");
        byte[] a = w.array();
        assertEquals(7, a.length);
        assertEquals(6, a[0]);
    }

    @Test
    void textRoundTripsThroughUtf8IncludingSurrogatePairs() {
        String s = "a\u00e9\u20ac\uD83D\uDE00z";
        CodecWriter w = new CodecWriter(0);
        w.putLongstr(s);
        w.putString(s);
        byte[] frame = w.array();
        assertArrayEquals(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Arrays.copyOfRange(frame, 4, 4 + 11));
        CodecReader r = new CodecReader("p", frame);
        assertEquals(s, r.longstr("a"));
        assertEquals(s, r.string("b"));
        assertEquals(0, r.remaining());
    }

    @Test
    void compositeFieldsRoundTrip() {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("k1", "v1");
        hash.put("k2", "");
        UUID uuid = UUID.randomUUID();
        List<String> strings = List.of("one", "", "three");
        CodecWriter w = new CodecWriter(CodecWriter.stringsSize(strings) + CodecWriter.hashSize(hash)
                + CodecWriter.chunkSize(bytes(9, 8)) + 16 + 3);
        w.putStrings(strings);
        w.putHash(hash);
        w.putChunk(bytes(9, 8));
        w.putUuid(uuid);
        w.putOctets(bytes(1, 2, 3));
        CodecReader r = new CodecReader("p", w.array());
        assertEquals(strings, r.strings("s"));
        Map<String, String> decoded = r.hash("h");
        assertEquals(hash, decoded);
        assertEquals(List.copyOf(hash.keySet()), List.copyOf(decoded.keySet()), "wire order is kept");
        assertArrayEquals(bytes(9, 8), r.chunk("c"));
        assertEquals(uuid, r.uuid("u"));
        assertArrayEquals(bytes(1, 2, 3), r.octets("o", 3));
        assertEquals(0, r.remaining());
    }

    @Test
    void truncatedNumberNamesTheField() {
        CodecReader r = new CodecReader("proto", bytes(0xAA, 0xA0, 1, 0));
        r.signature(0xAAA0);
        assertEquals(1, r.id());
        r.message("LOG");
        ProtocolException e = assertThrows(ProtocolException.class, () -> r.number2("sequence"));
        assertEquals("sequence", e.fieldName());
        assertEquals("LOG", e.messageName());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongSignatureIsReported() {
        CodecReader r = new CodecReader("proto", bytes(0xAA, 0xA1, 1));
        ProtocolException e = assertThrows(ProtocolException.class, () -> r.signature(0xAAA0));
        assertEquals("signature", e.fieldName());
    }

    @Test
    void lengthPastFrameEndIsReportedWithoutAllocating() {
        CodecReader r = new CodecReader("p", bytes(0xFF, 0xFF, 0xFF, 0xFF, 1));
        assertThrows(ProtocolException.class, () -> r.chunk("data"));
        CodecReader r2 = new CodecReader("p", bytes(0x7F, 0xFF, 0xFF, 0xFF));
        ProtocolException e = assertThrows(ProtocolException.class, () -> r2.strings("aliases"));
        assertEquals("aliases", e.fieldName());
        CodecReader r3 = new CodecReader("p", bytes(5, 'a'));
        assertThrows(ProtocolException.class, () -> r3.string("host"));
    }

    @Test
    void badUtf8IsReportedNotReplaced() {
        CodecReader r = new CodecReader("p", bytes(2, 0xC3, 0x28));
        ProtocolException e = assertThrows(ProtocolException.class, () -> r.string("host"));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void missingFrameAndExtraFrameAreReported() {
        CodecReader r = new CodecReader("p", bytes(0));
        Msg msg = Msg.of(bytes(0));
        assertEquals("address", assertThrows(ProtocolException.class, () -> r.frame(msg, 1, "address")).fieldName());
        assertThrows(ProtocolException.class, () -> r.end(Msg.of(bytes(0), bytes(1)), 1));
        assertEquals(List.of(), r.rest(msg, 1));
    }

    @Test
    void fieldChecksRejectWhatCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> FieldCheck.number("n", 1, 256));
        assertThrows(IllegalArgumentException.class, () -> FieldCheck.number("n", 2, -1));
        assertEquals(0xFFFFFFFFL, FieldCheck.number("n", 4, 0xFFFFFFFFL));
        assertEquals(-1L, FieldCheck.number("n", 8, -1L));
        assertThrows(IllegalArgumentException.class, () -> FieldCheck.string("s", "x".repeat(256)));
        assertEquals(255, FieldCheck.string("s", "x".repeat(255)).length());
        assertThrows(IllegalArgumentException.class, () -> FieldCheck.longstr("s", "a\0b"));
        assertThrows(IllegalArgumentException.class, () -> FieldCheck.longstr("s", "\uD800"));
        assertThrows(IllegalArgumentException.class, () -> FieldCheck.octets("o", 4, bytes(1)));
    }
}
