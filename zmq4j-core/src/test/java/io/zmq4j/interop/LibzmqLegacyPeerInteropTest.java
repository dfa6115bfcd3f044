package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same ZMTP 1.0 and 2.0 peer ({@link LegacyPeer}) against libzmq 4.3 (pyzmq) and against
 * zmq4j: the bytes each sends it, what each delivers, and the monitor events each raises must be
 * the same. libzmq cannot be made to speak 1.0 or 2.0 itself, so this is how its side is known.
 */
@Timeout(60)
class LibzmqLegacyPeerInteropTest extends LibzmqInteropBase {
    private static final HexFormat HEX = HexFormat.of();
    private final List<LegacyPeer> raw = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeRaw() throws IOException {
        for (LegacyPeer p : raw) {
            p.close();
        }
    }

    private LegacyPeer legacy(String endpoint, int version) throws IOException {
        LegacyPeer p = LegacyPeer.connect(endpoint, version);
        raw.add(p);
        return p;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void greetingAndMessagesToALegacyPullAreLibzmqsByteForByte(int version) throws Exception {
        PyPeer libzmq = start("--type", "PUSH", "--bind", "tcp://127.0.0.1:*", "--msg", "6869,7468657265", "send");
        LegacyPeer fromLibzmq = legacy(libzmq.endpoint(), version).handshake(LegacyPeer.PULL, new byte[0]);
        List<byte[]> m = fromLibzmq.recv();

        Socket push = socket(SocketType.PUSH);
        String ep = push.bind("tcp://127.0.0.1:*");
        LegacyPeer fromZmq4j = legacy(ep, version).handshake(LegacyPeer.PULL, new byte[0]);
        push.send(Msg.of(b("hi"), b("there")));
        List<byte[]> ours = fromZmq4j.recv();

        assertEquals(HEX.formatHex(fromLibzmq.greetingReceived.toByteArray()), HEX.formatHex(fromZmq4j.greetingReceived.toByteArray()),
                "zmq4j's greeting to a ZMTP " + version + ".0 peer differs from libzmq's");
        assertEquals(2, m.size());
        assertEquals(PyPeer.hexList(m), PyPeer.hexList(ours));
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void libzmqRouterTakesTheLegacyIdentityAsRoutingIdAsZmq4jDoes(int version) throws Exception {
        PyPeer libzmq = start("--type", "ROUTER", "--bind", "tcp://127.0.0.1:*", "recv");
        legacy(libzmq.endpoint(), version).handshake(LegacyPeer.DEALER, b("abc")).send(b("hello"));
        List<byte[]> theirs = libzmq.expectMsg();

        Socket router = socket(SocketType.ROUTER);
        String ep = router.bind("tcp://127.0.0.1:*");
        legacy(ep, version).handshake(LegacyPeer.DEALER, b("abc")).send(b("hello"));
        Msg ours = router.recv(Interop.WAIT);
        assertNotNull(ours);
        assertEquals(PyPeer.hexList(theirs), PyPeer.hexList(List.of(ours.frame(0), ours.frame(1))));
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void neitherChecksTheSocketTypeOfALegacyPeer(int version) throws Exception {
        // a "PUB" that sends to a PULL: libzmq 4.3 delivers it (RFC 15 only says SHOULD check)
        PyPeer libzmq = start("--type", "PULL", "--bind", "tcp://127.0.0.1:*", "recv");
        legacy(libzmq.endpoint(), version).handshake(LegacyPeer.PUB, new byte[0]).send(b("odd"));
        assertEquals("[\"6f6464\"]", PyPeer.hexList(libzmq.expectMsg()));

        Socket pull = socket(SocketType.PULL);
        String ep = pull.bind("tcp://127.0.0.1:*");
        legacy(ep, version).handshake(LegacyPeer.PUB, new byte[0]).send(b("odd"));
        assertEquals("odd", pull.recv(Interop.WAIT).string(0));
    }

    /**
     * What a PUB (libzmq's or ours) sends a legacy SUB that subscribed to "A", as text: the first
     * message of a round published once the SUB is known to be attached. The first rounds may go
     * out before the PUB has attached the connection, and one may be cut between its two sends,
     * so what arrives first proves only that the SUB is attached; the round after it is the answer.
     */
    private static String publishedTo(LegacyPeer sub, Runnable publish) throws IOException {
        long deadline = System.nanoTime() + Interop.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            publish.run();
            if (sub.recvWithin(100) != null) {
                while (sub.recvWithin(200) != null) {
                    // the rest of earlier rounds
                }
                publish.run();
                List<byte[]> got = sub.recvWithin((int) Interop.WAIT.toMillis());
                return got == null ? null : new String(got.get(0), StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void aPubFiltersFor20SubscribersAndSendsEverythingTo10SubscribersAsLibzmqDoes(int version) throws Exception {
        PyPeer libzmq = start("--type", "PUB", "--bind", "tcp://127.0.0.1:*", "interactive");
        LegacyPeer theirSub = legacy(libzmq.endpoint(), version).handshake(LegacyPeer.SUB, new byte[0]);
        theirSub.send(HEX.parseHex("0141")); // subscribe to "A" (a ZMTP 1.0 PUB would ignore it)
        String theirs = publishedTo(theirSub, () -> {
            libzmq.sendOk(List.of(b("B-other")));
            libzmq.sendOk(List.of(b("A-match")));
        });

        Socket pub = socket(SocketType.PUB);
        String ep = pub.bind("tcp://127.0.0.1:*");
        LegacyPeer ourSub = legacy(ep, version).handshake(LegacyPeer.SUB, new byte[0]);
        ourSub.send(HEX.parseHex("0141"));
        String ours = publishedTo(ourSub, () -> {
            pub.send(Msg.of("B-other"));
            pub.send(Msg.of("A-match"));
        });

        // libzmq: a 1.0 subscriber gets everything (B-other comes first), a 2.0 one only "A"
        assertEquals(version == 1 ? "B-other" : "A-match", theirs);
        assertEquals(theirs, ours);
    }

    private static List<String> zmq4jEventsUntilDisconnected(BlockingQueue<SocketEvent> q) throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (SocketEvent e; (e = q.poll(5, TimeUnit.SECONDS)) != null; ) {
            names.add(e.event().name());
            if (e.event() == Event.DISCONNECTED) {
                break;
            }
        }
        return names;
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void aPlainServerRefusesALegacyPeerWithTheEventsLibzmqRaises(int version) throws Exception {
        PyPeer libzmq = start("--type", "PULL", "--bind", "tcp://127.0.0.1:*", "--plain-server", "--monitor", "interactive");
        LegacyPeer toLibzmq = legacy(libzmq.endpoint(), version);
        try {
            toLibzmq.handshake(LegacyPeer.PUSH, new byte[0]);
        } catch (IOException refused) {
            // closed during the greeting
        }
        assertTrue(toLibzmq.closedByOtherSide(), "libzmq let a ZMTP " + version + ".0 peer in");
        List<String> theirs = libzmq.events("DISCONNECTED");

        Socket pull = socket(SocketType.PULL).setPlainServer(true);
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        pull.onEvent(Event.all(), q::add);
        String ep = pull.bind("tcp://127.0.0.1:*");
        LegacyPeer toZmq4j = legacy(ep, version);
        try {
            toZmq4j.handshake(LegacyPeer.PUSH, new byte[0]);
        } catch (IOException refused) {
            // closed during the greeting
        }
        assertTrue(toZmq4j.closedByOtherSide(), "zmq4j let a ZMTP " + version + ".0 peer in");
        assertEquals(List.of("LISTENING", "ACCEPTED", "DISCONNECTED"), theirs, "libzmq's events changed");
        assertEquals(theirs, zmq4jEventsUntilDisconnected(q));
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void aWorkingLegacyConnectionRaisesTheEventsLibzmqRaises(int version) throws Exception {
        PyPeer libzmq = start("--type", "PULL", "--bind", "tcp://127.0.0.1:*", "--monitor", "interactive");
        LegacyPeer toLibzmq = legacy(libzmq.endpoint(), version).handshake(LegacyPeer.PUSH, new byte[0]);
        toLibzmq.send(b("x"));
        assertNotNull(libzmq.recv(Interop.WAIT));
        toLibzmq.close();
        List<String> theirs = libzmq.events("DISCONNECTED");

        Socket pull = socket(SocketType.PULL);
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        pull.onEvent(Event.all(), q::add);
        String ep = pull.bind("tcp://127.0.0.1:*");
        LegacyPeer toZmq4j = legacy(ep, version).handshake(LegacyPeer.PUSH, new byte[0]);
        toZmq4j.send(b("x"));
        assertNotNull(pull.recv(Interop.WAIT));
        toZmq4j.close();
        assertEquals(List.of("LISTENING", "ACCEPTED", "HANDSHAKE_FAILED_NO_DETAIL", "DISCONNECTED"), theirs,
                "libzmq's events changed");
        assertEquals(theirs, zmq4jEventsUntilDisconnected(q));
    }

    @ParameterizedTest(name = "ZMTP {0}.0")
    @ValueSource(ints = {1, 2})
    void anOversizeFrameFromALegacyPeerRaisesTheEventsLibzmqRaises(int version) throws Exception {
        byte[] oversize = version == 2 ? HEX.parseHex("0065") : HEX.parseHex("6600"); // 101 bytes announced
        PyPeer libzmq = start("--type", "PULL", "--bind", "tcp://127.0.0.1:*", "--maxmsgsize", "100", "--monitor", "interactive");
        LegacyPeer toLibzmq = legacy(libzmq.endpoint(), version).handshake(LegacyPeer.PUSH, new byte[0]);
        toLibzmq.sendRaw(oversize);
        assertTrue(toLibzmq.closedByOtherSide());
        List<String> theirs = libzmq.events("DISCONNECTED");

        Socket pull = socket(SocketType.PULL).setMaxMsgSize(100);
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        pull.onEvent(Event.all(), q::add);
        String ep = pull.bind("tcp://127.0.0.1:*");
        LegacyPeer toZmq4j = legacy(ep, version).handshake(LegacyPeer.PUSH, new byte[0]);
        toZmq4j.sendRaw(oversize);
        assertTrue(toZmq4j.closedByOtherSide());
        assertEquals(List.of("LISTENING", "ACCEPTED", "DISCONNECTED"), theirs, "libzmq's events changed");
        assertEquals(theirs, zmq4jEventsUntilDisconnected(q));
        assertEquals(null, pull.recv(Duration.ofMillis(100)));
    }
}
