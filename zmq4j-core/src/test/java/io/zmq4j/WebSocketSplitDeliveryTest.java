package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A ws:// peer's messages reach the socket however TCP cuts them: the upgrade request with the
 * READY behind it in one segment, and a reply cut at every byte or sent a byte at a time. The
 * peer answers as libzmq's ROUTER does to a DEALER that bound: an empty delimiter, then the
 * body, each frame masked.
 */
@Timeout(60)
class WebSocketSplitDeliveryTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final byte[] MASK = {(byte) 0xA7, 0x3C, 0x00, (byte) 0xF1};
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private static byte[] masked(byte[] zws) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x82);
        f.write(0x80 | zws.length); // all under 126 bytes here
        f.writeBytes(MASK);
        for (int i = 0; i < zws.length; i++) {
            f.write(zws[i] ^ MASK[i & 3]);
        }
        return f.toByteArray();
    }

    private static byte[] zws(int flags, String body) {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        byte[] p = new byte[b.length + 1];
        p[0] = (byte) flags;
        System.arraycopy(b, 0, p, 1, b.length);
        return p;
    }

    /** Connects to a bound DEALER, sending the upgrade and the READY in one write; reads the 101 and the server's READY. */
    private WebSocketWireTest.RawClient routerPeer(Socket dealer) throws Exception {
        WebSocketWireTest.RawClient c = new WebSocketWireTest.RawClient(dealer.bind("ws://127.0.0.1:*/zmq"));
        c.s.setTcpNoDelay(true);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        first.writeBytes(("GET /zmq HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Protocol: ZWS2.0/NULL\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        first.writeBytes(masked(WebSocketWireTest.ready("ROUTER")));
        c.out.write(first.toByteArray());
        c.out.flush();
        String head = c.head();
        assertTrue(head.startsWith("HTTP/1.1 101 "), head);
        byte[] ready = (byte[]) c.read()[1];
        assertEquals("READY", new String(ready, 2, 5, StandardCharsets.US_ASCII));
        return c;
    }

    private static Socket dealer(Context ctx) {
        return ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5))
                .setSendTimeout(Duration.ofSeconds(5));
    }

    /** The dealer sends; the peer checks what came and returns {@code echo}'s bytes written as {@code writes} says. */
    private static void roundTrip(Socket dealer, WebSocketWireTest.RawClient c, byte[] echo, int[] cuts, String what) throws Exception {
        dealer.send(Msg.of("", "one"));
        assertArrayEquals(zws(1, ""), (byte[]) c.read()[1], what);
        assertArrayEquals(zws(0, "one"), (byte[]) c.read()[1], what);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : echo.length;
            c.out.write(echo, from, to - from);
            c.out.flush();
            from = to;
        }
        Msg back = dealer.recv();
        assertEquals(2, back.size(), what);
        assertEquals("", back.string(0), what);
        assertEquals("one", back.string(1), what);
    }

    private static byte[] echo() {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.writeBytes(masked(zws(1, "")));
        e.writeBytes(masked(zws(0, "one")));
        return e.toByteArray();
    }

    @Test
    void aReplyCutAtAnyByteIsDelivered() throws Exception {
        Socket dealer = dealer(ctx);
        try (WebSocketWireTest.RawClient c = routerPeer(dealer)) {
            byte[] echo = echo();
            for (int cut = 0; cut <= echo.length; cut++) {
                roundTrip(dealer, c, echo, new int[] {cut}, "reply cut at byte " + cut);
            }
        }
    }

    @Test
    void aReplySentAByteAtATimeIsDelivered() throws Exception {
        Socket dealer = dealer(ctx);
        try (WebSocketWireTest.RawClient c = routerPeer(dealer)) {
            byte[] echo = echo();
            int[] cuts = new int[echo.length - 1];
            for (int i = 0; i < cuts.length; i++) {
                cuts[i] = i + 1;
            }
            roundTrip(dealer, c, echo, cuts, "reply a byte at a time");
        }
    }

    @Test
    void aReplyRightBehindTheReadyIsDelivered() throws Exception {
        // the peer's first message in the same segment as its READY, right after the upgrade
        Socket dealer = dealer(ctx);
        try (WebSocketWireTest.RawClient c = new WebSocketWireTest.RawClient(dealer.bind("ws://127.0.0.1:*/zmq"))) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.writeBytes(("GET /zmq HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Protocol: ZWS2.0/NULL\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            first.writeBytes(masked(WebSocketWireTest.ready("ROUTER")));
            first.writeBytes(echo());
            c.out.write(first.toByteArray());
            c.out.flush();
            Msg m = dealer.recv();
            assertEquals(2, m.size());
            assertEquals("one", m.string(1));
        }
    }
}
