package io.zmq4j.codegen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagramTest {
    @Test
    void dotHasAnArrowPerEventWithInheritedOnesDashedAndTerminateToTheEnd(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p_msg.xml"), "<class name=\"p_msg\" signature=\"1\">"
                + "<message name=\"HELLO\"/><message name=\"BYE\"/><message name=\"PING\"/><message name=\"PONG\"/></class>");
        Path f = dir.resolve("p_server.xml");
        Files.writeString(f, "<class name=\"p_server\" script=\"zproto_server_c\" protocol_class=\"p_msg\">\n"
                + "<state name=\"start\" inherit=\"defaults\"><event name=\"HELLO\" next=\"open\"/></state>\n"
                + "<state name=\"open\" inherit=\"defaults\"><event name=\"BYE\"><action name=\"terminate\"/></event></state>\n"
                + "<state name=\"defaults\"><event name=\"PING\"><action name=\"send\" message=\"PONG\"/></event></state>\n"
                + "</class>\n");
        String dot = Diagram.dot(StateModelReader.read(f));
        assertTrue(dot.startsWith("digraph \"p_server\" {"), dot);
        assertTrue(dot.contains("\"start\" -> \"open\" [label=\"HELLO\"];"), dot);
        assertTrue(dot.contains("\"open\" -> \"(end)\" [label=\"BYE\\nterminate\"];"), dot);
        assertTrue(dot.contains("\"open\" -> \"open\" [label=\"PING\\nsend PONG\", style=dashed];"), dot);
        assertTrue(dot.contains("\"defaults\" [style=\"rounded,dashed\", xlabel=\"superstate\"];"), dot);
        assertFalse(dot.contains("\"defaults\" -> "), "a superstate's events are drawn on the states inheriting them");
    }
}
