package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MonitorTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5));
    }

    /** Collects events and waits for the one wanted, skipping others. */
    static final class Events {
        final BlockingQueue<SocketEvent> queue = new LinkedBlockingQueue<>();

        SocketEvent await(Event wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                SocketEvent e = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no " + wanted + " event within 5 s");
                }
                if (e.event() == wanted) {
                    return e;
                }
            }
        }
    }

    private Events listen(Socket s) {
        Events ev = new Events();
        s.onEvent(Event.all(), ev.queue::add);
        return ev;
    }

    @Test
    void bindReportsListeningWithTheBoundEndpoint() throws Exception {
        Socket s = socket(SocketType.PULL);
        Events ev = listen(s);
        String ep = s.bind("tcp://127.0.0.1:*");
        assertEquals(ep, ev.await(Event.LISTENING).endpoint());
    }

    @Test
    void bindToAnAddressInUseReportsBindFailedWithEaddrinuse() throws Exception {
        String ep = socket(SocketType.PULL).bind("tcp://127.0.0.1:*");
        Socket s = socket(SocketType.PULL);
        Events ev = listen(s);
        assertThrows(ZmqException.class, () -> s.bind(ep));
        assertEquals(98, ev.await(Event.BIND_FAILED).value());
    }

    @Test
    void aConnectionReportsConnectedAcceptedAndHandshakeSucceededOnBothSides() throws Exception {
        Socket server = socket(SocketType.ROUTER);
        Events serverEv = listen(server);
        String ep = server.bind("tcp://127.0.0.1:*");
        Socket client = socket(SocketType.DEALER);
        Events clientEv = listen(client);
        client.connect(ep);
        SocketEvent connected = clientEv.await(Event.CONNECTED);
        assertEquals(ep, connected.endpoint());
        assertTrue(connected.remoteAddress().startsWith("tcp://127.0.0.1:"), connected.remoteAddress());
        clientEv.await(Event.HANDSHAKE_SUCCEEDED);
        SocketEvent accepted = serverEv.await(Event.ACCEPTED);
        assertEquals(ep, accepted.endpoint());
        serverEv.await(Event.HANDSHAKE_SUCCEEDED);
    }

    @Test
    void aConnectStillInProgressReportsConnectDelayedWithEinprogress() throws Exception {
        Socket server = socket(SocketType.ROUTER);
        String ep = server.bind("tcp://127.0.0.1:*");
        Socket client = socket(SocketType.DEALER);
        Events ev = listen(client);
        client.connect(ep);
        SocketEvent delayed = ev.await(Event.CONNECT_DELAYED);
        assertEquals(115, delayed.value(), "EINPROGRESS");
        assertEquals(ep, delayed.endpoint());
        ev.await(Event.CONNECTED);
    }

    @Test
    void connectingToNobodyReportsRetriesWithTheInterval() throws Exception {
        Socket client = socket(SocketType.DEALER).setReconnectInterval(Duration.ofMillis(50));
        Events ev = listen(client);
        client.connect("tcp://127.0.0.1:1");
        SocketEvent retried = ev.await(Event.CONNECT_RETRIED);
        assertTrue(retried.value() >= 50 && retried.value() < 100, "interval plus jitter, got " + retried.value());
    }

    @Test
    void reconnectIntervalDoublesUpToItsMaximum() throws Exception {
        Socket client = socket(SocketType.DEALER)
                .setReconnectInterval(Duration.ofMillis(20))
                .setReconnectIntervalMax(Duration.ofMillis(160));
        Events ev = listen(client);
        client.connect("tcp://127.0.0.1:1");
        long[] bases = {20, 40, 80, 160, 160};
        for (long base : bases) {
            long v = ev.await(Event.CONNECT_RETRIED).value();
            // libzmq adds a random jitter below the initial interval
            assertTrue(v >= base && v < base + 20, "expected " + base + " ms plus jitter, got " + v);
        }
    }

    @Test
    void peerGoingAwayReportsDisconnected() throws Exception {
        Socket server = socket(SocketType.PULL);
        Events ev = listen(server);
        String ep = server.bind("tcp://127.0.0.1:*");
        Socket client = socket(SocketType.PUSH);
        client.connect(ep);
        ev.await(Event.HANDSHAKE_SUCCEEDED);
        client.close();
        SocketEvent d = ev.await(Event.DISCONNECTED);
        assertEquals(ep, d.endpoint());
    }

    @Test
    void unbindReportsClosed() throws Exception {
        Socket server = socket(SocketType.PULL);
        Events ev = listen(server);
        String ep = server.bind("tcp://127.0.0.1:*");
        server.unbind(ep);
        assertEquals(ep, ev.await(Event.CLOSED).endpoint());
    }

    @Test
    void greetingWithAnUnknownMechanismReportsHandshakeFailedProtocol() throws Exception {
        // (garbage that is no greeting at all reads as a ZMTP 1.0 identity frame, as in libzmq:
        // LegacyPeerTest covers it)
        Socket server = socket(SocketType.PULL);
        Events ev = listen(server);
        String ep = server.bind("tcp://127.0.0.1:*");
        try (java.net.Socket raw = new java.net.Socket()) {
            raw.connect(address(ep));
            OutputStream out = raw.getOutputStream();
            out.write(ZmtpBytes.greeting("BOGUS"));
            out.flush();
            SocketEvent e = ev.await(Event.HANDSHAKE_FAILED_PROTOCOL);
            assertEquals(0x11000002L, e.value(), "ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH");
        }
    }

    @Test
    void silentPeerReportsHandshakeFailedNoDetailAfterTheHandshakeInterval() throws Exception {
        Socket server = socket(SocketType.PULL).setHandshakeInterval(Duration.ofMillis(100));
        Events ev = listen(server);
        String ep = server.bind("tcp://127.0.0.1:*");
        try (java.net.Socket raw = new java.net.Socket()) {
            raw.connect(address(ep));
            SocketEvent e = ev.await(Event.HANDSHAKE_FAILED_NO_DETAIL);
            assertEquals(110, e.value(), "ETIMEDOUT");
            assertTrue(e.reason().contains("handshake timed out"), e.reason());
        }
    }

    @Test
    void wrongSocketTypeReportsHandshakeFailedProtocol() throws Exception {
        Socket server = socket(SocketType.PULL);
        Events ev = listen(server);
        String ep = server.bind("tcp://127.0.0.1:*");
        Socket wrong = socket(SocketType.PULL);
        wrong.connect(ep);
        assertEquals(0x10000018L, ev.await(Event.HANDSHAKE_FAILED_PROTOCOL).value());
    }

    @Test
    void monitorSocketCarriesLibzmqVersion1Frames() throws Exception {
        Socket server = socket(SocketType.PULL);
        server.monitor("inproc://mon-v1", EnumSet.of(Event.LISTENING));
        Socket mon = socket(SocketType.PAIR);
        mon.connect("inproc://mon-v1");
        String ep = server.bind("tcp://127.0.0.1:*");
        Msg m = mon.recv();
        assertEquals(2, m.size());
        ByteBuffer head = ByteBuffer.wrap(m.frame(0)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(6, m.frame(0).length);
        assertEquals(Event.LISTENING.value(), head.getShort() & 0xFFFF);
        head.getInt(); // listener id
        assertEquals(ep, m.string(1));
    }

    @Test
    void monitorSocketCarriesLibzmqVersion2FramesAndStops() throws Exception {
        Socket server = socket(SocketType.ROUTER);
        Socket.Registration r = server.monitor("inproc://mon-v2", EnumSet.of(Event.ACCEPTED), 2);
        Socket mon = socket(SocketType.PAIR);
        mon.connect("inproc://mon-v2");
        String ep = server.bind("tcp://127.0.0.1:*");
        Socket client = socket(SocketType.DEALER);
        client.connect(ep);
        Msg m = mon.recv();
        assertEquals(5, m.size());
        assertEquals(Event.ACCEPTED.value(), ByteBuffer.wrap(m.frame(0)).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals(1, ByteBuffer.wrap(m.frame(1)).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals(ep, m.string(3));
        assertTrue(m.string(4).startsWith("tcp://127.0.0.1:"), m.string(4));
        r.close();
        Msg stopped = mon.recv();
        assertEquals(Event.MONITOR_STOPPED.value(), ByteBuffer.wrap(stopped.frame(0)).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    @Test
    void aListenerThatBlocksDoesNotSlowMessageFlow() throws Exception {
        Socket pull = socket(SocketType.PULL);
        pull.onEvent(Event.all(), e -> {
            try {
                Thread.sleep(1000); // deliberately slow listener: this is what the test is about
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
        String ep = pull.bind("tcp://127.0.0.1:*");
        Socket push = socket(SocketType.PUSH);
        push.connect(ep);
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            push.send(Msg.of("m" + i));
        }
        for (int i = 0; i < 1000; i++) {
            assertNotNull(pull.recv());
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // several events (LISTENING, ACCEPTED, HANDSHAKE_SUCCEEDED) each hold the listener 1 s
        assertTrue(ms < 1000, "traffic waited for the listener: " + ms + " ms");
    }

    static InetSocketAddress address(String tcpEndpoint) {
        String hostPort = tcpEndpoint.substring("tcp://".length());
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
