package io.zmq4j.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.ZmqException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public ZPL face over the one parser in core. */
class ZplTest {
    @Test
    void readsAServerConfigFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("server.cfg");
        Files.writeString(f, "#  zproto server config\nserver\n    timeout = 5000\n    verbose = 1\n"
                + "    bind\n        endpoint = tcp://*:5670\n");
        Zpl config = Zpl.load(f);
        assertEquals("5000", config.get("server/timeout"));
        assertEquals("60000", config.get("server/animate", "60000"));
        assertEquals("tcp://*:5670", config.get("server/bind/endpoint"));
        Zpl server = config.node("server");
        assertEquals(List.of("timeout", "verbose", "bind"), server.children().stream().map(Zpl::name).toList());
        assertEquals(4, server.node("verbose").line(), "line 1 is the comment");
        assertNull(config.node("client"));
    }

    @Test
    void badTextNamesTheFileAndLine() {
        ZmqException e = assertThrows(ZmqException.class, () -> Zpl.parse("server\n  timeout = 1\n", "my.cfg"));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
        assertTrue(e.getMessage().contains("my.cfg:2:"), e.getMessage());
    }

    @Test
    void buildsAndSavesATreeThatReadsBack(@TempDir Path dir) throws Exception {
        Zpl config = Zpl.create().set("server/timeout", "100");
        config.node("server").add("bind", null).add("endpoint", "inproc://x");
        Path f = dir.resolve("out.cfg");
        config.save(f);
        Zpl back = Zpl.load(f);
        assertEquals("100", back.get("server/timeout"));
        assertEquals("inproc://x", back.get("server/bind/endpoint"));
        assertEquals(config.toString(), back.toString());
    }
}
