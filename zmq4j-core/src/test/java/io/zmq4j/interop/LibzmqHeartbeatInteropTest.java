package io.zmq4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Heartbeats against libzmq 4.3: a frozen libzmq peer (SIGSTOP) is found dead within the
 * timeout plus one interval, on both ends of a connection; libzmq's PINGs get our PONGs.
 */
@Timeout(60)
class LibzmqHeartbeatInteropTest {
    private static final int IVL = 100;
    private static final int TIMEOUT = 300;
    /** Scheduling slack on a loaded 2-core machine, on top of timeout + interval. */
    private static final int SLACK = 400;

    private Context ctx;
    private PyPeer peer;

    @BeforeEach
    void setUp() {
        LibzmqInteropBase.needPyzmq();
        ctx = Context.create();
    }

    @AfterEach
    void tearDown() {
        if (peer != null) {
            peer.thaw();
            peer.close();
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    private static BlockingQueue<SocketEvent> events(Socket s) {
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        s.onEvent(EnumSet.of(Event.HANDSHAKE_SUCCEEDED, Event.DISCONNECTED), q::add);
        return q;
    }

    private static SocketEvent next(BlockingQueue<SocketEvent> q, Event wanted, Duration within) throws InterruptedException {
        SocketEvent e = q.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, "no " + wanted + " within " + within);
        assertEquals(wanted, e.event(), e.toString());
        return e;
    }

    /** Freezes the peer and returns how long the zmq4j side took to declare it dead. */
    private long freezeAndTimeDisconnect(BlockingQueue<SocketEvent> q) throws InterruptedException {
        long frozenAt = System.nanoTime();
        peer.freeze();
        SocketEvent d = next(q, Event.DISCONNECTED, Duration.ofMillis(TIMEOUT + IVL + SLACK + 2000));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt);
        assertTrue(d.reason().contains("heartbeat timeout"), d.reason());
        return ms;
    }

    @Test
    void zmq4jDealerFindsAFrozenLibzmqRouterDeadAndReconnectsAfterItThaws() throws Exception {
        peer = PyPeer.start("--type", "ROUTER", "--bind", "tcp://127.0.0.1:*", "--timeout", "30000", "interactive");
        Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO)
                .setHeartbeat(Duration.ofMillis(IVL), Duration.ofMillis(TIMEOUT))
                .setReconnectInterval(Duration.ofMillis(50));
        BlockingQueue<SocketEvent> q = events(dealer);
        dealer.connect(peer.endpoint());
        next(q, Event.HANDSHAKE_SUCCEEDED, Duration.ofSeconds(5));
        long ms = freezeAndTimeDisconnect(q);
        assertTrue(ms <= TIMEOUT + IVL + SLACK, "detected after " + ms + " ms");
        peer.thaw();
        next(q, Event.HANDSHAKE_SUCCEEDED, Duration.ofSeconds(5));
        dealer.send(Msg.of("back"));
        List<byte[]> got = peer.recv(Duration.ofSeconds(5));
        assertNotNull(got);
        assertEquals("back", new String(got.get(got.size() - 1), StandardCharsets.UTF_8));
    }

    @Test
    void zmq4jRouterFindsAFrozenLibzmqDealerDeadAndStopsRoutingToIt() throws Exception {
        Socket router = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO)
                .setHeartbeat(Duration.ofMillis(IVL), Duration.ofMillis(TIMEOUT))
                .setRouterMandatory(true);
        BlockingQueue<SocketEvent> q = events(router);
        String ep = router.bind("tcp://127.0.0.1:*");
        peer = PyPeer.start("--type", "DEALER", "--connect", ep, "--identity", "5059", "--timeout", "30000", "interactive");
        next(q, Event.HANDSHAKE_SUCCEEDED, Duration.ofSeconds(5));
        peer.sendOk(List.of("hi".getBytes(StandardCharsets.UTF_8)));
        Msg m = router.recv(Duration.ofSeconds(5));
        assertNotNull(m);
        assertArrayEquals("PY".getBytes(StandardCharsets.US_ASCII), m.routingId());
        long ms = freezeAndTimeDisconnect(q);
        assertTrue(ms <= TIMEOUT + IVL + SLACK, "detected after " + ms + " ms");
        ZmqException e = assertThrows(ZmqException.class, () -> router.send(Msg.of("PY".getBytes(), "x".getBytes())));
        assertEquals(ZmqException.Kind.EHOSTUNREACH, e.kind());
    }

    @Test
    void libzmqRouterWithAShortTimeoutKeepsAQuietZmq4jDealerForTenTimeouts() throws Exception {
        peer = PyPeer.start("--type", "ROUTER", "--bind", "tcp://127.0.0.1:*", "--heartbeat", IVL + "," + TIMEOUT,
                "--timeout", "30000", "interactive");
        Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO); // no heartbeats of its own
        BlockingQueue<SocketEvent> q = events(dealer);
        dealer.connect(peer.endpoint());
        next(q, Event.HANDSHAKE_SUCCEEDED, Duration.ofSeconds(5));
        dealer.send(Msg.of("first"));
        List<byte[]> first = peer.recv(Duration.ofSeconds(5));
        assertNotNull(first);
        // ten libzmq timeouts of silence from the application: only our PONGs keep it alive
        assertNull(q.poll(10L * TIMEOUT, TimeUnit.MILLISECONDS), "the connection dropped");
        dealer.send(Msg.of("second"));
        List<byte[]> second = peer.recv(Duration.ofSeconds(5));
        assertNotNull(second);
        assertArrayEquals(first.get(0), second.get(0), "same connection, same generated routing id");
    }
}
