package io.zmq4j.interop;

import static io.zmq4j.interop.Interop.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A zmq4j STREAM socket against plain TCP ({@link java.net.Socket}, {@link ServerSocket}):
 * connect notification {@code [id, ""]}, data as {@code [id, bytes]}, replies, closing a
 * connection with {@code [id, ""]}, and the disconnect notification. No pyzmq needed.
 */
@Timeout(30)
class StreamRawTcpTest {
    private static final int WAIT_MS = (int) Interop.WAIT.toMillis();
    private final Context ctx = Context.create();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void cleanup() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        ctx.close();
    }

    private Socket stream() {
        return ctx.socket(SocketType.STREAM).setLinger(Duration.ZERO).setSendTimeout(Interop.WAIT);
    }

    private java.net.Socket client(String endpoint) throws IOException {
        URI u = URI.create(endpoint);
        java.net.Socket s = new java.net.Socket();
        closeables.add(s);
        s.connect(new InetSocketAddress(u.getHost(), u.getPort()), WAIT_MS);
        s.setSoTimeout(WAIT_MS);
        s.setTcpNoDelay(true);
        return s;
    }

    private static Msg recv(Socket s, String what) {
        Msg m = s.recv(Interop.WAIT);
        assertNotNull(m, what + ": nothing within " + Interop.WAIT);
        return m;
    }

    /** Receives [id, data] messages from one peer until {@code n} bytes came (TCP may split them). */
    private static byte[] recvBytes(Socket stream, byte[] id, int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < n) {
            Msg m = recv(stream, "data from the raw peer");
            assertEquals(2, m.size(), m.toString());
            assertArrayEquals(id, m.frame(0), "data from another connection: " + m);
            assertTrue(m.frame(1).length > 0, "unexpected disconnect notification " + m);
            out.writeBytes(m.frame(1));
        }
        return out.toByteArray();
    }

    private static byte[] readN(InputStream in, int n) throws IOException {
        byte[] buf = in.readNBytes(n);
        assertEquals(n, buf.length, "the raw peer's stream ended early");
        return buf;
    }

    /** Reads until EOF; fails if the connection stays open for {@link Interop#WAIT}. */
    private static void assertClosedByPeer(java.net.Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // drain whatever was still in flight
            }
        } catch (SocketTimeoutException e) {
            fail("the connection is still open after " + Interop.WAIT);
        } catch (java.net.SocketException e) {
            // reset: closed as well
        }
    }

    private Msg connectNotification(Socket stream) {
        Msg hello = recv(stream, "connect notification");
        assertEquals(2, hello.size(), hello.toString());
        assertTrue(hello.frame(0).length > 0, "a routing id");
        assertEquals(0, hello.frame(1).length, "the notification's second frame is empty: " + hello);
        return hello;
    }

    @Test
    void rawClientConnectingGivesAConnectNotificationWithItsIdAndAnEmptyFrame() throws IOException {
        Socket stream = stream();
        client(stream.bind("tcp://127.0.0.1:*"));
        connectNotification(stream);
    }

    @Test
    void bytesFromTheRawClientArriveAsIdAndData() throws IOException {
        Socket stream = stream();
        java.net.Socket c = client(stream.bind("tcp://127.0.0.1:*"));
        byte[] id = connectNotification(stream).frame(0);
        c.getOutputStream().write(b("GET / HTTP/1.0\r\n\r\n"));
        assertEquals("GET / HTTP/1.0\r\n\r\n", new String(recvBytes(stream, id, 18), StandardCharsets.UTF_8));
    }

    @Test
    void aReplyToTheIdReachesTheRawClientAsPlainBytes() throws IOException {
        Socket stream = stream();
        java.net.Socket c = client(stream.bind("tcp://127.0.0.1:*"));
        byte[] id = connectNotification(stream).frame(0);
        stream.send(Msg.of(id, b("HTTP/1.0 200 OK\r\n")));
        assertEquals("HTTP/1.0 200 OK\r\n", new String(readN(c.getInputStream(), 17), StandardCharsets.UTF_8));
    }

    @Test
    void aLargeReplyArrivesWholeAndInOrder() throws IOException {
        Socket stream = stream();
        java.net.Socket c = client(stream.bind("tcp://127.0.0.1:*"));
        byte[] id = connectNotification(stream).frame(0);
        byte[] big = new byte[1 << 20];
        new java.util.Random(5).nextBytes(big);
        stream.send(Msg.of(id, big));
        assertTrue(Arrays.equals(big, readN(c.getInputStream(), big.length)), "1 MiB arrived changed");
    }

    @Test
    void sendingIdAndAnEmptyFrameClosesThatConnection() throws IOException {
        Socket stream = stream();
        String ep = stream.bind("tcp://127.0.0.1:*");
        java.net.Socket c = client(ep);
        byte[] id = connectNotification(stream).frame(0);
        stream.send(Msg.of(id, b("bye")));
        stream.send(Msg.of(id, new byte[0]));
        assertEquals("bye", new String(readN(c.getInputStream(), 3), StandardCharsets.UTF_8), "data sent before the close arrives");
        assertClosedByPeer(c);
        // the socket still serves new connections
        java.net.Socket c2 = client(ep);
        c2.getOutputStream().write(b("again"));
        // Two connections, two event streams: the closed one's disconnect notification [id, ""]
        // may come before or after the new one's connect notification.
        byte[] id2 = null;
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < 5) {
            Msg m = recv(stream, "the new connection's notification and data");
            if (Arrays.equals(m.frame(0), id)) {
                assertEquals(0, m.frame(1).length, "only a disconnect notification may still come from the closed connection");
            } else if (id2 == null) {
                id2 = m.frame(0);
                assertEquals(0, m.frame(1).length, "a connect notification comes first: " + m);
            } else {
                assertArrayEquals(id2, m.frame(0), "data from another connection: " + m);
                got.writeBytes(m.frame(1));
            }
        }
        assertEquals("again", got.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rawClientClosingGivesADisconnectNotification() throws IOException {
        Socket stream = stream();
        java.net.Socket c = client(stream.bind("tcp://127.0.0.1:*"));
        byte[] id = connectNotification(stream).frame(0);
        c.close();
        Msg bye = recv(stream, "disconnect notification");
        assertArrayEquals(id, bye.frame(0));
        assertEquals(2, bye.size(), bye.toString());
        assertEquals(0, bye.frame(1).length, bye.toString());
    }

    @Test
    void twoRawClientsGetDistinctIdsAndTheirOwnReplies() throws IOException {
        Socket stream = stream();
        String ep = stream.bind("tcp://127.0.0.1:*");
        java.net.Socket c1 = client(ep);
        byte[] id1 = connectNotification(stream).frame(0);
        java.net.Socket c2 = client(ep);
        byte[] id2 = connectNotification(stream).frame(0);
        assertFalse(Arrays.equals(id1, id2), "ids must differ");
        c1.getOutputStream().write(b("one"));
        assertEquals("one", new String(recvBytes(stream, id1, 3), StandardCharsets.UTF_8));
        c2.getOutputStream().write(b("two"));
        assertEquals("two", new String(recvBytes(stream, id2, 3), StandardCharsets.UTF_8));
        stream.send(Msg.of(id2, b("for two")));
        stream.send(Msg.of(id1, b("for one")));
        assertEquals("for one", new String(readN(c1.getInputStream(), 7), StandardCharsets.UTF_8));
        assertEquals("for two", new String(readN(c2.getInputStream(), 7), StandardCharsets.UTF_8));
    }

    @Test
    void connectingStreamTalksToARawTcpServer() throws IOException {
        ServerSocket server = new ServerSocket();
        closeables.add(server);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        server.setSoTimeout(WAIT_MS);
        Socket stream = stream();
        stream.connect("tcp://127.0.0.1:" + server.getLocalPort());
        java.net.Socket accepted = server.accept();
        closeables.add(accepted);
        accepted.setSoTimeout(WAIT_MS);
        byte[] id = connectNotification(stream).frame(0);
        stream.send(Msg.of(id, b("ping")));
        assertEquals("ping", new String(readN(accepted.getInputStream(), 4), StandardCharsets.UTF_8));
        accepted.getOutputStream().write(b("pong"));
        assertEquals("pong", new String(recvBytes(stream, id, 4), StandardCharsets.UTF_8));
    }

    @Test
    void streamCarriesZmtpBytesUntouched() throws IOException {
        // a STREAM socket must not frame or interpret anything: a zmq4j PUSH talking to a raw
        // STREAM sees its own ZMTP greeting come back verbatim as data
        Socket stream = stream();
        String ep = stream.bind("tcp://127.0.0.1:*");
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
        push.connect(ep);
        byte[] id = connectNotification(stream).frame(0);
        byte[] sig = recvBytes(stream, id, 10);
        assertEquals((byte) 0xFF, sig[0]);
        assertEquals((byte) 0x7F, sig[9]);
    }
}
