package io.zmq4j.security;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A man in the middle for ZMTP over tcp: forwards bytes both ways, parsing the client's frames
 * after the greeting, and lets a test damage the first connection's CURVE MESSAGE frames (flip
 * a bit, send one twice). Later connections pass untouched.
 */
final class TamperProxy implements AutoCloseable {
    enum Mode { FLIP_BIT, REPLAY }

    private final ServerSocket listener;
    private final int upstreamPort;
    private final Mode mode;
    private final int target; // which MESSAGE frame of the first connection (0-based)
    private final List<Socket> sockets = new ArrayList<>();
    private final CountDownLatch tampered = new CountDownLatch(1);
    private final CountDownLatch upstreamClosed = new CountDownLatch(1);
    private volatile boolean closed;
    private int connections;

    TamperProxy(int upstreamPort, Mode mode, int target) throws IOException {
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.mode = mode;
        this.target = target;
        Thread t = new Thread(this::accept, "tamper-proxy");
        t.setDaemon(true);
        t.start();
    }

    String endpoint() {
        return "tcp://127.0.0.1:" + listener.getLocalPort();
    }

    /** Whether the damaged frame went out within the wait. */
    boolean awaitTampered(long ms) throws InterruptedException {
        return tampered.await(ms, TimeUnit.MILLISECONDS);
    }

    /** Whether the server closed the first (damaged) connection within the wait. */
    boolean awaitUpstreamClosed(long ms) throws InterruptedException {
        return upstreamClosed.await(ms, TimeUnit.MILLISECONDS);
    }

    private void accept() {
        try {
            while (!closed) {
                Socket down = listener.accept();
                Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                boolean first;
                synchronized (sockets) {
                    sockets.add(down);
                    sockets.add(up);
                    first = connections++ == 0;
                }
                start(() -> clientToServer(down, up, first));
                start(() -> serverToClient(up, down, first));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "tamper-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void serverToClient(Socket up, Socket down, boolean first) {
        try (InputStream in = up.getInputStream(); OutputStream out = down.getOutputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            if (first) {
                upstreamClosed.countDown();
            }
            closeQuietly(down);
        }
    }

    private void clientToServer(Socket down, Socket up, boolean first) {
        try (DataInputStream in = new DataInputStream(down.getInputStream()); OutputStream out = up.getOutputStream()) {
            // the greeting comes in stages (signature, major version, rest), each sent only
            // once the other side's previous stage arrived: pass each on as it comes
            for (int stage : new int[] {10, 1, 53}) {
                byte[] part = new byte[stage];
                in.readFully(part);
                out.write(part);
                out.flush();
            }
            int messages = 0;
            while (true) {
                int flags = in.readUnsignedByte();
                long size = (flags & 2) != 0 ? in.readLong() : in.readUnsignedByte();
                byte[] body = new byte[(int) size];
                in.readFully(body);
                byte[] header = (flags & 2) != 0 ? longHeader(flags, size) : new byte[] {(byte) flags, (byte) size};
                boolean message = body.length > 8 && body[0] == 7 && new String(body, 1, 7, java.nio.charset.StandardCharsets.US_ASCII).equals("MESSAGE");
                if (first && message && messages++ == target) {
                    if (mode == Mode.FLIP_BIT) {
                        body[body.length - 1] ^= 0x01;
                        out.write(header);
                        out.write(body);
                    } else {
                        out.write(header);
                        out.write(body);
                        out.write(header);
                        out.write(body);
                    }
                    out.flush();
                    tampered.countDown();
                    continue;
                }
                out.write(header);
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(up);
        }
    }

    private static byte[] longHeader(int flags, long size) {
        byte[] h = new byte[9];
        h[0] = (byte) flags;
        for (int i = 0; i < 8; i++) {
            h[1 + i] = (byte) (size >>> (56 - 8 * i));
        }
        return h;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                closeQuietly(s);
            }
        }
    }
}
