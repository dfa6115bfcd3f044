package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ws:// on the wire, against a WebSocket peer written here from RFC 6455 and RFC 45: the
 * upgrade, masking, control frames, and a clear end for every malformed frame.
 */
@Timeout(20)
class WebSocketWireTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    /** A raw WebSocket client: writes masked frames, reads unmasked ones. */
    static final class RawClient implements AutoCloseable {
        final java.net.Socket s;
        final DataInputStream in;
        final OutputStream out;

        RawClient(String endpoint) throws IOException {
            String hostPort = endpoint.substring("ws://".length(), endpoint.indexOf('/', "ws://".length()));
            int colon = hostPort.lastIndexOf(':');
            s = new java.net.Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
            s.setSoTimeout(5000);
            in = new DataInputStream(s.getInputStream());
            out = s.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        String head() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                b.write(c);
                String t = b.toString(StandardCharsets.ISO_8859_1);
                if (t.endsWith("\r\n\r\n")) {
                    return t;
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        String upgrade(String protocols) throws IOException {
            send("GET /zmq HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Protocol: " + protocols + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n");
            return head();
        }

        void frame(int b0, byte[] payload, boolean mask) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write(b0);
            int m = mask ? 0x80 : 0;
            if (payload.length < 126) {
                f.write(m | payload.length);
            } else if (payload.length <= 0xFFFF) {
                f.write(m | 126);
                f.write(payload.length >> 8);
                f.write(payload.length);
            } else {
                f.write(m | 127);
                f.write(ByteBuffer.allocate(8).putLong(payload.length).array());
            }
            byte[] key = {0x12, 0x34, 0x56, 0x78};
            if (mask) {
                f.write(key);
            }
            for (int i = 0; i < payload.length; i++) {
                f.write(payload[i] ^ (mask ? key[i & 3] : 0));
            }
            out.write(f.toByteArray());
            out.flush();
        }

        void binary(byte[] payload) throws IOException {
            frame(0x82, payload, true);
        }

        /** Reads one frame: {opcode, payload}; asserts the server did not mask it. */
        Object[] read() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            assertEquals(0, b1 & 0x80, "a server never masks");
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] p = new byte[(int) len];
            in.readFully(p);
            assertEquals(0x80, b0 & 0x80, "FIN");
            return new Object[] {b0 & 0x0F, p};
        }

        /** The NULL handshake of a socket of this type: READY out, READY in. */
        void nullHandshake(String socketType) throws IOException {
            binary(ready(socketType));
            Object[] f = read();
            assertEquals(2, f[0]);
            byte[] p = (byte[]) f[1];
            assertEquals(2, p[0], "command flag");
            assertEquals("READY", new String(p, 2, 5, StandardCharsets.US_ASCII));
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    static byte[] ready(String socketType) {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put((byte) 2).put((byte) 5).put("READY".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 11).put("Socket-Type".getBytes(StandardCharsets.US_ASCII)).putInt(socketType.length())
                .put(socketType.getBytes(StandardCharsets.US_ASCII));
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static byte[] cat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private Socket pull() {
        return ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5));
    }

    private static BlockingQueue<SocketEvent> events(Socket s, Event... kinds) {
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        s.onEvent(EnumSet.of(kinds[0], kinds), q::add);
        return q;
    }

    @Test
    void upgradeAnswersWithTheRfc6455AcceptKeyAndTheChosenSubprotocol() throws Exception {
        Socket pull = pull();
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            String head = c.upgrade("ZWS2.0/NULL, ZWS2.0");
            assertTrue(head.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), head);
            // RFC 6455's own example key and answer
            assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), head);
            assertTrue(head.contains("Sec-WebSocket-Protocol: ZWS2.0/NULL\r\n"), head);
            assertTrue(head.contains("Upgrade: websocket\r\n") && head.contains("Connection: Upgrade\r\n"), head);
        }
    }

    @Test
    void aClientSpeakingZwsFromTheSpecDeliversToAPullSocket() throws Exception {
        Socket pull = pull();
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            c.upgrade("ZWS2.0/NULL");
            c.nullHandshake("PUSH");
            c.binary(cat(bytes(1), "part one".getBytes()));
            c.binary(cat(bytes(0), "part two".getBytes()));
            Msg m = pull.recv();
            assertEquals(2, m.size());
            assertEquals("part one", m.string(0));
            assertEquals("part two", m.string(1));
        }
    }

    @Test
    void withoutAMechanismTheFirstMessageOfEachSideIsItsRoutingId() throws Exception {
        // what a browser speaks: its WebSocket API refuses "ZWS2.0/NULL" (a '/' in a subprotocol)
        Socket router = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5))
                .setRoutingId("R".getBytes());
        try (RawClient c = new RawClient(router.bind("ws://127.0.0.1:*/zmq"))) {
            String head = c.upgrade("ZWS2.0");
            assertTrue(head.contains("Sec-WebSocket-Protocol: ZWS2.0\r\n"), head);
            Object[] id = c.read();
            assertArrayEquals(cat(bytes(0), "R".getBytes()), (byte[]) id[1], "the server's routing id comes first, not a READY");
            c.binary(cat(bytes(0), "browser-7".getBytes()));
            c.binary(cat(bytes(0), "hello".getBytes()));
            Msg m = router.recv();
            assertEquals("browser-7", m.string(0), "the client's first message named it");
            assertEquals("hello", m.string(1));
            router.send(Msg.of("browser-7", "hi"));
            assertArrayEquals(cat(bytes(0), "hi".getBytes()), (byte[]) c.read()[1]);
        }
    }

    @Test
    void withoutAMechanismASubscriberIsFedAfterItsSubscription() throws Exception {
        Socket pub = ctx.socket(SocketType.PUB).setLinger(Duration.ZERO);
        try (RawClient c = new RawClient(pub.bind("ws://127.0.0.1:*/zmq"))) {
            c.upgrade("ZWS2.0");
            assertArrayEquals(bytes(0), (byte[]) c.read()[1], "an empty routing id");
            c.binary(bytes(0));                                   // ours, empty
            c.binary(cat(bytes(0, 1), "news".getBytes()));        // subscribe to "news"
            Object[] f = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            c.s.setSoTimeout(50);
            while (f == null && System.nanoTime() < deadline) {
                pub.send(Msg.of("sport"));
                pub.send(Msg.of("news today"));
                try {
                    f = c.read();
                } catch (java.net.SocketTimeoutException e) {
                    // not subscribed yet
                }
            }
            assertNotNull(f);
            assertArrayEquals(cat(bytes(0), "news today".getBytes()), (byte[]) f[1]);
        }
    }

    @Test
    void withoutAMechanismAFirstMessageThatIsNotARoutingIdIsAProtocolError() throws Exception {
        Socket pull = pull();
        BlockingQueue<SocketEvent> failed = events(pull, Event.HANDSHAKE_FAILED_PROTOCOL);
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            c.upgrade("ZWS2.0");
            c.read();
            c.binary(cat(bytes(1), "more".getBytes()));
            SocketEvent e = failed.poll(5, TimeUnit.SECONDS);
            assertNotNull(e);
            assertTrue(e.reason().contains("routing id"), e.reason());
        }
    }

    @Test
    void aSocketWithAMechanismRefusesZws20WithoutOne() throws Exception {
        Socket pull = pull().setPlainServer(true);
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            assertTrue(c.upgrade("ZWS2.0").startsWith("HTTP/1.1 400 Bad Request\r\n"));
        }
    }

    @Test
    void aConnectingSocketSpeaksZws20WhenTheServerChoosesIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5))
                    .setRoutingId("D".getBytes());
            dealer.connect("ws://127.0.0.1:" + server.getLocalPort() + "/");
            dealer.send(Msg.of("", "request"));
            try (java.net.Socket s = server.accept()) {
                s.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                String head = readHead(in);
                String key = head.replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+)\r\n.*", "$1");
                s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept(key) + "\r\nSec-WebSocket-Protocol: ZWS2.0\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(bytes(0x82, 1, 0));  // the server's (empty) routing id
                assertArrayEquals(cat(bytes(0), "D".getBytes()), readMasked(in), "the dealer's routing id first");
                assertArrayEquals(bytes(1), readMasked(in));
                assertArrayEquals(cat(bytes(0), "request".getBytes()), readMasked(in));
                s.getOutputStream().write(bytes(0x82, 1, 1, 0x82, 6, 0, 'r', 'e', 'p', 'l', 'y'));
                Msg reply = dealer.recv();
                assertEquals(2, reply.size());
                assertEquals("reply", reply.string(1));
            }
        }
    }

    @Test
    void aFragmentedMessageIsGatheredWhole() throws Exception {
        Socket pull = pull();
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            c.upgrade("ZWS2.0/NULL");
            c.nullHandshake("PUSH");
            byte[] body = new byte[70_000];
            java.util.Arrays.fill(body, (byte) 'x');
            c.frame(0x02, cat(bytes(0), "frag".getBytes()), true);          // binary, not final
            c.frame(0x89, "mid".getBytes(), true);                          // a ping in between
            c.frame(0x00, body, true);                                      // continuation
            c.frame(0x80, "end".getBytes(), true);                          // final continuation
            Object[] pong = c.read();
            assertEquals(0xA, pong[0]);
            assertArrayEquals("mid".getBytes(), (byte[]) pong[1]);
            byte[] whole = pull.recv().frame(0);
            assertEquals(4 + 70_000 + 3, whole.length);
            assertEquals("frag", new String(whole, 0, 4, StandardCharsets.US_ASCII));
            assertEquals("end", new String(whole, whole.length - 3, 3, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayload() throws Exception {
        Socket pull = pull();
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            c.upgrade("ZWS2.0/NULL");
            c.nullHandshake("PUSH");
            c.frame(0x89, "are you there".getBytes(), true);
            Object[] f = c.read();
            assertEquals(0xA, f[0]);
            assertArrayEquals("are you there".getBytes(), (byte[]) f[1]);
        }
    }

    @Test
    void pingsDuringLargeMessagesAreAnsweredBetweenTheirFrames() throws Exception {
        Socket pair = ctx.socket(SocketType.PAIR).setLinger(Duration.ZERO);
        try (RawClient c = new RawClient(pair.bind("ws://127.0.0.1:*/zmq"))) {
            c.upgrade("ZWS2.0/NULL");
            c.nullHandshake("PAIR");
            int messages = 20;
            Thread sender = new Thread(() -> {
                for (int i = 0; i < messages; i++) {
                    pair.send(Msg.of(new byte[1 << 20]));
                }
            });
            sender.start();
            int pings = 0;
            int pongs = 0;
            int got = 0;
            while (got < messages) {
                if (pings < 200) {
                    c.frame(0x89, new byte[] {(byte) pings}, true); // a ping in every gap we can make
                    pings++;
                }
                Object[] f = c.read();
                if ((int) f[0] == 0xA) {
                    pongs++;
                } else {
                    assertEquals(2, f[0]);
                    assertEquals(1 + (1 << 20), ((byte[]) f[1]).length, "a data frame arrived whole, no control frame inside it");
                    got++;
                }
            }
            sender.join(10_000);
            assertTrue(pongs > 0, "no pong at all");
            // the rest of the pongs follow; the connection is still fine
            c.frame(0x89, "last".getBytes(), true);
            Object[] f;
            do {
                f = c.read();
            } while (!((int) f[0] == 0xA && new String((byte[]) f[1], StandardCharsets.US_ASCII).equals("last")));
        }
    }

    @Test
    void aCloseFrameIsEchoedAndEndsTheConnection() throws Exception {
        Socket pull = pull();
        BlockingQueue<SocketEvent> gone = events(pull, Event.DISCONNECTED);
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            c.upgrade("ZWS2.0/NULL");
            c.nullHandshake("PUSH");
            c.frame(0x88, bytes(0x03, 0xE8, 'b', 'y', 'e'), true);
            Object[] f = c.read();
            assertEquals(8, f[0]);
            assertArrayEquals(bytes(0x03, 0xE8), (byte[]) f[1]);
            assertEquals(-1, c.in.read(), "the server closes after its close frame");
            SocketEvent e = gone.poll(5, TimeUnit.SECONDS);
            assertNotNull(e);
            assertTrue(e.reason().contains("1000") && e.reason().contains("bye"), e.reason());
        }
    }

    /** Sends {@code bad} after the handshake and expects a close frame with {@code code}, and an event naming {@code why}. */
    private void refused(Socket pull, ThrowingConsumer bad, int code, String why) throws Exception {
        BlockingQueue<SocketEvent> gone = events(pull, Event.DISCONNECTED);
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            c.upgrade("ZWS2.0/NULL");
            c.nullHandshake("PUSH");
            bad.accept(c);
            Object[] f = c.read();
            assertEquals(8, f[0], "a close frame");
            byte[] p = (byte[]) f[1];
            assertEquals(code, ((p[0] & 0xFF) << 8) | (p[1] & 0xFF));
            assertEquals(-1, c.in.read());
            SocketEvent e = gone.poll(5, TimeUnit.SECONDS);
            assertNotNull(e);
            assertTrue(e.reason().contains(why), e.reason());
        }
    }

    interface ThrowingConsumer {
        void accept(RawClient c) throws Exception;
    }

    @Test
    void anUnmaskedFrameFromAClientIsAProtocolError() throws Exception {
        refused(pull(), c -> c.frame(0x82, cat(bytes(0), "x".getBytes()), false), 1002, "unmasked");
    }

    @Test
    void aTextFrameIsAProtocolError() throws Exception {
        refused(pull(), c -> c.frame(0x81, "text".getBytes(), true), 1002, "text frame");
    }

    @Test
    void reservedBitsAreAProtocolError() throws Exception {
        refused(pull(), c -> c.frame(0xC2, cat(bytes(0), "x".getBytes()), true), 1002, "reserved bits");
    }

    @Test
    void unknownZwsFlagsAreAProtocolError() throws Exception {
        refused(pull(), c -> c.binary(cat(bytes(0x10), "x".getBytes())), 1002, "bad ZWS flags");
    }

    @Test
    void anEmptyMessageWithoutFlagsIsAProtocolError() throws Exception {
        refused(pull(), c -> c.binary(new byte[0]), 1002, "flags byte is missing");
    }

    @Test
    void aMessageOverTheMaximumSizeIsClosedWith1009() throws Exception {
        Socket pull = pull().setMaxMsgSize(1000);
        refused(pull, c -> c.binary(new byte[1002]), 1009, "maximum message size");
    }

    @Test
    void anUpgradeWithoutAZwsSubprotocolIsABadRequest() throws Exception {
        Socket pull = pull();
        BlockingQueue<SocketEvent> failed = events(pull, Event.HANDSHAKE_FAILED_PROTOCOL);
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            String head = c.upgrade("chat, superchat");
            assertTrue(head.startsWith("HTTP/1.1 400 Bad Request\r\n"), head);
            assertEquals(-1, c.in.read());
        }
        SocketEvent e = failed.poll(5, TimeUnit.SECONDS);
        assertNotNull(e);
        assertTrue(e.reason().contains("chat, superchat") && e.reason().contains("ZWS2.0/NULL or ZWS2.0"), e.reason());
    }

    @Test
    void aClientThatNeverSendsTheUpgradeIsDroppedAtTheHandshakeInterval() throws Exception {
        Socket pull = pull().setHandshakeInterval(Duration.ofMillis(200));
        BlockingQueue<SocketEvent> failed = events(pull, Event.HANDSHAKE_FAILED_NO_DETAIL);
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            SocketEvent e = failed.poll(5, TimeUnit.SECONDS);
            assertNotNull(e, "a silent connection was kept");
            assertTrue(e.reason().contains("handshake timed out"), e.reason());
            assertEquals(-1, c.in.read());
        }
    }

    @Test
    void plainHttpIsRefused() throws Exception {
        Socket pull = pull();
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(c.head().startsWith("HTTP/1.1 400 Bad Request\r\n"));
        }
    }

    @Test
    void anOversizedUpgradeRequestIsRefused() throws Exception {
        Socket pull = pull();
        BlockingQueue<SocketEvent> failed = events(pull, Event.HANDSHAKE_FAILED_PROTOCOL);
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            c.send("GET / HTTP/1.1\r\nX-Long: " + "a".repeat(9000));
            assertEquals(-1, c.in.read());
        }
        SocketEvent e = failed.poll(5, TimeUnit.SECONDS);
        assertNotNull(e);
        assertTrue(e.reason().contains("longer than 8192"), e.reason());
    }

    @Test
    void heartbeatsAreWebSocketPingsAndAPeerThatNeverAnswersIsDropped() throws Exception {
        Socket pull = pull().setHeartbeat(Duration.ofMillis(50), Duration.ofMillis(200));
        BlockingQueue<SocketEvent> gone = events(pull, Event.DISCONNECTED);
        try (RawClient c = new RawClient(pull.bind("ws://127.0.0.1:*/zmq"))) {
            c.upgrade("ZWS2.0/NULL");
            c.nullHandshake("PUSH");
            Object[] ping = c.read();
            assertEquals(9, ping[0], "a WebSocket ping, not a ZMTP PING command");
            SocketEvent e = gone.poll(5, TimeUnit.SECONDS);   // and no pong from us
            assertNotNull(e, "the silent peer was never dropped");
            assertTrue(e.reason().contains("heartbeat"), e.reason());
        }
    }

    @Test
    void aHugeFragmentHeaderAllocatesNothingUntilItsBytesArrive() throws Exception {
        Socket pull = pull();
        String ep = pull.bind("ws://127.0.0.1:*/zmq");
        try (RawClient c = new RawClient(ep)) {
            c.upgrade("ZWS2.0/NULL");
            c.nullHandshake("PUSH");
            // a first fragment that claims 2 GiB, then nothing: a peer may not make us allocate it
            c.out.write(bytes(0x02, 0x80 | 127, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0x00, 1, 2, 3, 4));
            c.out.flush();
            Thread.sleep(100); // nothing to wait on: the server must simply not fall over
        }
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
        push.connect(ep);
        push.send(Msg.of("still serving"));
        assertEquals("still serving", pull.recv().string(0));
    }

    @Test
    void randomBytesAfterTheUpgradeNeverDisturbAnotherPeer() throws Exception {
        Socket pull = pull();
        String ep = pull.bind("ws://127.0.0.1:*/zmq");
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
        push.connect(ep);
        java.util.Random random = new java.util.Random(45);
        for (int i = 0; i < 200; i++) {
            try (RawClient c = new RawClient(ep)) {
                c.upgrade(i % 2 == 0 ? "ZWS2.0/NULL" : "ZWS2.0");
                if (i % 4 == 0) {
                    c.nullHandshake("PUSH");
                }
                byte[] junk = new byte[1 + random.nextInt(300)];
                random.nextBytes(junk);
                if (i % 3 == 0) {
                    junk[0] = (byte) 0x82; // a plausible frame start, to get past the first checks
                    junk[1] = (byte) (0x80 | (junk[1] & 0x7F));
                }
                c.out.write(junk);
                c.out.flush();
            }
            push.send(Msg.of("good-" + i));
        }
        int seen = 0;
        Msg m;
        while (seen < 200 && (m = pull.recv()) != null) {
            if (m.size() == 1 && m.string(0).equals("good-" + seen)) {
                seen++;
            }
        }
        assertEquals(200, seen, "the well-behaved peer lost messages");
    }

    // ---- the connecting side ----

    private static String accept(String key) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-1").digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(d);
    }

    @Test
    void aConnectingSocketSendsTheUpgradeForItsPathAndMasksEveryFrame() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
            push.connect("ws://127.0.0.1:" + server.getLocalPort() + "/a/path?x=1");
            push.send(Msg.of("hello"));
            try (java.net.Socket s = server.accept()) {
                s.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                String head = readHead(in);
                assertTrue(head.startsWith("GET /a/path?x=1 HTTP/1.1\r\n"), head);
                assertTrue(head.contains("Host: 127.0.0.1:" + server.getLocalPort() + "\r\n"), head);
                assertTrue(head.contains("Sec-WebSocket-Protocol: ZWS2.0/NULL,ZWS2.0\r\n"), head);
                assertTrue(head.contains("Sec-WebSocket-Version: 13\r\n"), head);
                String key = head.replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+)\r\n.*", "$1");
                assertEquals(16, Base64.getDecoder().decode(key).length);
                s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept(key) + "\r\nSec-WebSocket-Protocol: ZWS2.0/NULL\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] readyPayload = ready("PULL");
                s.getOutputStream().write(cat(bytes(0x82, readyPayload.length), readyPayload));
                byte[] readyIn = readMasked(in);
                assertEquals(2, readyIn[0]);
                assertEquals("READY", new String(readyIn, 2, 5, StandardCharsets.US_ASCII));
                assertTrue(new String(readyIn, StandardCharsets.US_ASCII).contains("PUSH"));
                assertArrayEquals(cat(bytes(0), "hello".getBytes()), readMasked(in));
            }
        }
    }

    @Test
    void aConnectingSocketRefusesAWrongAcceptKey() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
            BlockingQueue<SocketEvent> failed = events(push, Event.HANDSHAKE_FAILED_PROTOCOL);
            push.connect("ws://127.0.0.1:" + server.getLocalPort());
            try (java.net.Socket s = server.accept()) {
                readHead(new DataInputStream(s.getInputStream()));
                s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\nSec-WebSocket-Protocol: ZWS2.0/NULL\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                SocketEvent e = failed.poll(5, TimeUnit.SECONDS);
                assertNotNull(e);
                assertTrue(e.reason().contains("Sec-WebSocket-Accept"), e.reason());
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed in the head: " + b);
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readMasked(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        assertEquals(0x82, b0, "final binary frame");
        int b1 = in.readUnsignedByte();
        assertEquals(0x80, b1 & 0x80, "a client masks every frame");
        int len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        }
        byte[] key = new byte[4];
        in.readFully(key);
        byte[] p = new byte[len];
        in.readFully(p);
        for (int i = 0; i < len; i++) {
            p[i] ^= key[i & 3];
        }
        return p;
    }
}
