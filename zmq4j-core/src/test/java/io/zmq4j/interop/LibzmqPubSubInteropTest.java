package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Proxy;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PUB/SUB and XPUB/XSUB against libzmq 4.3, both directions, tcp and ipc. */
@Timeout(60)
class LibzmqPubSubInteropTest {
    private Context ctx;
    private PyPeer peer;
    private PyPeer peer2;

    @BeforeEach
    void setUp() {
        LibzmqInteropBase.needPyzmq();
        ctx = Context.create();
    }

    @AfterEach
    void tearDown() {
        if (peer != null) {
            peer.close();
        }
        if (peer2 != null) {
            peer2.close();
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(b(s));
    }

    private static String text(byte[] f) {
        return new String(f, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void libzmqPublisherToZmq4jSubscriberDeliversOnlyMatchingTopics(String transport) {
        peer = PyPeer.start("--type", "PUB", "--bind", Interop.bindEndpoint(transport), "interactive");
        Socket sub = ctx.socket(SocketType.SUB).setLinger(Duration.ZERO);
        sub.subscribe("A");
        sub.connect(peer.endpoint());
        // publish both topics until the subscription has reached libzmq and an A arrives
        Msg got = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (got == null && System.nanoTime() < deadline) {
            peer.sendOk(List.of(b("B-unwanted")));
            peer.sendOk(List.of(b("A-wanted"), b("body")));
            got = sub.recv(Duration.ofMillis(20));
        }
        assertNotNull(got, "no matching message from libzmq");
        do {
            assertEquals("A-wanted", got.string(0), "libzmq filtered for us: only A topics arrive");
            assertEquals("body", got.string(1));
        } while ((got = sub.recv(Duration.ofMillis(100))) != null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void zmq4jSubscriptionReachesLibzmqXpubAsSubscribeAndCancelMessages(String transport) {
        peer = PyPeer.start("--type", "XPUB", "--bind", Interop.bindEndpoint(transport), "interactive");
        Socket sub = ctx.socket(SocketType.SUB).setLinger(Duration.ZERO);
        sub.connect(peer.endpoint());
        sub.subscribe("topic");
        List<byte[]> s = peer.recv(Duration.ofSeconds(5));
        assertNotNull(s, "no subscription at libzmq");
        assertEquals("\u0001topic", text(s.get(0)));
        sub.unsubscribe("topic");
        List<byte[]> c = peer.recv(Duration.ofSeconds(5));
        assertNotNull(c, "no cancel at libzmq");
        assertEquals("\u0000topic", text(c.get(0)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void zmq4jXpubSeesALibzmqSubscriberAndPublishesToIt(String transport) {
        Socket xpub = ctx.socket(SocketType.XPUB).setLinger(Duration.ZERO);
        String ep = xpub.bind(Interop.bindEndpoint(transport));
        peer = PyPeer.start("--type", "SUB", "--connect", ep, "--subscribe", hex("x"), "--count", "1", "recv");
        Msg sub = xpub.recv(Duration.ofSeconds(5));
        assertNotNull(sub, "libzmq's subscription did not arrive");
        assertEquals("\u0001x", sub.string(0));
        xpub.send(Msg.of("y-not-for-you"));
        xpub.send(Msg.of("x-for-you"));
        List<byte[]> got = peer.expectMsg();
        assertEquals("x-for-you", text(got.get(0)));
        Interop.cleanup(ep);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void zmq4jForwarderCarriesLibzmqPublishersToLibzmqSubscribers(String transport) {
        Socket frontend = ctx.socket(SocketType.XSUB).setLinger(Duration.ZERO);
        Socket backend = ctx.socket(SocketType.XPUB).setLinger(Duration.ZERO);
        String fe = frontend.bind(Interop.bindEndpoint(transport));
        String be = backend.bind(Interop.bindEndpoint(transport));
        CompletableFuture.runAsync(() -> Proxy.run(frontend, backend));
        peer = PyPeer.start("--type", "PUB", "--connect", fe, "interactive");
        peer2 = PyPeer.start("--type", "SUB", "--connect", be, "--subscribe", hex("news"), "--count", "1", "recv");
        // the subscription travels SUB -> forwarder -> PUB; publish until it has arrived
        String line = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (line == null && System.nanoTime() < deadline) {
            peer.sendOk(List.of(b("sports")));
            peer.sendOk(List.of(b("news"), b("flash")));
            line = peer2.line(Duration.ofMillis(50));
        }
        assertNotNull(line, "nothing crossed the forwarder");
        List<byte[]> got = PyPeer.parseFrames(line);
        assertNotNull(got, line);
        assertEquals("news", text(got.get(0)));
        assertEquals("flash", text(got.get(1)));
        Interop.cleanup(fe);
        Interop.cleanup(be);
    }
}
