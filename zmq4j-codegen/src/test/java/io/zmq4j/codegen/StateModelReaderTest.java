package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server and client state machine models: superstates folded in, and clear errors for what is not taken. */
class StateModelReaderTest {
    private static final String PROTO = "<class name=\"hello_msg\" signature=\"1\" script=\"zproto_codec_c\">\n"
            + "<message name=\"HELLO\"/>\n<message name=\"WORLD\"/>\n<message name=\"PING\"/>\n"
            + "<message name=\"PONG\"/>\n<message name=\"INVALID\"/>\n</class>\n";

    private static Path model(Path dir, String states) throws Exception {
        Files.writeString(dir.resolve("hello_msg.xml"), PROTO);
        Path f = dir.resolve("hello_server.xml");
        Files.writeString(f, "<class name=\"hello_server\" script=\"zproto_server_c\" protocol_class=\"hello_msg\">\n"
                + states + "</class>\n");
        return f;
    }

    @Test
    void superstateEventsAreFoldedIntoEveryInheritingStateThroughAChain(@TempDir Path dir) throws Exception {
        StateModel m = StateModelReader.read(model(dir, ""
                + "<state name=\"start\" inherit=\"connected base\">\n"
                + "  <event name=\"HELLO\" next=\"waiting\"><action name=\"send\" message=\"WORLD\"/></event>\n"
                + "</state>\n"
                + "<state name=\"waiting\" inherit=\"connected base\">\n"
                + "  <event name=\"ok\" next=\"start\"/>\n"
                + "  <event name=\"*\"><action name=\"log it\"/></event>\n"
                + "</state>\n"
                + "<state name=\"connected base\" inherit=\"defaults\">\n"
                + "  <event name=\"PING\"><action name=\"send\" message=\"PONG\"/></event>\n"
                + "</state>\n"
                + "<state name=\"defaults\">\n"
                + "  <event name=\"expired\"><action name=\"terminate\"/></event>\n"
                + "  <event name=\"*\"><action name=\"send\" message=\"INVALID\"/></event>\n"
                + "</state>\n"));
        StateModel.State start = m.state("start");
        assertEquals(List.of("HELLO", "PING", "expired"), start.handlers().stream().map(StateModel.Handler::event).toList());
        assertEquals("defaults", start.star().from());
        assertEquals("waiting", m.state("waiting").star().from(), "a state's own * wins over its superstate's");
        assertTrue(m.event("PING").isExternal());
        assertTrue(m.event("expired").isExpired());
        assertNull(m.event("ok").message());
    }

    @Test
    void beforeElementInAStateIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path f = model(dir, "<state name=\"start\">\n  <before><action name=\"x\"/></before>\n</state>\n");
        ModelException e = assertThrows(ModelException.class, () -> StateModelReader.read(f));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("<before>"), e.getMessage());
    }

    @Test
    void nextStateThatDoesNotExistIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path f = model(dir, "<state name=\"start\">\n  <event name=\"HELLO\" next=\"nowhere\"/>\n</state>\n");
        ModelException e = assertThrows(ModelException.class, () -> StateModelReader.read(f));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("'nowhere'"), e.getMessage());
    }

    @Test
    void sendOfAMessageTheProtocolLacksIsAnError(@TempDir Path dir) throws Exception {
        Path f = model(dir, "<state name=\"start\">\n  <event name=\"HELLO\">\n"
                + "    <action name=\"send\" message=\"GOODBYE\"/>\n  </event>\n</state>\n");
        ModelException e = assertThrows(ModelException.class, () -> StateModelReader.read(f));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("GOODBYE"), e.getMessage());
    }

    @Test
    void inheritanceCycleIsAnError(@TempDir Path dir) throws Exception {
        Path f = model(dir, "<state name=\"a\" inherit=\"b\"/>\n<state name=\"b\" inherit=\"a\"/>\n");
        ModelException e = assertThrows(ModelException.class, () -> StateModelReader.read(f));
        assertTrue(e.getMessage().contains("inherits from itself"), e.getMessage());
    }

    @Test
    void skeletonIsWrittenOnceAndTheEngineEveryTime(@TempDir Path dir) throws Exception {
        StateModel m = StateModelReader.read(model(dir, "<state name=\"start\">\n"
                + "  <event name=\"HELLO\"><action name=\"greet\"/></event>\n</state>\n"));
        Path src = dir.resolve("src");
        Path skeleton = ServerGenerator.writeSkeleton(m, "p", src);
        assertTrue(Files.readString(skeleton).contains("protected void greet()"));
        Files.writeString(skeleton, "// the user's code");
        assertNull(ServerGenerator.writeSkeleton(m, "p", src), "an existing skeleton is left alone");
        assertEquals("// the user's code", Files.readString(skeleton));
        Path engine = ServerGenerator.writeEngine(m, "p", src);
        Files.writeString(engine, "// edited by hand");
        ServerGenerator.writeEngine(m, "p", src);
        assertTrue(Files.readString(engine).startsWith("// Generated by zmq4j-codegen"), "the engine is regenerated");
    }

    @Test
    void codecModelIsNotAStateMachineModel(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello_msg.xml"), PROTO);
        ModelException e = assertThrows(ModelException.class,
                () -> StateModelReader.read(dir.resolve("hello_msg.xml")));
        assertTrue(e.getMessage().contains("zproto_codec_c"), e.getMessage());
    }
}
