package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    private static final JsonCodec EXAMPLE =
            new JsonCodec(ModelReader.read(ModelCorpus.model("zeromq__zproto/src/zproto_example.xml")));

    private static String encodeError(String line) {
        return assertThrows(JsonCodec.CodecException.class, () -> EXAMPLE.encodeLine(line)).getMessage();
    }

    @Test
    void leftOutFieldsTakeDefaultsAndConstantsNeedNotBeGiven() {
        // sequence 0, version 3, level, event, node, peer, time 0, host "", data ""
        String zeros = "[\"aaa001" + "0000" + "0003" + "00" + "00" + "0000" + "0000" + "0000000000000000" + "00"
                + "00000000" + "\"]";
        assertEquals(zeros, EXAMPLE.encodeLine("{\"message\":\"LOG\"}"));
        assertEquals(zeros, EXAMPLE.encodeLine("{\"message\":\"LOG\",\"fields\":{\"version\":3}}"));
    }

    @Test
    void customTypeFieldsUseFlattenedNames() {
        String out = EXAMPLE.encodeLine("{\"message\":\"TYPES\",\"fields\":{\"client forename\":\"Al\"}}");
        assertEquals("[\"aaa004" + "0000" + "02416c" + "00".repeat(7) + "\"]", out);
        String back = EXAMPLE.decodeLine(out);
        assertTrue(back.contains("\"client forename\":\"Al\""), back);
    }

    @Test
    void binaryFieldsAreHexAndMsgIsAnArrayOfFrames() {
        String line = "{\"message\":\"BINARY\",\"fields\":{\"flags\":\"01020304\",\"public key\":\"ff\","
                + "\"identifier\":\"3a60e6850a1e4cc15f3bfd4b42bc6b3e\",\"address\":\"abcd\",\"content\":[\"01\",\"\"]}}";
        String frames = EXAMPLE.encodeLine(line);
        assertEquals("[\"aaa003000001020304" + "00000001ff" + "3a60e6850a1e4cc15f3bfd4b42bc6b3e\",\"abcd\",\"01\",\"\"]",
                frames);
        assertEquals("{\"message\":\"BINARY\",\"fields\":{\"sequence\":0,\"flags\":\"01020304\",\"public key\":\"ff\","
                + "\"identifier\":\"3a60e6850a1e4cc15f3bfd4b42bc6b3e\",\"address\":\"abcd\",\"content\":[\"01\",\"\"]}}",
                EXAMPLE.decodeLine(frames));
    }

    @Test
    void eightByteNumbersGoUpToTwoToTheSixtyFourMinusOne() {
        String frames = EXAMPLE.encodeLine("{\"message\":\"LOG\",\"fields\":{\"time\":18446744073709551615}}");
        assertTrue(frames.contains("ffffffffffffffff"), frames);
        assertTrue(EXAMPLE.decodeLine(frames).contains("\"time\":18446744073709551615"));
        assertTrue(encodeError("{\"message\":\"LOG\",\"fields\":{\"time\":18446744073709551616}}")
                .contains("does not fit"));
    }

    @Test
    void encodeErrorsNameMessageFieldAndProblem() {
        assertEquals("unknown message 'NOPE' in zproto_example", encodeError("{\"message\":\"NOPE\"}"));
        assertEquals("LOG: unknown field 'hots'", encodeError("{\"message\":\"LOG\",\"fields\":{\"hots\":\"x\"}}"));
        assertEquals("LOG: field 'level': 256 does not fit an unsigned 1-byte number",
                encodeError("{\"message\":\"LOG\",\"fields\":{\"level\":256}}"));
        assertTrue(encodeError("{\"message\":\"LOG\",\"fields\":{\"level\":-1}}").startsWith("LOG: field 'level'"));
        assertTrue(encodeError("{\"message\":\"LOG\",\"fields\":{\"level\":1.5}}").startsWith("LOG: field 'level'"));
        assertTrue(encodeError("{\"message\":\"LOG\",\"fields\":{\"version\":4}}").contains("constant is 3"));
        assertTrue(encodeError("{\"message\":\"LOG\",\"fields\":{\"host\":7}}").startsWith("LOG: field 'host'"));
        assertTrue(encodeError("{\"message\":\"BINARY\",\"fields\":{\"flags\":\"0102\"}}").contains("4 bytes"));
        assertTrue(encodeError("{\"message\":\"BINARY\",\"fields\":{\"address\":\"xyz\"}}")
                .startsWith("BINARY: field 'address'"));
        assertTrue(encodeError("{\"message\":\"LOG\",\"fields\":{\"host\":\"" + "x".repeat(256) + "\"}}")
                .contains("at most 255"));
        assertTrue(encodeError("not json").startsWith("not valid JSON"));
        assertTrue(encodeError("{\"fields\":{}}").contains("\"message\""));
    }

    @Test
    void runWritesOneLinePerInputAndExitsOneWhenAnyLineFails() {
        StringWriter out = new StringWriter();
        int status = EXAMPLE.run(new BufferedReader(new StringReader(
                "{\"message\":\"LOG\"}\n\n{\"message\":\"NOPE\"}\n")), out, JsonCodec.Mode.ENCODE);
        assertEquals(1, status);
        String[] lines = out.toString().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("[\"aaa001"), lines[0]);
        assertEquals("{\"error\":\"unknown message 'NOPE' in zproto_example\"}", lines[1]);

        StringWriter decoded = new StringWriter();
        assertEquals(0, EXAMPLE.run(new BufferedReader(new StringReader(lines[0] + "\n")), decoded,
                JsonCodec.Mode.DECODE));
        assertTrue(decoded.toString().startsWith("{\"message\":\"LOG\""), decoded.toString());

        StringWriter bad = new StringWriter();
        assertEquals(1, EXAMPLE.run(new BufferedReader(new StringReader("[\"aaa1\"]\n[\"zz\"]\n[]\n")), bad,
                JsonCodec.Mode.DECODE));
        String[] errors = bad.toString().split("\n");
        assertEquals(3, errors.length);
        assertTrue(errors[0].contains("field 'signature'"), errors[0]);
        assertTrue(errors[1].contains("frame 0"), errors[1]);
        assertTrue(errors[2].contains("one or more"), errors[2]);
    }
}
