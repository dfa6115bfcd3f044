package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.testing.MessageText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every socket pattern over ws:// (RFC 45, ZWS 2.0) between two zmq4j sockets. */
@Timeout(30)
class WebSocketTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5));
    }

    // ---- the patterns, table-driven: each case names the sockets and what it proves

    private static final Consumer<Socket> AS_IS = s -> { };

    /** The bound end is made first, the connecting end connects to it. */
    private Socket[] pair(SocketType bound, Consumer<Socket> boundSetUp, SocketType connecting, Consumer<Socket> connectingSetUp) {
        Socket b = socket(bound);
        boundSetUp.accept(b);
        Socket c = socket(connecting);
        connectingSetUp.accept(c);
        c.connect(b.bind("ws://127.0.0.1:*/" + bound.name().toLowerCase(Locale.ROOT)));
        return new Socket[] {b, c};
    }

    /** The connecting end sends {@code n} messages ({@link MessageText} form) and the bound end receives them whole, in order. */
    record InOrder(String what, SocketType receiver, SocketType sender, int n, IntFunction<String> message) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<InOrder> inOrder() {
        return Stream.of(
                new InOrder("PUSH delivers 200 three-frame messages (the last frame empty) to PULL in order", SocketType.PULL,
                        SocketType.PUSH, 200, i -> "msg|" + i + "|"),
                new InOrder("SCATTER spreads work that GATHER collects in order", SocketType.GATHER, SocketType.SCATTER, 10, i -> "t" + i));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inOrder")
    void messagesArriveWholeAndInOrder(InOrder c) {
        Socket[] s = pair(c.receiver(), AS_IS, c.sender(), AS_IS);
        for (int i = 0; i < c.n(); i++) {
            s[1].send(MessageText.message(c.message().apply(i)));
        }
        for (int i = 0; i < c.n(); i++) {
            assertEquals(c.message().apply(i), MessageText.text(s[0].recv()));
        }
    }

    /** The connecting end sends, the bound end answers, {@code rounds} times. */
    record BothWays(String what, SocketType bound, SocketType connecting, int rounds) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<BothWays> bothWays() {
        return Stream.of(
                new BothWays("REQ gets the reply from REP, ten times", SocketType.REP, SocketType.REQ, 10),
                new BothWays("PAIR talks both ways", SocketType.PAIR, SocketType.PAIR, 1),
                new BothWays("CHANNEL talks both ways", SocketType.CHANNEL, SocketType.CHANNEL, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bothWays")
    void bothEndsTalk(BothWays c) {
        Socket[] s = pair(c.bound(), AS_IS, c.connecting(), AS_IS);
        for (int i = 0; i < c.rounds(); i++) {
            s[1].send(Msg.of("hello " + i));
            assertEquals("hello " + i, s[0].recv().string(0));
            s[0].send(Msg.of("world " + i));
            assertEquals("world " + i, s[1].recv().string(0));
        }
    }

    /**
     * The connecting end sends {@code request} ({@link MessageText} form); the bound end gets it
     * after the sender's routing id, which {@code routingId} checks, and answers by that id.
     */
    record Routed(String what, SocketType bound, Consumer<Socket> boundSetUp, SocketType connecting, Consumer<Socket> connectingSetUp,
            Consumer<byte[]> routingId, String request) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Routed> routed() {
        CurveKeyPair server = CurveKeyPair.generate();
        CurveKeyPair client = CurveKeyPair.generate();
        return Stream.of(
                new Routed("ROUTER sees the DEALER's identity and routes the reply", SocketType.ROUTER, AS_IS,
                        SocketType.DEALER, s -> s.setRoutingId("D1".getBytes(StandardCharsets.UTF_8)),
                        id -> assertEquals("D1", new String(id, StandardCharsets.UTF_8)), "ping"),
                new Routed("SERVER replies to its CLIENT by a 4-byte routing id", SocketType.SERVER, AS_IS, SocketType.CLIENT, AS_IS,
                        id -> assertEquals(4, id.length), "hello"),
                new Routed("PLAIN authenticates a DEALER to a ROUTER", SocketType.ROUTER, s -> s.setPlainServer(true),
                        SocketType.DEALER, s -> s.setPlainCredentials("admin", "secret"), id -> { }, "hello"),
                new Routed("CURVE encrypts a two-frame message both ways", SocketType.ROUTER,
                        s -> s.setCurveServer(true).setCurveSecretKey(server.secretKey()), SocketType.DEALER,
                        s -> s.setCurveServerKey(server.publicKey()).setCurvePublicKey(client.publicKey()).setCurveSecretKey(client.secretKey()),
                        id -> { }, "secret|stuff"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routed")
    void theReplyIsRoutedBackToTheSender(Routed c) {
        Socket[] s = pair(c.bound(), c.boundSetUp(), c.connecting(), c.connectingSetUp());
        s[1].send(MessageText.message(c.request()));
        Msg m = s[0].recv();
        c.routingId().accept(m.routingId());
        assertEquals(c.request(), MessageText.text(m.drop(1)));
        s[0].send(Msg.of(m.routingId(), "back".getBytes(StandardCharsets.UTF_8)));
        assertEquals("back", s[1].recv().string(0));
    }

    /**
     * The publishing end sends {@code unwanted} and then {@code wanted} until the subscriber gets
     * one; from then on it gets only {@code wanted} ({@link MessageText} form).
     */
    record Filters(String what, SocketType publisher, SocketType subscriber, Consumer<Socket> subscribe, String unwanted, String wanted) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Filters> filters() {
        return Stream.of(
                new Filters("SUB receives only what it subscribed to", SocketType.PUB, SocketType.SUB, s -> s.subscribe("weather"),
                        "sports|goal", "weather|rain"),
                new Filters("DISH receives only the groups it joined", SocketType.RADIO, SocketType.DISH, s -> s.join("weather"),
                        "sports:goal", "weather:rain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void onlyWhatWasSubscribedToArrives(Filters c) {
        Socket[] s = pair(c.publisher(), AS_IS, c.subscriber(), c.subscribe());
        Msg got = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (got == null && System.nanoTime() < deadline) {
            s[0].send(MessageText.message(c.unwanted()));
            s[0].send(MessageText.message(c.wanted()));
            got = s[1].recv(Duration.ofMillis(20));
        }
        assertNotNull(got, "the subscription never reached the publisher");
        do {
            assertEquals(c.wanted(), MessageText.text(got));
        } while ((got = s[1].recv(Duration.ofMillis(50))) != null);
    }

    @Test
    void xpubSeesSubscribeAndCancelFromXsub() {
        Socket xpub = socket(SocketType.XPUB);
        Socket xsub = socket(SocketType.XSUB);
        xsub.connect(xpub.bind("ws://127.0.0.1:*"));
        xsub.send(Msg.of(new byte[] {1, 'a', 'b'}));
        assertArrayEquals(new byte[] {1, 'a', 'b'}, xpub.recv().frame(0));
        xpub.send(Msg.of("ab-news"));
        assertEquals("ab-news", xsub.recv().string(0));
        xsub.send(Msg.of(new byte[] {0, 'a', 'b'}));
        assertArrayEquals(new byte[] {0, 'a', 'b'}, xpub.recv().frame(0));
    }

    @Test
    void peerSendsToTheConnectionItMade() {
        Socket a = socket(SocketType.PEER);
        Socket b = socket(SocketType.PEER);
        byte[] toB = a.connectPeer(b.bind("ws://127.0.0.1:*"));
        a.send(Msg.of(toB, "hi b".getBytes()));
        Msg m = b.recv();
        assertEquals("hi b", m.string(1));
        b.send(Msg.of(m.routingId(), "hi a".getBytes()));
        assertEquals("hi a", a.recv().string(1));
    }

    @Test
    void largeFramesOfEverySizeClassArriveWholeBothWays() {
        Socket a = socket(SocketType.PAIR);
        Socket b = socket(SocketType.PAIR);
        b.connect(a.bind("ws://127.0.0.1:*"));
        // 125/126 and 65535/65536 are where WebSocket's length encoding changes
        int[] sizes = {0, 1, 124, 125, 126, 255, 256, 65534, 65535, 65536, 1 << 20, 3_000_001};
        for (int size : sizes) {
            byte[] big = new byte[size];
            for (int i = 0; i < size; i++) {
                big[i] = (byte) (i * 31 + size);
            }
            b.send(Msg.of(big, "tail".getBytes()));
            Msg m = a.recv();
            assertArrayEquals(big, m.frame(0), "client to server, " + size + " bytes");
            assertEquals("tail", m.string(1));
            a.send(Msg.of(big));
            assertArrayEquals(big, b.recv().frame(0), "server to client, " + size + " bytes");
        }
    }

    @Test
    void manyMessagesStreamWithoutLossUnderBackPressure() {
        Socket pull = socket(SocketType.PULL).setReceiveHwm(10);
        Socket push = socket(SocketType.PUSH);
        push.connect(pull.bind("ws://127.0.0.1:*"));
        int n = 50_000;
        Thread sender = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                push.send(Msg.of(Integer.toString(i)));
            }
        });
        sender.start();
        for (int i = 0; i < n; i++) {
            assertEquals(Integer.toString(i), pull.recv().string(0));
        }
    }

    @Test
    void connectBeforeBindReconnectsUntilTheServerIsThere() throws Exception {
        Socket probe = socket(SocketType.PULL);
        String ep = probe.bind("ws://127.0.0.1:*/late");
        probe.unbind(ep);
        probe.close();
        Socket push = socket(SocketType.PUSH);
        push.connect(ep);
        push.send(Msg.of("queued before the bind"));
        Socket pull = socket(SocketType.PULL);
        String bound = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (bound == null && System.nanoTime() < deadline) {
            try {
                bound = pull.bind(ep);
            } catch (ZmqException e) {
                Thread.onSpinWait(); // the port may linger a moment after the unbind
            }
        }
        assertEquals(ep, bound);
        assertEquals("queued before the bind", pull.recv().string(0));
    }

    @Test
    void mechanismMismatchIsRefusedAtTheUpgrade() throws Exception {
        Socket server = socket(SocketType.PULL).setPlainServer(true);
        BlockingQueue<SocketEvent> failed = new LinkedBlockingQueue<>();
        server.onEvent(java.util.EnumSet.of(Event.HANDSHAKE_FAILED_PROTOCOL), failed::add);
        String ep = server.bind("ws://127.0.0.1:*");
        Socket client = socket(SocketType.PUSH);
        client.connect(ep);
        client.send(Msg.of("never"));
        SocketEvent e = failed.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        assertNotNull(e, "no handshake failure event");
        assertTrue(e.reason().contains("ZWS2.0/NULL") && e.reason().contains("ZWS2.0/PLAIN"), e.reason());
        assertNull(server.recv(Duration.ofMillis(200)));
    }

    @Test
    void incompatibleSocketTypesNeverTalk() {
        Socket pull = socket(SocketType.PULL);
        Socket pull2 = socket(SocketType.PULL);
        pull2.connect(pull.bind("ws://127.0.0.1:*"));
        assertNull(pull.recv(Duration.ofMillis(300)));
    }

    @Test
    void heartbeatsKeepAnIdleConnectionAndAnsweredPingsCountAsTraffic() throws Exception {
        Socket a = socket(SocketType.PAIR).setHeartbeat(Duration.ofMillis(50), Duration.ofMillis(200));
        BlockingQueue<SocketEvent> lost = new LinkedBlockingQueue<>();
        a.onEvent(java.util.EnumSet.of(Event.DISCONNECTED), lost::add);
        Socket b = socket(SocketType.PAIR);
        b.connect(a.bind("ws://127.0.0.1:*"));
        b.send(Msg.of("up"));
        assertEquals("up", a.recv().string(0));
        // a pings every 50 ms and gives up 200 ms after an unanswered one: b's pongs keep it
        assertNull(lost.poll(1, java.util.concurrent.TimeUnit.SECONDS), "the connection was dropped although b answered");
        a.send(Msg.of("still there"));
        assertEquals("still there", b.recv().string(0));
    }

    @Test
    void lastEndpointHasThePortAndThePath() {
        Socket s = socket(SocketType.PULL);
        String ep = s.bind("ws://127.0.0.1:*/some/path");
        assertTrue(ep.matches("ws://127\\.0\\.0\\.1:\\d+/some/path"), ep);
        assertEquals(ep, s.lastEndpoint());
        String anyHost = s.bind("ws://*:*");
        assertTrue(anyHost.matches("ws://0\\.0\\.0\\.0:\\d+/"), anyHost);
    }

    @Test
    void ipv6EndpointsWork() {
        Socket pull = socket(SocketType.PULL);
        String ep;
        try {
            ep = pull.bind("ws://[::1]:*/six");
        } catch (ZmqException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
            return;
        }
        assertTrue(ep.matches("ws://\\[::1\\]:\\d+/six"), ep);
        Socket push = socket(SocketType.PUSH);
        push.connect(ep);
        push.send(Msg.of("over v6"));
        assertEquals("over v6", pull.recv().string(0));
    }

    @Test
    void unbindStopsListening() {
        Socket s = socket(SocketType.PULL);
        String ep = s.bind("ws://127.0.0.1:*");
        s.unbind(ep);
        assertEquals(ZmqException.Kind.ENOENT, assertThrows(ZmqException.class, () -> s.unbind(ep)).kind());
    }

    @Test
    void malformedEndpointsAreInvalid() {
        Socket s = socket(SocketType.PUSH);
        for (String bad : new String[] {"ws://127.0.0.1", "ws://:5555", "ws://127.0.0.1:70000", "ws://127.0.0.1:x/p",
                "ws://127.0.0.1:5555/a b", "wss://[::1:5555/"}) {
            ZmqException e = assertThrows(ZmqException.class, () -> s.connect(bad), bad);
            assertEquals(ZmqException.Kind.EINVAL, e.kind(), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        assertEquals(ZmqException.Kind.EINVAL, assertThrows(ZmqException.class, () -> s.connect("ws://*:5555")).kind());
    }

    @Test
    void bindingWssWithoutATlsContextIsInvalid() {
        Socket s = socket(SocketType.PUB);
        ZmqException e = assertThrows(ZmqException.class, () -> s.bind("wss://127.0.0.1:*"));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
        assertTrue(e.getMessage().contains("setWssCertPem"), e.getMessage());
    }

    @Test
    void streamSocketsCannotUseWebSocket() {
        Socket s = socket(SocketType.STREAM);
        assertEquals(ZmqException.Kind.ENOCOMPATPROTO, assertThrows(ZmqException.class, () -> s.bind("ws://127.0.0.1:*")).kind());
        assertEquals(ZmqException.Kind.ENOCOMPATPROTO, assertThrows(ZmqException.class, () -> s.connect("ws://127.0.0.1:5555")).kind());
    }

    @Test
    void bindingAPortInUseIsAddressInUse() {
        Socket a = socket(SocketType.PULL);
        String ep = a.bind("ws://127.0.0.1:*");
        Socket b = socket(SocketType.PULL);
        assertEquals(ZmqException.Kind.EADDRINUSE, assertThrows(ZmqException.class, () -> b.bind(ep)).kind());
    }
}
