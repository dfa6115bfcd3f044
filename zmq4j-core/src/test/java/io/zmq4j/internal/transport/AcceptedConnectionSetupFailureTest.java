package io.zmq4j.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Setting up one accepted connection throws (as {@code TlsLink.create} can for wss): that
 * connection alone is closed and reported as ACCEPT_FAILED, as libzmq does, and the listener
 * goes on. The failure used to reach the listener's I/O handler, which closed the listening
 * channel: the socket silently accepted nothing more.
 *
 * <p>No real failure hits a single connection on demand, so the test throws from
 * {@link Session#acceptSetupProbe}, the test seam at the point where TLS and WebSocket setup run.
 *
 * <p>A failure one step later, in the engine's {@code start} after ACCEPTED was raised, is the
 * engine's own: the connection was announced, so it ends as any announced connection does.
 */
@Timeout(30)
class AcceptedConnectionSetupFailureTest {
    @AfterEach
    void removeProbe() {
        Session.acceptSetupProbe = null;
    }

    @Test
    void aConnectionWhoseSetupThrowsIsDroppedAndTheListenerGoesOn() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        Session.acceptSetupProbe = ch -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("simulated: TLS engine would not start");
            }
        };
        int liveBefore = StreamEngine.live();
        Context ctx = Context.create();
        try {
            BlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
            Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
            pull.onEvent(EnumSet.of(Event.ACCEPTED, Event.ACCEPT_FAILED), events::add);
            String ep = pull.bind("tcp://127.0.0.1:*");

            try (java.net.Socket doomed = connectTo(ep)) {
                SocketEvent first = events.poll(10, TimeUnit.SECONDS);
                assertTrue(first != null, "no event for the connection whose setup threw");
                assertEquals(Event.ACCEPT_FAILED, first.event(), "first event: " + first);
                assertEquals(71, first.value(), "errno of an internal setup failure (EPROTO): " + first);
                assertEquals(ep, first.endpoint());
                assertClosed(doomed);
            }

            assertTheListenerStillServes(ctx, pull, ep);
            SocketEvent second = events.poll(10, TimeUnit.SECONDS);
            assertTrue(second != null && second.event() == Event.ACCEPTED, "second event: " + second);
        } finally {
            // the failed connection's session is counted out: closing does not wait for it
            assertTimeoutPreemptively(Duration.ofSeconds(5), ctx::close, "closing the context waited");
        }
        assertEquals(liveBefore, StreamEngine.live(), "open connections after the context closed");
    }

    @Test
    void aConnectionWhoseEngineFailsToStartAfterAcceptedIsDisconnectedOnceAndTheListenerGoesOn() throws Exception {
        // A channel put back in blocking mode makes the engine's selector registration, in its
        // start(), throw IllegalBlockingModeException: a real runtime failure after ACCEPTED.
        AtomicInteger failures = new AtomicInteger(1);
        Session.acceptSetupProbe = ch -> {
            if (failures.getAndDecrement() > 0) {
                try {
                    ch.configureBlocking(true);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        int liveBefore = StreamEngine.live();
        Context ctx = Context.create();
        List<SocketEvent> all = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            BlockingQueue<SocketEvent> ends = new LinkedBlockingQueue<>();
            BlockingQueue<SocketEvent> handshakes = new LinkedBlockingQueue<>();
            Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
            pull.onEvent(EnumSet.allOf(Event.class), e -> {
                all.add(e);
                if (e.event() == Event.DISCONNECTED || e.event() == Event.ACCEPT_FAILED) {
                    ends.add(e);
                }
                if (e.event() == Event.HANDSHAKE_SUCCEEDED) {
                    handshakes.add(e);
                }
            });
            String ep = pull.bind("tcp://127.0.0.1:*");

            try (java.net.Socket doomed = connectTo(ep)) {
                SocketEvent end = ends.poll(10, TimeUnit.SECONDS);
                assertTrue(end != null, "no end for the connection whose engine did not start: " + all);
                assertEquals(Event.DISCONNECTED, end.event(), "an announced connection ends in DISCONNECTED: " + all);
                assertClosed(doomed);
            }

            assertTheListenerStillServes(ctx, pull, ep);
            // events reach listeners on their own thread: the message can arrive first
            assertTrue(handshakes.poll(10, TimeUnit.SECONDS) != null,
                    "the second connection's handshake was never reported: " + all);

            List<Event> seen = new ArrayList<>();
            synchronized (all) {
                all.forEach(e -> seen.add(e.event()));
            }
            assertEquals(List.of(Event.LISTENING, Event.ACCEPTED, Event.HANDSHAKE_FAILED_NO_DETAIL, Event.DISCONNECTED,
                    Event.ACCEPTED, Event.HANDSHAKE_SUCCEEDED), seen, "events: " + all);
            assertEquals(all.get(1).value(), all.get(3).value(), "DISCONNECTED names the connection ACCEPTED announced");
            assertTrue(all.get(1).value() != all.get(4).value(), "the second connection has its own id: " + all);
        } finally {
            // the failed connection's session is counted out: closing does not wait for it
            assertTimeoutPreemptively(Duration.ofSeconds(5), ctx::close, "closing the context waited");
        }
        assertEquals(liveBefore, StreamEngine.live(), "open connections after the context closed");
    }

    private static java.net.Socket connectTo(String ep) throws IOException {
        java.net.Socket peer = new java.net.Socket();
        peer.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1))), 5000);
        return peer;
    }

    /** The failed connection, and only it, was closed: its peer reads the end of the stream. */
    private static void assertClosed(java.net.Socket peer) throws IOException {
        peer.setSoTimeout(10_000);
        assertEquals(-1, peer.getInputStream().read(), "the failed connection was left open");
    }

    /** A new PUSH's message reaches {@code pull}: its listener at {@code ep} still accepts. */
    private static void assertTheListenerStillServes(Context ctx, Socket pull, String ep) {
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
        push.connect(ep);
        push.send("after the failure");
        Msg m = pull.recv(Duration.ofSeconds(10));
        assertTrue(m != null, "the listener accepted nothing after one connection failed");
        assertEquals("after the failure", m.string(0));
    }
}
