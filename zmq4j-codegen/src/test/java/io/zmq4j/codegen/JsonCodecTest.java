package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    private static final JsonCodec TELEMETRY = new JsonCodec(ModelReader.read(ModelCorpus.TELEMETRY));

    private static String encodeError(String line) {
        return assertThrows(JsonCodec.CodecException.class, () -> TELEMETRY.encodeLine(line)).getMessage();
    }

    @Test
    void leftOutFieldsTakeDefaultsAndConstantsNeedNotBeGiven() {
        // sequence 0, version 2, channel, unit, station, sensor, timestamp 0, source "", note ""
        String zeros = "[\"aaa701" + "0000" + "0002" + "00" + "00" + "0000" + "0000" + "0000000000000000" + "00"
                + "00000000" + "\"]";
        assertEquals(zeros, TELEMETRY.encodeLine("{\"message\":\"READING\"}"));
        assertEquals(zeros, TELEMETRY.encodeLine("{\"message\":\"READING\",\"fields\":{\"version\":2}}"));
        // HELLO: constants "TLM01" and 1, then the model's defaults name "unnamed" and interval 1000
        assertEquals("[\"aaa705" + "0000" + "05544c4d3031" + "01" + "07756e6e616d6564" + "000003e8" + "\"]",
                TELEMETRY.encodeLine("{\"message\":\"HELLO\"}"));
    }

    @Test
    void customTypeFieldsUseFlattenedNames() {
        String out = TELEMETRY.encodeLine("{\"message\":\"CONTACTS\",\"fields\":{\"owner first name\":\"Al\"}}");
        assertEquals("[\"aaa704" + "0000" + "02416c" + "00".repeat(7) + "\"]", out);
        String back = TELEMETRY.decodeLine(out);
        assertTrue(back.contains("\"owner first name\":\"Al\""), back);
    }

    @Test
    void binaryFieldsAreHexAndMsgIsAnArrayOfFrames() {
        String line = "{\"message\":\"SAMPLE\",\"fields\":{\"checksum\":\"01020304\",\"key\":\"ff\","
                + "\"stream\":\"3a60e6850a1e4cc15f3bfd4b42bc6b3e\",\"origin\":\"abcd\",\"samples\":[\"01\",\"\"]}}";
        String frames = TELEMETRY.encodeLine(line);
        assertEquals("[\"aaa703000001020304" + "00000001ff" + "3a60e6850a1e4cc15f3bfd4b42bc6b3e\",\"abcd\",\"01\",\"\"]",
                frames);
        assertEquals("{\"message\":\"SAMPLE\",\"fields\":{\"sequence\":0,\"checksum\":\"01020304\",\"key\":\"ff\","
                + "\"stream\":\"3a60e6850a1e4cc15f3bfd4b42bc6b3e\",\"origin\":\"abcd\",\"samples\":[\"01\",\"\"]}}",
                TELEMETRY.decodeLine(frames));
    }

    @Test
    void eightByteNumbersGoUpToTwoToTheSixtyFourMinusOne() {
        String frames = TELEMETRY.encodeLine("{\"message\":\"READING\",\"fields\":{\"timestamp\":18446744073709551615}}");
        assertTrue(frames.contains("ffffffffffffffff"), frames);
        assertTrue(TELEMETRY.decodeLine(frames).contains("\"timestamp\":18446744073709551615"));
        assertTrue(encodeError("{\"message\":\"READING\",\"fields\":{\"timestamp\":18446744073709551616}}")
                .contains("does not fit"));
    }

    @Test
    void encodeErrorsNameMessageFieldAndProblem() {
        assertEquals("unknown message 'NOPE' in telemetry_msg", encodeError("{\"message\":\"NOPE\"}"));
        assertEquals("READING: unknown field 'sorce'",
                encodeError("{\"message\":\"READING\",\"fields\":{\"sorce\":\"x\"}}"));
        assertEquals("READING: field 'channel': 256 does not fit an unsigned 1-byte number",
                encodeError("{\"message\":\"READING\",\"fields\":{\"channel\":256}}"));
        assertTrue(encodeError("{\"message\":\"READING\",\"fields\":{\"channel\":-1}}")
                .startsWith("READING: field 'channel'"));
        assertTrue(encodeError("{\"message\":\"READING\",\"fields\":{\"channel\":1.5}}")
                .startsWith("READING: field 'channel'"));
        assertTrue(encodeError("{\"message\":\"READING\",\"fields\":{\"version\":4}}").contains("constant is 2"));
        assertTrue(encodeError("{\"message\":\"HELLO\",\"fields\":{\"protocol\":\"TLM02\"}}").contains("TLM01"));
        assertTrue(encodeError("{\"message\":\"READING\",\"fields\":{\"source\":7}}")
                .startsWith("READING: field 'source'"));
        assertTrue(encodeError("{\"message\":\"SAMPLE\",\"fields\":{\"checksum\":\"0102\"}}").contains("4 bytes"));
        assertTrue(encodeError("{\"message\":\"SAMPLE\",\"fields\":{\"origin\":\"xyz\"}}")
                .startsWith("SAMPLE: field 'origin'"));
        assertTrue(encodeError("{\"message\":\"READING\",\"fields\":{\"source\":\"" + "x".repeat(256) + "\"}}")
                .contains("at most 255"));
        assertTrue(encodeError("not json").startsWith("not valid JSON"));
        assertTrue(encodeError("{\"fields\":{}}").contains("\"message\""));
    }

    @Test
    void runWritesOneLinePerInputAndExitsOneWhenAnyLineFails() {
        StringWriter out = new StringWriter();
        int status = TELEMETRY.run(new BufferedReader(new StringReader(
                "{\"message\":\"READING\"}\n\n{\"message\":\"NOPE\"}\n")), out, JsonCodec.Mode.ENCODE);
        assertEquals(1, status);
        String[] lines = out.toString().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("[\"aaa701"), lines[0]);
        assertEquals("{\"error\":\"unknown message 'NOPE' in telemetry_msg\"}", lines[1]);

        StringWriter decoded = new StringWriter();
        assertEquals(0, TELEMETRY.run(new BufferedReader(new StringReader(lines[0] + "\n")), decoded,
                JsonCodec.Mode.DECODE));
        assertTrue(decoded.toString().startsWith("{\"message\":\"READING\""), decoded.toString());

        StringWriter bad = new StringWriter();
        assertEquals(1, TELEMETRY.run(new BufferedReader(new StringReader("[\"aaa1\"]\n[\"zz\"]\n[]\n")), bad,
                JsonCodec.Mode.DECODE));
        String[] errors = bad.toString().split("\n");
        assertEquals(3, errors.length);
        assertTrue(errors[0].contains("field 'signature'"), errors[0]);
        assertTrue(errors[1].contains("frame 0"), errors[1]);
        assertTrue(errors[2].contains("one or more"), errors[2]);
    }
}
