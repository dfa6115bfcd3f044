package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.faults.Leaks;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that try to make zmq4j hold what it should not: each fault's cost in memory is measured
 * (heap after collection plus direct buffers) and bounded by the figure in the test, its time
 * by a deadline, and what the user sees is asserted; docs/reliability.md lists them.
 */
@Timeout(120)
class ResourceLimitsTest {
    private static final long MiB = 1 << 20;
    private Leaks before;
    private Context ctx;

    @BeforeAll
    static void warmUp() {
        Leaks.warmUp();
    }

    @BeforeEach
    void open() {
        before = Leaks.count();
        ctx = Context.create();
    }

    @AfterEach
    void nothingLeft() {
        ctx.close();
        Leaks.assertNoneSince(before);
    }

    /** A plain TCP connection that has said the ZMTP 3.{minor} NULL greeting and READY as {@code type}. */
    private static java.net.Socket rawPeer(String endpoint, String type, int minor) throws IOException {
        String hostPort = endpoint.substring("tcp://".length());
        int colon = hostPort.lastIndexOf(':');
        java.net.Socket s = new java.net.Socket();
        s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 5000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(ZmtpBytes.greeting("NULL", minor));
        s.getOutputStream().write(ZmtpBytes.ready(type));
        new DataInputStream(s.getInputStream()).readFully(new byte[64]); // their greeting
        return s;
    }

    private static byte[] longFrameHeader(long size) {
        return ByteBuffer.allocate(9).put((byte) 0x02).putLong(size).array();
    }

    private static boolean closedByPeer(java.net.Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketException reset) {
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Test
    void aPeerAnnouncingAFourGiBFrameIsDisconnectedAtTheHeaderHoldingNothing() throws Exception {
        BlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
        try (Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO)) {
            pull.onEvent(EnumSet.of(Event.DISCONNECTED), events::add);
            String endpoint = pull.bind("tcp://127.0.0.1:*");
            long memory = Leaks.memoryInUse();
            try (java.net.Socket raw = rawPeer(endpoint, "PUSH", 1)) {
                OutputStream out = raw.getOutputStream();
                out.write(longFrameHeader(4L << 30));
                out.write(new byte[64 * 1024]); // the start of the body: nothing of it may be kept
                out.flush();
                SocketEvent gone = events.poll(10, TimeUnit.SECONDS);
                assertNotNull(gone, "the connection stayed open");
                assertTrue(gone.reason().contains("larger than Java can hold"), gone.toString());
                assertTrue(closedByPeer(raw));
            }
            long grown = Leaks.memoryInUse() - memory;
            assertTrue(grown < MiB, "a refused 4 GiB frame cost " + grown + " bytes");
            try (Socket push = ctx.socket(SocketType.PUSH)) { // the socket still serves others
                push.connect(endpoint);
                push.send(Msg.of("still serving"));
                assertEquals("still serving", pull.recv(Duration.ofSeconds(10)).string(0));
            }
        }
    }

    @Test
    void aHugeFrameArrivingSlowlyHoldsAtMostTwiceWhatArrived() throws Exception {
        try (Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO)) {
            String endpoint = pull.bind("tcp://127.0.0.1:*");
            long memory = Leaks.memoryInUse();
            long sent = 24 * MiB;
            try (java.net.Socket raw = rawPeer(endpoint, "PUSH", 1)) {
                OutputStream out = raw.getOutputStream();
                out.write(longFrameHeader(Integer.MAX_VALUE - 64)); // as large as a Java array can be
                byte[] chunk = new byte[MiB_INT];
                for (long n = 0; n < sent; n += chunk.length) {
                    out.write(chunk);
                }
                out.flush();
                long grown = Leaks.memoryInUse() - memory;
                // held grows with what arrives (at most doubling), never to the announced 2 GiB
                assertTrue(grown <= 2 * sent + 2 * MiB, "24 MiB of a 2 GiB frame cost " + grown / MiB + " MiB");
                assertEquals(null, pull.tryRecv(), "a partial frame was delivered");
            }
        }
    }

    private static final int MiB_INT = 1 << 20;

    @Test
    void aSlowReaderHoldsThePublisherAtItsHighWaterMarkAndLosesOnlyTheCountedDrops() throws Exception {
        int count = 100_000;
        int hwm = 1000;
        try (Socket pub = ctx.socket(SocketType.PUB).setSendHwm(hwm).setLinger(Duration.ZERO);
                Socket sub = ctx.socket(SocketType.SUB).setReceiveHwm(hwm).setLinger(Duration.ZERO)) {
            String endpoint = pub.bind("tcp://127.0.0.1:*");
            sub.subscribe("");
            sub.connect(endpoint);
            awaitSubscription(pub, sub);
            long memory = Leaks.memoryInUse();
            byte[] body = new byte[1024];
            // a PUB never waits for a reader: all 100 MiB go out (or are dropped) at once
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int i = 0; i < count; i++) {
                    pub.send(Msg.of(body));
                }
            });
            long grown = Leaks.memoryInUse() - memory;
            assertTrue(grown < 16 * MiB, "a stalled subscriber cost the publisher " + grown / MiB + " MiB");
            long dropped = pub.stats().dropped();
            assertTrue(dropped > count / 2, "dropped " + dropped);
            long received = 0;
            while (sub.recv(Duration.ofSeconds(2)) != null) {
                received++;
            }
            assertEquals(count, received + dropped, "received " + received + ", dropped " + dropped);
        }
    }

    /** Sends probes until the subscriber has one: its subscription has reached the publisher. */
    private static void awaitSubscription(Socket pub, Socket sub) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            pub.send(Msg.of(new byte[1024]));
            if (sub.recv(Duration.ofMillis(20)) != null) {
                while (sub.recv(Duration.ofMillis(100)) != null) {
                    // probes in flight
                }
                pub.stats(); // nothing else to wait for
                return;
            }
        }
        throw new AssertionError("the subscription never reached the publisher");
    }

    @Test
    @Timeout(600)
    void aMillionSubscriptionsCostABoundedAmountEachAndUnsubscribingGivesItBack() throws Exception {
        int topics = 1_000_000;
        try (Socket pub = ctx.socket(SocketType.PUB).setLinger(Duration.ZERO); RawZmtpPeer raw = new RawZmtpPeer()) {
            pub.connect(raw.endpoint());
            raw.acceptAndHandshake(0, "SUB"); // ZMTP 3.0: subscriptions as messages 0x01 + topic
            BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        arrived.add(new String(raw.readFrame().body, StandardCharsets.US_ASCII));
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "raw subscriber");
            reader.setDaemon(true);
            reader.start();
            awaitTopic(pub, arrived, subscriptions(raw, (byte) 1, 0, "marker-1"), "marker-1");
            long empty = Leaks.memoryInUse();
            long start = System.nanoTime();
            awaitTopic(pub, arrived, subscriptions(raw, (byte) 1, topics, "marker-2"), "marker-2");
            System.out.println("a million subscriptions taken in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            long perTopic = (Leaks.memoryInUse() - empty) / topics;
            assertTrue(perTopic <= 256, "each 8-byte topic costs " + perTopic + " bytes");
            awaitTopic(pub, arrived, subscriptions(raw, (byte) 0, topics, "marker-3"), "marker-3");
            long left = Leaks.memoryInUse() - empty;
            assertTrue(left < 8 * MiB, "after unsubscribing every topic " + left / MiB + " MiB are still held");
        }
    }

    /**
     * Writes {@code count} (un)subscriptions to topics t0000000..., then subscribes {@code marker},
     * from a thread of its own: a publisher takes subscriptions as its application sends (as
     * libzmq's does), so the flood and the publishing must go on side by side.
     */
    private static Thread subscriptions(RawZmtpPeer raw, byte kind, int count, String marker) {
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    raw.writeFrameBuffered(0, subscription(kind, String.format("t%07d", i)));
                }
                raw.writeFrameBuffered(0, subscription((byte) 1, marker));
                raw.flush();
            } catch (IOException e) {
                // the test failed on its deadline and closed the peer
            }
        }, "subscription flood");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private static byte[] subscription(byte kind, String topic) {
        byte[] t = topic.getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[t.length + 1];
        b[0] = kind;
        System.arraycopy(t, 0, b, 1, t.length);
        return b;
    }

    /** Publishes {@code topic} until it arrives: every subscription before it has been taken. */
    private static void awaitTopic(Socket pub, BlockingQueue<String> arrived, Thread flood, String topic) throws InterruptedException {
        // 3-5 s on a quiet 2-core machine; the deadline is wide because a publisher takes
        // subscriptions only as it sends, so a starved publishing thread (a loaded machine) slows it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            pub.send(Msg.of(topic));
            String got = arrived.poll(1, TimeUnit.MILLISECONDS);
            if (topic.equals(got)) {
                arrived.clear();
                flood.join(1000);
                return;
            }
        }
        throw new AssertionError(topic + " never arrived: the subscriptions were not taken within 180 s");
    }

    @Test
    void aZapHandlerThatNeverAnswersFailsEachHandshakeAfterTheHandshakeInterval() throws Exception {
        int clients = 50;
        Duration interval = Duration.ofMillis(500);
        CountDownLatch failed = new CountDownLatch(clients);
        try (Socket zap = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO);
                Socket server = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO)) {
            zap.bind("inproc://zeromq.zap.01"); // takes every request and never answers one
            server.setPlainServer(true).setHandshakeInterval(interval);
            server.onEvent(EnumSet.of(Event.HANDSHAKE_FAILED_NO_DETAIL), e -> failed.countDown());
            String endpoint = server.bind("tcp://127.0.0.1:*");
            long memory = Leaks.memoryInUse();
            java.util.List<Socket> pushes = new java.util.ArrayList<>();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < clients; i++) {
                    Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
                    push.setPlainCredentials("user" + i, "secret").setReconnectInterval(Duration.ofMillis(-1));
                    push.connect(endpoint);
                    pushes.add(push);
                }
                assertTrue(failed.await(10, TimeUnit.SECONDS), failed.getCount() + " handshakes still waiting on ZAP");
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMs >= interval.toMillis(), "failed after " + tookMs + " ms, before the interval");
                assertEquals(null, server.tryRecv());
                int requests = 0;
                while (zap.tryRecv() != null) {
                    requests++;
                }
                assertEquals(clients, requests, "ZAP requests the handler held");
            } finally {
                pushes.forEach(Socket::close);
            }
            long grown = Leaks.memoryInUse() - memory;
            assertTrue(grown < 4 * MiB, clients + " abandoned handshakes cost " + grown / MiB + " MiB");
        }
    }
}
