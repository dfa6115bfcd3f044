package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    @Test
    void pushDeliversMultipartMessagesToPullInOrder() {
        Socket pull = socket(SocketType.PULL);
        Socket push = socket(SocketType.PUSH);
        push.connect(pull.bind("ws://127.0.0.1:*/pipeline"));
        for (int i = 0; i < 200; i++) {
            push.send(Msg.of("msg", Integer.toString(i), ""));
        }
        for (int i = 0; i < 200; i++) {
            Msg m = pull.recv();
            assertEquals(3, m.size());
            assertEquals("msg", m.string(0));
            assertEquals(Integer.toString(i), m.string(1));
            assertEquals(0, m.frame(2).length);
        }
    }

    @Test
    void reqGetsTheReplyFromRep() {
        Socket rep = socket(SocketType.REP);
        Socket req = socket(SocketType.REQ);
        req.connect(rep.bind("ws://127.0.0.1:*"));
        for (int i = 0; i < 10; i++) {
            req.send(Msg.of("hello " + i));
            assertEquals("hello " + i, rep.recv().string(0));
            rep.send(Msg.of("world " + i));
            assertEquals("world " + i, req.recv().string(0));
        }
    }

    @Test
    void routerSeesTheDealersIdentityAndRoutesReplies() {
        Socket router = socket(SocketType.ROUTER);
        Socket dealer = socket(SocketType.DEALER).setRoutingId("D1".getBytes());
        dealer.connect(router.bind("ws://127.0.0.1:*/rd"));
        dealer.send(Msg.of("ping"));
        Msg m = router.recv();
        assertEquals("D1", m.string(0));
        assertEquals("ping", m.string(1));
        router.send(Msg.of(m.routingId(), "pong".getBytes()));
        assertEquals("pong", dealer.recv().string(0));
    }

    @Test
    void subReceivesOnlyWhatItSubscribedTo() {
        Socket pub = socket(SocketType.PUB);
        Socket sub = socket(SocketType.SUB);
        sub.subscribe("weather");
        sub.connect(pub.bind("ws://127.0.0.1:*/feed"));
        Msg got = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (got == null && System.nanoTime() < deadline) {
            pub.send(Msg.of("sports", "goal"));
            pub.send(Msg.of("weather", "rain"));
            got = sub.recv(Duration.ofMillis(20));
        }
        assertNotNull(got, "the subscription never reached the publisher");
        do {
            assertEquals("weather", got.string(0));
        } while ((got = sub.recv(Duration.ofMillis(50))) != null);
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
    void pairTalksBothWays() {
        Socket a = socket(SocketType.PAIR);
        Socket b = socket(SocketType.PAIR);
        b.connect(a.bind("ws://127.0.0.1:*"));
        b.send(Msg.of("from b"));
        assertEquals("from b", a.recv().string(0));
        a.send(Msg.of("from a"));
        assertEquals("from a", b.recv().string(0));
    }

    @Test
    void serverRepliesToItsClient() {
        Socket server = socket(SocketType.SERVER);
        Socket client = socket(SocketType.CLIENT);
        client.connect(server.bind("ws://127.0.0.1:*"));
        client.send(Msg.of("hello"));
        Msg m = server.recv();
        assertEquals(4, m.routingId().length);
        assertEquals("hello", m.string(1));
        server.send(Msg.of(m.routingId(), "world".getBytes()));
        assertEquals("world", client.recv().string(0));
    }

    @Test
    void dishReceivesOnlyTheGroupsItJoined() {
        Socket radio = socket(SocketType.RADIO);
        Socket dish = socket(SocketType.DISH);
        dish.join("weather");
        dish.connect(radio.bind("ws://127.0.0.1:*"));
        Msg got = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (got == null && System.nanoTime() < deadline) {
            radio.send(Msg.of("goal").withGroup("sports"));
            radio.send(Msg.of("rain").withGroup("weather"));
            got = dish.recv(Duration.ofMillis(20));
        }
        assertNotNull(got, "the join never reached the radio");
        do {
            assertEquals("weather", got.group());
            assertEquals("rain", got.string(0));
        } while ((got = dish.recv(Duration.ofMillis(50))) != null);
    }

    @Test
    void scatterSpreadsWorkThatGatherCollects() {
        Socket gather = socket(SocketType.GATHER);
        Socket scatter = socket(SocketType.SCATTER);
        scatter.connect(gather.bind("ws://127.0.0.1:*"));
        for (int i = 0; i < 10; i++) {
            scatter.send(Msg.of("t" + i));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals("t" + i, gather.recv().string(0));
        }
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
    void channelTalksBothWays() {
        Socket a = socket(SocketType.CHANNEL);
        Socket b = socket(SocketType.CHANNEL);
        b.connect(a.bind("ws://127.0.0.1:*"));
        b.send(Msg.of("ping"));
        assertEquals("ping", a.recv().string(0));
        a.send(Msg.of("pong"));
        assertEquals("pong", b.recv().string(0));
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
    void plainAuthenticatesOverWebSocket() {
        Socket server = socket(SocketType.ROUTER).setPlainServer(true);
        Socket client = socket(SocketType.DEALER).setPlainCredentials("admin", "secret");
        client.connect(server.bind("ws://127.0.0.1:*"));
        client.send(Msg.of("hello"));
        Msg m = server.recv();
        assertEquals("hello", m.string(1));
        server.send(Msg.of(m.routingId(), "welcome".getBytes()));
        assertEquals("welcome", client.recv().string(0));
    }

    @Test
    void curveEncryptsOverWebSocket() {
        CurveKeyPair s = CurveKeyPair.generate();
        CurveKeyPair c = CurveKeyPair.generate();
        Socket server = socket(SocketType.ROUTER).setCurveServer(true).setCurveSecretKey(s.secretKey());
        Socket client = socket(SocketType.DEALER).setCurveServerKey(s.publicKey())
                .setCurvePublicKey(c.publicKey()).setCurveSecretKey(c.secretKey());
        client.connect(server.bind("ws://127.0.0.1:*"));
        client.send(Msg.of("secret", "stuff"));
        Msg m = server.recv();
        assertEquals("stuff", m.string(2));
        server.send(Msg.of(m.routingId(), "back".getBytes()));
        assertEquals("back", client.recv().string(0));
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
