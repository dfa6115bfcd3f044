package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The message value: frames in order, shared not copied, one-frame and many-frame alike. */
class MsgTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aOneFrameMessageSharesItsArrayAndHasNoSecondFrame() {
        byte[] body = b("only");
        Msg m = Msg.of(body);
        assertEquals(1, m.size());
        assertSame(body, m.frame(0));
        assertSame(body, m.routingId());
        assertEquals(4, m.byteSize());
        assertEquals(List.of(body), m.frames());
        assertThrows(IndexOutOfBoundsException.class, () -> m.frame(1));
        assertEquals("Msg[only]", m.toString());
    }

    @Test
    void varargsWithOneFrameIsTheSameAsOneFrame() {
        byte[] body = b("x");
        Msg m = Msg.of(new byte[][] {body});
        assertEquals(1, m.size());
        assertSame(body, m.frame(0));
    }

    @Test
    void prependAppendAndDropKeepFrameOrder() {
        Msg m = Msg.of(b("body"));
        Msg routed = m.prepend(b("id"));
        assertEquals(List.of("id", "body"), strings(routed));
        assertEquals(List.of("body", "tail"), strings(m.append(b("tail"))));
        Msg back = routed.drop(1);
        assertEquals(List.of("body"), strings(back));
        assertEquals(1, back.size());
        assertEquals(List.of("id", "body"), strings(routed.drop(0)));
        assertEquals(List.of("a", "b", "c"), strings(Msg.of("a", "b").append(b("c"))));
        assertEquals(List.of("z", "a", "b"), strings(Msg.of("a", "b").prepend(b("z"))));
    }

    @Test
    void droppingEveryFrameIsRefused() {
        ZmqException e = assertThrows(ZmqException.class, () -> Msg.of(b("a")).drop(1));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
        assertThrows(ZmqException.class, () -> Msg.of("a", "b").drop(2));
    }

    @Test
    void nullFramesAreRefused() {
        assertThrows(ZmqException.class, () -> Msg.of((byte[]) null));
        assertThrows(ZmqException.class, () -> Msg.of(b("a"), null));
        assertThrows(ZmqException.class, () -> Msg.of(new byte[0][]));
    }

    @Test
    void byteSizeCountsEveryFrame() {
        assertEquals(6, Msg.of("ab", "", "cdef").byteSize());
        assertArrayEquals(new byte[0], Msg.of("ab", "", "cdef").frame(1));
    }

    private static List<String> strings(Msg m) {
        return m.frames().stream().map(f -> new String(f, StandardCharsets.UTF_8)).toList();
    }
}
