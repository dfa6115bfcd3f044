package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaGeneratorTest {
    @TempDir
    Path dir;

    /** Names that collide with Java keywords, java.lang types, generated members and each other. */
    private static final String TRICKY = "<class name='tricky-proto' signature='15'>\n"
            + "<define name='SIGNATURE' value='x'/><define name='big' value='4294967296'/>\n"
            + "<message name='MESSAGE'><field name='class' type='string'/><field name='routing id' type='frame'/>"
            + "<field name='encode' type='number' size='8' value='18446744073709551615'/></message>\n"
            + "<message name='Builder'><field name='default' type='number' size='4' value='0xFFFFFFFF'/>"
            + "<field name='to string' type='longstr'/><field name='id' type='number'/>"
            + "<field name='name' type='string' value='n'/></message>\n"
            + "<message name='String'><field name='Object' type='hash'/><field name='list' type='strings'/>"
            + "<field name='r' type='uuid'/><field name='_msg' type='msg'/></message>\n"
            + "<message name='ERROR' id='255'><field name='2fa' type='octets' size='2'/></message>\n"
            + "<message name='tricky proto'/>\n"
            + "</class>";

    @Test
    void namesThatClashWithJavaOrGeneratedMembersStillCompileAndRoundTrip() throws Exception {
        Path model = dir.resolve("tricky.xml");
        Files.writeString(model, TRICKY);
        ProtoModel m = ModelReader.read(model);
        Path src = dir.resolve("src");
        JavaGenerator.write(m, "tricky", src);
        ClassLoader loader = TestCompiler.compile(src, dir.resolve("classes"));
        Class<?> outer = loader.loadClass("tricky.TrickyProto");
        assertEquals(0xAAAF, outer.getField("SIGNATURE").get(null));
        assertEquals("x", outer.getField("SIGNATURE_DEFINE").get(null));
        assertEquals(4294967296L, outer.getField("BIG").get(null));
        assertEquals(List.of("MessageMsg", "BuilderMsg", "String", "Error", "TrickyProtoMsg"),
                List.copyOf(JavaGenerator.messageClassNames(m).values()));
        for (String cls : JavaGenerator.messageClassNames(m).values()) {
            Class<?> c = loader.loadClass("tricky.TrickyProto$" + cls);
            Object builder = c.getMethod("builder").invoke(null);
            Object value = builder.getClass().getMethod("build").invoke(builder);
            Msg msg = (Msg) c.getMethod("encode").invoke(value);
            assertEquals(value, outer.getMethod("decode", Msg.class).invoke(null, msg), cls);
        }
        Class<?> error = loader.loadClass("tricky.TrickyProto$Error");
        assertEquals(255, error.getField("ID").get(null));
        Class<?> message = loader.loadClass("tricky.TrickyProto$MessageMsg");
        assertEquals(-1L, message.getField("ENCODE").get(null), "2^64-1 as a long's bits");
        assertTrue(message.getMethod("routingId_").getReturnType() == byte[].class);
    }

    @Test
    void fieldsThatMapToOneJavaNameAreAModelError() throws IOException {
        Path model = dir.resolve("dup.xml");
        Files.writeString(model, "<class name='dup'>\n<message name='A'>\n<field name='foo bar' type='string'/>\n"
                + "<field name='foo-bar' type='string'/></message></class>");
        ModelException e = assertThrows(ModelException.class,
                () -> JavaGenerator.source(ModelReader.read(model), "p"));
        assertEquals(4, e.line());
        assertTrue(e.problem().contains("fooBar"), e.problem());
    }

    @Test
    void generateCommandExitsTwoOnABadModelAndZeroOtherwise() throws IOException {
        Path good = dir.resolve("good.xml");
        Files.writeString(good, "<class name='good'><message name='A'/></class>");
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<class name='bad'><message name='A'><field name='f'/></message></class>");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertEquals(0, Generate.run(new String[] {"--package", "p", "--out", dir.resolve("o").toString(),
                    good.toString()}));
            assertTrue(Files.isRegularFile(dir.resolve("o/p/Good.java")));
            assertEquals(2, Generate.run(new String[] {"--package", "p", "--out", dir.toString(), bad.toString()}));
            assertTrue(captured.toString().contains(bad + ":1: field 'f' needs a 'type' attribute"),
                    captured.toString());
            assertEquals(2, Generate.run(new String[] {good.toString()}));
        } finally {
            System.setErr(err);
        }
    }
}
