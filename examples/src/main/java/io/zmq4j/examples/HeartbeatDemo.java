package io.zmq4j.examples;

import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Socket;
import io.zmq4j.SocketEvent;
import io.zmq4j.SocketType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats doing something you can see: a peer that is alive on the network but frozen is
 * found dead, and the socket reconnects.
 *
 * <p>Without heartbeats, a peer whose process hangs (stopped in a debugger, deadlocked, a VM
 * paused) keeps its TCP connection open, so a DEALER goes on queueing messages for it forever.
 * With {@code setHeartbeat(100 ms, 300 ms)} the DEALER sends a ZMTP PING every 100 ms, and if
 * nothing at all arrives within 300 ms of a PING it closes the connection. That shows up as a
 * {@link Event#DISCONNECTED} event whose reason says "heartbeat timeout", and the DEALER, which
 * connected, reconnects.
 *
 * <p>The frozen peer is simulated with a plain {@link ServerSocket}: for each connection it
 * writes a valid ZMTP 3.1 greeting (NULL mechanism) and a READY command announcing a ROUTER,
 * so the handshake completes, and then never writes again (nor reads: the PINGs sit in the
 * kernel's buffers, as they would for a stopped process). The bytes are those of RFC 23.
 */
public final class HeartbeatDemo {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private HeartbeatDemo() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /**
     * Connects a heartbeating DEALER to a frozen peer and prints the connection's events until
     * the heartbeat has dropped the connection and the DEALER has reconnected.
     */
    public static void run(PrintStream out) throws Exception {
        try (FrozenPeer peer = new FrozenPeer();
             Context ctx = Context.create();
             Socket dealer = ctx.socket(SocketType.DEALER)) {
            out.println("frozen peer: listening on " + peer.endpoint() + " (handshakes, then silence)");
            dealer.setHeartbeat(Duration.ofMillis(100), Duration.ofMillis(300));
            dealer.setReconnectInterval(Duration.ofMillis(100));
            BlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
            try (Socket.Registration r = dealer.onEvent(
                    EnumSet.of(Event.CONNECTED, Event.HANDSHAKE_SUCCEEDED, Event.DISCONNECTED, Event.CONNECT_RETRIED),
                    events::add)) {
                long start = System.nanoTime();
                dealer.connect(peer.endpoint());
                out.println("dealer: connecting with heartbeat interval 100 ms, timeout 300 ms");

                boolean disconnected = false;
                long deadline = start + DEADLINE.toNanos();
                while (true) {
                    long left = deadline - System.nanoTime();
                    SocketEvent e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (e == null) {
                        throw new IllegalStateException("no heartbeat timeout and reconnect within " + DEADLINE);
                    }
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    out.printf("dealer: +%4d ms  %s%n", ms, e);
                    if (e.event() == Event.DISCONNECTED) {
                        disconnected = true;
                        out.println("dealer: the peer said nothing for 300 ms after a PING: connection dropped");
                    } else if (disconnected && e.event() == Event.HANDSHAKE_SUCCEEDED) {
                        out.println("dealer: reconnected after the heartbeat timeout");
                        out.println("dealer: stats count " + dealer.stats().reconnects() + " reconnect(s)");
                        break;
                    }
                }
            }
            out.println("frozen peer: accepted " + peer.accepted() + " connections");
        }
    }

    /** A TCP listener that completes the ZMTP 3.1 NULL handshake as a ROUTER and then freezes. */
    static final class FrozenPeer implements AutoCloseable {
        private final ServerSocket listener;
        private final Thread acceptor;
        private final List<java.net.Socket> connections = new ArrayList<>();

        FrozenPeer() throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::acceptLoop, "frozen-peer");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String endpoint() {
            return "tcp://127.0.0.1:" + listener.getLocalPort();
        }

        synchronized int accepted() {
            return connections.size();
        }

        private void acceptLoop() {
            try {
                while (true) {
                    java.net.Socket s = listener.accept();
                    synchronized (this) {
                        connections.add(s);
                    }
                    OutputStream o = s.getOutputStream();
                    o.write(handshake());
                    o.flush();
                    // ...and nothing more, ever: the process is "frozen".
                }
            } catch (IOException closed) {
                // the listener was closed: done
            }
        }

        /** RFC 23: a 64-byte greeting (3.1, NULL, not as-server) and READY(Socket-Type=ROUTER). */
        static byte[] handshake() {
            byte[] out = new byte[64 + 2 + 28];
            out[0] = (byte) 0xFF;                       // signature: %xFF, 8 octets padding, %x7F
            out[9] = 0x7F;
            out[10] = 3;                                // version 3.1
            out[11] = 1;
            byte[] mechanism = "NULL".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(mechanism, 0, out, 12, mechanism.length); // 20 octets, zero padded
            out[32] = 0;                                // as-server; 31 octets of filler follow
            int i = 64;
            out[i++] = 0x04;                            // command frame, short size
            out[i++] = 28;                              // size of the command body
            i = put(out, i, (byte) 5, "READY");
            i = put(out, i, (byte) 11, "Socket-Type");
            out[i++] = 0;                               // value size, 4 octets big-endian
            out[i++] = 0;
            out[i++] = 0;
            out[i++] = 6;
            put(out, i, null, "ROUTER");
            return out;
        }

        private static int put(byte[] out, int i, Byte size, String text) {
            if (size != null) {
                out[i++] = size;
            }
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, out, i, b.length);
            return i + b.length;
        }

        @Override
        public void close() throws IOException {
            listener.close();
            synchronized (this) {
                for (java.net.Socket s : connections) {
                    s.close();
                }
            }
            try {
                acceptor.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
