package io.zmq4j.internal.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Event;
import io.zmq4j.SocketType;
import io.zmq4j.internal.io.IoThread;
import io.zmq4j.internal.transport.StreamEngine;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An I/O thread killed by an Error (the soak found one: an OutOfMemoryError while decoding) can
 * never finish the sessions it owned. Closing the context used to wait for them for ever.
 */
class DeadIoThreadTest {
    @Test
    void closingAContextWhoseIoThreadDiedReturns() throws Exception {
        ContextCore core = new ContextCore(1);
        SocketBase pull = new SocketBase(core, SocketType.PULL);
        try (SocketChannel peer = acceptedPeer(pull)) {
            // the peer never finishes its greeting: its session stays open on the loop
            IoThread io = core.chooseIoThread();
            kill(io);
            long dieBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!io.died() && System.nanoTime() < dieBy) {
                Thread.sleep(10);
            }
            assertTrue(io.died(), "the loop did not record that it died");
            pull.close();
            assertTimeoutPreemptively(Duration.ofSeconds(10), core::terminate,
                    "closing waited for sessions a dead I/O thread can never finish");
        }
    }

    /**
     * The dying loop closes its connections as connections: each engine is counted out of
     * {@link StreamEngine#live()} (it used to stay counted for the rest of the JVM) and its peer
     * sees the connection end.
     */
    @Test
    void aDeadIoThreadClosesItsConnectionsEngines() throws Exception {
        int liveBefore = StreamEngine.live();
        ContextCore core = new ContextCore(1);
        try {
            SocketBase pull = new SocketBase(core, SocketType.PULL);
            try (SocketChannel peer = acceptedPeer(pull)) {
                assertEquals(liveBefore + 1, StreamEngine.live(), "open connections once accepted");
                IoThread io = core.chooseIoThread();
                kill(io);
                long by = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (StreamEngine.live() > liveBefore && System.nanoTime() < by) {
                    Thread.sleep(10);
                }
                assertTrue(io.died(), "the loop did not record that it died");
                assertEquals(liveBefore, StreamEngine.live(), "open connections after the loop died");
                // the peer reads the engine's signature, then the end of the stream
                byte[] buf = new byte[256];
                peer.socket().setSoTimeout(5000);
                int n;
                while ((n = peer.socket().getInputStream().read(buf)) >= 0) {
                    assertTrue(n > 0, "read nothing");
                }
            }
            pull.close();
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(10), core::terminate, "closing waited");
        }
    }

    /**
     * A connecting session whose connection the dying loop closed stops there: a reconnect timer
     * on a dead loop would never run, and CONNECT_RETRIED would promise a retry that never comes.
     */
    @Test
    void aConnectingSessionOnADeadIoThreadDoesNotPromiseAReconnect() throws Exception {
        ContextCore core = new ContextCore(1);
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketBase dealer = new SocketBase(core, SocketType.DEALER);
            CountDownLatch connected = new CountDownLatch(1);
            CountDownLatch closed = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            SocketBase.Watch watch = dealer.watch(Event.mask(EnumSet.of(Event.CONNECTED, Event.CLOSED, Event.CONNECT_RETRIED)), e -> {
                events.add(e.event());
                if (e.event() == Event.CONNECTED) {
                    connected.countDown(); // raised on the loop as the engine is made
                }
                if (e.event() == Event.CLOSED) {
                    closed.countDown();
                }
            }, stopped::countDown);
            dealer.connect("tcp://127.0.0.1:" + server.getLocalPort());
            try (Socket peer = server.accept()) {
                assertTrue(connected.await(5, TimeUnit.SECONDS), "no CONNECTED");
                kill(core.chooseIoThread());
                assertTrue(closed.await(5, TimeUnit.SECONDS), "the connection was not closed as the loop died: " + events);
                dealer.unwatch(watch);
                assertTrue(stopped.await(5, TimeUnit.SECONDS), "the event thread did not come round");
                assertTrue(!events.contains(Event.CONNECT_RETRIED), "a reconnect was promised on a dead loop: " + events);
            }
            dealer.close();
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(10), core::terminate, "closing waited");
        }
    }

    /** A peer connected to {@code pull}, once {@code pull} has announced the connection (ACCEPTED). */
    private static SocketChannel acceptedPeer(SocketBase pull) throws Exception {
        CountDownLatch accepted = new CountDownLatch(1);
        pull.watch(Event.mask(EnumSet.of(Event.ACCEPTED)), e -> accepted.countDown(), null);
        String ep = pull.bind("tcp://127.0.0.1:*");
        int port = Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1));
        SocketChannel peer = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        if (!accepted.await(5, TimeUnit.SECONDS)) {
            peer.close();
            throw new AssertionError("the connection was not accepted");
        }
        return peer;
    }

    /** Kills the loop as the soak's OutOfMemoryError did. */
    private static void kill(IoThread io) {
        io.execute(() -> {
            throw new OutOfMemoryError("simulated: the loop cannot go on");
        });
    }
}
