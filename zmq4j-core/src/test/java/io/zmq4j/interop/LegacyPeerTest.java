package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ZMTP 1.0 and 2.0 peers ({@link LegacyPeer}, written from RFC 13 and RFC 15) and zmq4j sockets,
 * as libzmq 4.3 serves them: delivered both ways on sockets with no security, identities as
 * routing ids, subscriptions as data frames, refused on PLAIN and CURVE sockets with only a
 * DISCONNECTED event, and bad input closing that connection alone. No pyzmq needed
 * ({@link LibzmqLegacyPeerInteropTest} checks the same bytes and events against libzmq).
 */
@Timeout(30)
class LegacyPeerTest {
    private static final HexFormat HEX = HexFormat.of();
    private final Context ctx = Context.create();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void cleanup() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        ctx.close();
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setSendTimeout(Interop.WAIT);
    }

    private LegacyPeer connect(String endpoint, int version, int type, String identity) throws IOException {
        LegacyPeer p = LegacyPeer.connect(endpoint, version);
        closing.add(p);
        return p.handshake(type, b(identity));
    }

    /** A raw listener for a zmq4j socket to connect to; returns the peer once it handshook. */
    private LegacyPeer acceptFrom(Socket s, int version, int type, String identity) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) Interop.WAIT.toMillis());
            s.connect("tcp://127.0.0.1:" + server.getLocalPort());
            LegacyPeer p = LegacyPeer.over(server.accept(), version);
            closing.add(p);
            return p.handshake(type, b(identity));
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static BlockingQueue<SocketEvent> events(Socket s) {
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        s.onEvent(Event.all(), q::add);
        return q;
    }

    /** The events up to and including {@code last}, or up to a quiet 5 s. */
    private static List<Event> eventsUntil(BlockingQueue<SocketEvent> q, Event last) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        while (true) {
            SocketEvent e = q.poll(5, TimeUnit.SECONDS);
            if (e == null) {
                return seen;
            }
            seen.add(e.event());
            if (e.event() == last) {
                return seen;
            }
        }
    }

    // ---- messages both ways ----

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void legacyPushDeliversToPull(int version) throws Exception {
        Socket pull = socket(SocketType.PULL);
        String ep = pull.bind("tcp://127.0.0.1:*");
        LegacyPeer push = connect(ep, version, LegacyPeer.PUSH, "");
        push.send(b("hello"));
        push.send(b("two"), b("frames"), new byte[300]);
        assertEquals("hello", pull.recv(Interop.WAIT).string(0));
        Msg m = pull.recv(Interop.WAIT);
        assertEquals(3, m.size());
        assertEquals("frames", m.string(1));
        assertEquals(300, m.frame(2).length);
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void pushDeliversToLegacyPullWithTheGreetingLibzmqSends(int version) throws Exception {
        Socket push = socket(SocketType.PUSH);
        String ep = push.bind("tcp://127.0.0.1:*");
        LegacyPeer pull = connect(ep, version, LegacyPeer.PULL, "");
        // libzmq 4.3's bytes (LibzmqLegacyPeerInteropTest compares them with libzmq's own)
        String expected = version == 2 ? "ff00000000000000017f" + "03" + "08" + "0000" : "ff00000000000000017f";
        assertEquals(expected, HEX.formatHex(pull.greetingReceived.toByteArray()));
        push.send(Msg.of("a", "b"));
        byte[] big = new byte[100_000];
        push.send(Msg.of(big));
        List<byte[]> m = pull.recv();
        assertEquals(List.of("a", "b"), List.of(s(m.get(0)), s(m.get(1))));
        assertEquals(100_000, pull.recv().get(0).length);
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void legacyIdentityIsTheRoutingIdAtARouter(int version) throws Exception {
        Socket router = socket(SocketType.ROUTER);
        String ep = router.bind("tcp://127.0.0.1:*");
        LegacyPeer dealer = connect(ep, version, LegacyPeer.DEALER, "abc");
        dealer.send(b("request"));
        Msg req = router.recv(Interop.WAIT);
        assertEquals("abc", s(req.routingId()));
        assertEquals("request", req.string(1));
        router.send(Msg.of(b("abc"), b("reply")));
        assertEquals("reply", s(dealer.recv().get(0)));
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void anonymousLegacyPeerGetsAGeneratedRoutingId(int version) throws Exception {
        Socket router = socket(SocketType.ROUTER);
        String ep = router.bind("tcp://127.0.0.1:*");
        LegacyPeer dealer = connect(ep, version, LegacyPeer.DEALER, "");
        dealer.send(b("x"));
        Msg req = router.recv(Interop.WAIT);
        assertEquals(5, req.routingId().length, "libzmq's generated id: 0 then a 4-byte counter");
        router.send(Msg.of(req.routingId(), b("y")));
        assertEquals("y", s(dealer.recv().get(0)));
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void dealerConnectsToALegacyRouterAndSendsItsRoutingIdAsIdentity(int version) throws Exception {
        Socket dealer = socket(SocketType.DEALER).setRoutingId(b("me"));
        LegacyPeer router = acceptFrom(dealer, version, LegacyPeer.ROUTER, "");
        assertEquals("me", s(router.peerIdentity));
        if (version == 2) {
            assertEquals(3, router.peerRevision);
            assertEquals(SocketType.DEALER.value(), router.peerSocketType);
        }
        dealer.send(Msg.of("ping"));
        assertEquals("ping", s(router.recv().get(0)));
        router.send(b("pong"));
        assertEquals("pong", dealer.recv(Interop.WAIT).string(0));
    }

    // ---- publish-subscribe ----

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void subFiltersALegacyPublisherAndSendsItsSubscriptionAsADataFrame(int version) throws Exception {
        Socket sub = socket(SocketType.SUB);
        sub.subscribe(b("A"));
        LegacyPeer pub = acceptFrom(sub, version, LegacyPeer.PUB, "");
        List<byte[]> subscription = pub.recv();
        assertEquals("0141", HEX.formatHex(subscription.get(0)), "%x01 then the topic, as RFC 15 says");
        pub.send(b("B-no"));
        pub.send(b("A-yes"));
        assertEquals("A-yes", sub.recv(Interop.WAIT).string(0));
        assertNull(sub.recv(Duration.ofMillis(200)));
    }

    @Test
    void pubSendsAZmtp20SubscriberOnlyWhatItSubscribedTo() throws Exception {
        Socket pub = socket(SocketType.PUB);
        String ep = pub.bind("tcp://127.0.0.1:*");
        LegacyPeer sub = connect(ep, 2, LegacyPeer.SUB, "");
        sub.send(HEX.parseHex("0141")); // subscribe to "A"
        // the subscription is in once a matching message gets through
        List<byte[]> got = null;
        long deadline = System.nanoTime() + Interop.WAIT.toNanos();
        while (got == null && System.nanoTime() < deadline) {
            pub.send(Msg.of("B-no"));
            pub.send(Msg.of("A-yes"));
            got = sub.recvWithin(100);
        }
        assertEquals("A-yes", s(got.get(0)), "a message the subscriber did not ask for got through");
    }

    @Test
    void pubSendsAZmtp10SubscriberEverythingAsLibzmqDoes() throws Exception {
        // a ZMTP 1.0 subscriber filters for itself and never subscribes (RFC 13)
        Socket pub = socket(SocketType.PUB);
        String ep = pub.bind("tcp://127.0.0.1:*");
        LegacyPeer sub = connect(ep, 1, LegacyPeer.SUB, "");
        List<byte[]> got = null;
        long deadline = System.nanoTime() + Interop.WAIT.toNanos();
        while (got == null && System.nanoTime() < deadline) {
            pub.send(Msg.of("anything"));
            got = sub.recvWithin(100);
        }
        assertEquals("anything", s(got.get(0)));
    }

    // ---- refused on secured sockets ----

    private void assertRefusedWithOnlyDisconnected(Socket server, int version) throws Exception {
        BlockingQueue<SocketEvent> q = events(server);
        String ep = server.bind("tcp://127.0.0.1:*");
        LegacyPeer p = LegacyPeer.connect(ep, version);
        closing.add(p);
        try {
            p.handshake(LegacyPeer.PUSH, new byte[0]);
        } catch (IOException expected) {
            // closed during the greeting
        }
        assertTrue(p.closedByOtherSide(), "a ZMTP " + version + ".0 peer was let in");
        List<Event> seen = eventsUntil(q, Event.DISCONNECTED);
        assertEquals(List.of(Event.LISTENING, Event.ACCEPTED, Event.DISCONNECTED), seen,
                "libzmq 4.3 raises DISCONNECTED alone for this refusal");
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void plainServerRefusesALegacyPeer(int version) throws Exception {
        assertRefusedWithOnlyDisconnected(socket(SocketType.PULL).setPlainServer(true), version);
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void curveServerRefusesALegacyPeer(int version) throws Exception {
        CurveKeyPair keys = CurveKeyPair.generate();
        assertRefusedWithOnlyDisconnected(socket(SocketType.PULL).setCurveServer(true).setCurveSecretKey(keys.secretKey()), version);
    }

    @Test
    void nullSocketWithAZapDomainRefusesALegacyPeer() throws Exception {
        assertRefusedWithOnlyDisconnected(socket(SocketType.PULL).setZapDomain("global"), 2);
    }

    @Test
    void plainClientRefusesALegacyServer() throws Exception {
        Socket client = socket(SocketType.PUSH).setPlainCredentials("u", "p");
        BlockingQueue<SocketEvent> q = events(client);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) Interop.WAIT.toMillis());
            client.connect("tcp://127.0.0.1:" + server.getLocalPort());
            LegacyPeer p = LegacyPeer.over(server.accept(), 2);
            closing.add(p);
            try {
                p.handshake(LegacyPeer.PULL, new byte[0]);
            } catch (IOException expected) {
                // closed during the greeting
            }
            assertTrue(p.closedByOtherSide());
        }
        List<Event> seen = eventsUntil(q, Event.DISCONNECTED);
        assertFalse(seen.contains(Event.HANDSHAKE_FAILED_PROTOCOL), seen.toString());
        assertFalse(seen.contains(Event.HANDSHAKE_SUCCEEDED), seen.toString());
        assertEquals(Event.DISCONNECTED, seen.get(seen.size() - 1), seen.toString());
    }

    // ---- events of a working connection ----

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void workingLegacyConnectionRaisesTheEventsLibzmqRaises(int version) throws Exception {
        // libzmq: no HANDSHAKE_SUCCEEDED (no security handshake); when the peer leaves,
        // HANDSHAKE_FAILED_NO_DETAIL then DISCONNECTED (observed with pyzmq 4.3.4)
        Socket pull = socket(SocketType.PULL);
        BlockingQueue<SocketEvent> q = events(pull);
        String ep = pull.bind("tcp://127.0.0.1:*");
        LegacyPeer push = connect(ep, version, LegacyPeer.PUSH, "");
        push.send(b("hello"));
        assertEquals("hello", pull.recv(Interop.WAIT).string(0));
        push.close();
        assertEquals(List.of(Event.LISTENING, Event.ACCEPTED, Event.HANDSHAKE_FAILED_NO_DETAIL, Event.DISCONNECTED),
                eventsUntil(q, Event.DISCONNECTED));
    }

    // ---- bad input closes that connection only ----

    /** A PULL with a good zmq4j PUSH; bad bytes from a legacy peer must not disturb it. */
    private void assertBadInputClosesOnlyThatConnection(int version, byte[] bad) throws Exception {
        Socket pull = socket(SocketType.PULL).setMaxMsgSize(100);
        BlockingQueue<SocketEvent> q = events(pull);
        String ep = pull.bind("tcp://127.0.0.1:*");
        Socket good = socket(SocketType.PUSH);
        good.connect(ep);
        good.send(Msg.of("good 1"));
        assertEquals("good 1", pull.recv(Interop.WAIT).string(0));
        assertEquals(Event.LISTENING, q.take().event());
        LegacyPeer p = connect(ep, version, LegacyPeer.PUSH, "");
        p.send(b("fine"));
        assertEquals("fine", pull.recv(Interop.WAIT).string(0), "the message before the bad input was lost");
        p.sendRaw(bad);
        assertTrue(p.closedByOtherSide(), "zmq4j kept the connection open");
        List<Event> seen = new ArrayList<>();
        for (SocketEvent e; (e = q.poll(5, TimeUnit.SECONDS)) != null; ) {
            seen.add(e.event());
            if (e.event() == Event.DISCONNECTED) {
                break;
            }
        }
        assertEquals(Event.DISCONNECTED, seen.get(seen.size() - 1), seen.toString());
        assertFalse(seen.contains(Event.HANDSHAKE_FAILED_PROTOCOL), "libzmq raises DISCONNECTED alone: " + seen);
        assertFalse(seen.contains(Event.HANDSHAKE_FAILED_NO_DETAIL), "libzmq raises DISCONNECTED alone: " + seen);
        good.send(Msg.of("good 2"));
        assertEquals("good 2", pull.recv(Interop.WAIT).string(0));
        assertNull(pull.tryRecv());
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void oversizeFrameClosesOnlyThatConnection(int version) throws Exception {
        byte[] header = version == 2 ? HEX.parseHex("0065") : HEX.parseHex("6600"); // 101 bytes announced
        assertBadInputClosesOnlyThatConnection(version, header);
    }

    @Test
    void zmtp10FrameOfLengthZeroClosesOnlyThatConnection() throws Exception {
        assertBadInputClosesOnlyThatConnection(1, new byte[] {0});
    }

    @Test
    void zmtp20ReservedFlagsCloseOnlyThatConnection() throws Exception {
        assertBadInputClosesOnlyThatConnection(2, HEX.parseHex("100178"));
    }

    @Test
    void zmtp10PeerThatNeverFinishesItsIdentityIsClosedAtTheHandshakeInterval() throws Exception {
        // libzmq would wait for ever (its handshake ends at the greeting); we keep the timer
        // running until the identity arrives, so half a frame cannot hold a connection
        Socket pull = socket(SocketType.PULL).setHandshakeInterval(Duration.ofMillis(300));
        BlockingQueue<SocketEvent> q = events(pull);
        String ep = pull.bind("tcp://127.0.0.1:*");
        LegacyPeer p = LegacyPeer.connect(ep, 1);
        closing.add(p);
        p.sendRaw(b("GET / HTTP/1.1\r\n\r\n")); // 'G': an identity frame of 70 octets, never finished
        assertTrue(p.closedByOtherSide());
        List<Event> seen = eventsUntil(q, Event.DISCONNECTED);
        assertTrue(seen.contains(Event.HANDSHAKE_FAILED_NO_DETAIL), seen.toString());
    }

    @Test
    void legacyAndZmtp3PeersShareOneRouter() throws Exception {
        Socket router = socket(SocketType.ROUTER);
        String ep = router.bind("tcp://127.0.0.1:*");
        LegacyPeer old = connect(ep, 2, LegacyPeer.DEALER, "old");
        Socket modern = socket(SocketType.DEALER).setRoutingId(b("new"));
        modern.connect(ep);
        old.send(b("from old"));
        modern.send(Msg.of("from new"));
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Msg m = router.recv(Interop.WAIT);
            assertNotNull(m);
            got.add(s(m.routingId()) + ":" + m.string(1));
        }
        got.sort(null);
        assertEquals(List.of("new:from new", "old:from old"), got);
        router.send(Msg.of(b("old"), b("to old")));
        assertArrayEquals(b("to old"), old.recv().get(0));
    }
}
