package io.zmq4j.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Event;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketType;
import io.zmq4j.internal.io.IoThread;
import io.zmq4j.internal.socket.ContextCore;
import io.zmq4j.internal.socket.SocketBase;
import io.zmq4j.internal.zmtp.Greeting;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection is closed, and counted closed, once, however the peer goes away mid-greeting.
 *
 * <p>The case that broke it: the peer's greeting and its reset are both waiting when the engine
 * reads. The engine's answer to the signature fails to write, which closes the connection; the
 * decoder then went on through the rest of the bytes already read, the greeting callback moved
 * the closed engine back to HANDSHAKE, and its next failed write closed it a second time:
 * {@link StreamEngine#live()} one lower than it should be (the -1 the half-open fault test met
 * after a full run) and the session told twice (two DISCONNECTED events, and a connecting
 * session scheduled two reconnects, so it would go on with two connections to one endpoint).
 *
 * <p>To have both the greeting and the reset there before the engine reads, the test holds the
 * I/O thread with a task while the peer writes and resets, and waits until the kernel has
 * taken the reset.
 */
@Timeout(30)
class EngineClosedOnceTest {
    private static final int EVENTS = Event.mask(EnumSet.of(Event.ACCEPTED, Event.CONNECTED, Event.DISCONNECTED,
            Event.CLOSED, Event.CONNECT_RETRIED, Event.HANDSHAKE_FAILED_NO_DETAIL, Event.HANDSHAKE_FAILED_PROTOCOL));

    /** A ZMTP 3.1 NULL greeting, all 64 bytes in one write. */
    private static byte[] zmtp31Greeting() {
        ByteBuffer b = ByteBuffer.allocate(Greeting.SIZE);
        Greeting.write(b, "NULL", false);
        return b.array();
    }

    /** A ZMTP 2.0 greeting (signature, revision 1, socket type PUSH), in one write. */
    private static byte[] zmtp20Greeting() {
        return new byte[] {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 1, (byte) SocketType.PUSH.value()};
    }

    @Test
    void aPeerResetBehindItsWholeGreetingIsClosedOnce() throws Exception {
        acceptedPeerResetsBehind(zmtp31Greeting());
    }

    @Test
    void aZmtp20PeerResetBehindItsGreetingIsClosedOnce() throws Exception {
        acceptedPeerResetsBehind(zmtp20Greeting());
    }

    @Test
    void aConnectingSessionWhosePeerResetsBehindItsGreetingReconnectsOnce() throws Exception {
        int liveBefore = StreamEngine.live();
        ContextCore core = new ContextCore(1);
        List<SocketEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketBase dealer = new SocketBase(core, SocketType.DEALER);
            dealer.options().reconnectIvlMs = 60_000; // the retry is scheduled, never run here
            CountDownLatch stopped = new CountDownLatch(1);
            SocketBase.Watch watch = dealer.watch(EVENTS, events::add, stopped::countDown);
            dealer.connect("tcp://127.0.0.1:" + server.getLocalPort());
            try (Socket peer = server.accept()) {
                resetBehind(peer, core.chooseIoThread(), zmtp31Greeting(), liveBefore);
            }
            awaitLive(liveBefore);
            onLoop(core.chooseIoThread()); // the read that met the reset is over
            stopWatching(dealer, watch, stopped);
            assertEquals(1, count(events, Event.DISCONNECTED), "DISCONNECTED events: " + events);
            assertEquals(1, count(events, Event.CONNECT_RETRIED), "reconnects scheduled: " + events);
            assertEquals(liveBefore, StreamEngine.live(), "open connections after the reset");
            dealer.close();
        } finally {
            core.terminate();
        }
        assertEquals(liveBefore, StreamEngine.live(), "open connections after the context closed");
    }

    private static void acceptedPeerResetsBehind(byte[] greeting) throws Exception {
        int liveBefore = StreamEngine.live();
        ContextCore core = new ContextCore(1);
        List<SocketEvent> events = Collections.synchronizedList(new ArrayList<>());
        try {
            SocketBase pull = new SocketBase(core, SocketType.PULL);
            CountDownLatch stopped = new CountDownLatch(1);
            SocketBase.Watch watch = pull.watch(EVENTS, events::add, stopped::countDown);
            String ep = pull.bind("tcp://127.0.0.1:*");
            int port = Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1));
            try (Socket peer = new Socket("127.0.0.1", port)) {
                resetBehind(peer, core.chooseIoThread(), greeting, liveBefore);
            }
            awaitLive(liveBefore);
            onLoop(core.chooseIoThread());
            stopWatching(pull, watch, stopped);
            assertEquals(1, count(events, Event.ACCEPTED), "ACCEPTED events: " + events);
            assertEquals(1, count(events, Event.DISCONNECTED), "DISCONNECTED events: " + events);
            assertEquals(liveBefore, StreamEngine.live(), "open connections after the reset");
            pull.close();
        } finally {
            core.terminate();
        }
        assertEquals(liveBefore, StreamEngine.live(), "open connections after the context closed");
    }

    /**
     * Waits for the engine's signature (it is started and counted), holds the I/O thread, writes
     * {@code greeting} and resets the connection, and lets the I/O thread go once the kernel has
     * taken the reset: the engine's next read finds the greeting, and its next write the reset.
     */
    private static void resetBehind(Socket peer, IoThread io, byte[] greeting, int liveBefore) throws Exception {
        byte[] signature = new byte[Greeting.SIGNATURE_SIZE];
        readFully(peer.getInputStream(), signature);
        assertEquals((byte) 0xFF, signature[0], "the engine's signature");
        assertEquals(liveBefore + 1, StreamEngine.live(), "open connections once the engine started");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        io.execute(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertTrue(held.await(10, TimeUnit.SECONDS), "the I/O thread never ran the holding task");
            int local = peer.getPort(); // the engine's end of the connection
            int remote = peer.getLocalPort();
            peer.getOutputStream().write(greeting);
            peer.getOutputStream().flush();
            peer.setSoLinger(true, 0);
            peer.close(); // an RST, not a FIN
            awaitGone(local, remote);
        } finally {
            release.countDown();
        }
    }

    /**
     * Until the engine's end of the connection (its local and remote port) has left the kernel's
     * table, which it does as it takes the reset.
     */
    private static void awaitGone(int local, int remote) throws IOException, InterruptedException {
        Path table = Path.of("/proc/net/tcp");
        if (!Files.isReadable(table)) {
            return; // not Linux: loopback delivers the reset before close returns in practice
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (listed(Files.readAllLines(table), local, remote)) {
            assertTrue(System.nanoTime() < deadline, "the reset never reached the engine's end of the connection");
            Thread.sleep(5);
        }
    }

    /** Whether /proc/net/tcp lists a connection from port {@code local} to port {@code remote}. */
    private static boolean listed(List<String> lines, int local, int remote) {
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 2 && f[1].endsWith(String.format(Locale.ROOT, ":%04X", local))
                    && f[2].endsWith(String.format(Locale.ROOT, ":%04X", remote))) {
                return true;
            }
        }
        return false;
    }

    private static void awaitLive(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (StreamEngine.live() > expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Returns once the loop has run a task queued now: whatever it was doing before is done. */
    private static void onLoop(IoThread io) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        io.execute(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the I/O thread did not come round");
    }

    /** Ends the watch; returns once every event raised before it has been delivered. */
    private static void stopWatching(SocketBase socket, SocketBase.Watch watch, CountDownLatch stopped) throws InterruptedException {
        socket.unwatch(watch);
        assertTrue(stopped.await(10, TimeUnit.SECONDS), "the event thread did not come round");
    }

    private static long count(List<SocketEvent> events, Event kind) {
        synchronized (events) {
            return events.stream().filter(e -> e.event() == kind).count();
        }
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        int n = 0;
        while (n < into.length) {
            int k = in.read(into, n, into.length - n);
            if (k < 0) {
                throw new IOException("the engine closed before its signature: " + n + " bytes");
            }
            n += k;
        }
    }
}
