package io.zmq4j.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.io.BufferPool;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Damaged and hostile traffic: each case closes the one connection it arrived on, delivers
 * nothing from it, and leaves the server serving its other clients.
 */
@Timeout(30)
class TamperTest {
    private final Context ctx = Context.create();
    private final CurveKeyPair serverKeys = CurveKeyPair.generate();

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO);
    }

    private Socket curveServer() {
        return socket(SocketType.PULL).setCurveServer(true).setCurveSecretKey(serverKeys.secretKey());
    }

    private Socket curveClient(String ep) {
        Socket s = socket(SocketType.PUSH).setCurveServerKey(serverKeys.publicKey());
        s.connect(ep);
        return s;
    }

    private static int port(String ep) {
        return Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1));
    }

    /** A bystander on its own connection keeps getting through. */
    private void assertStillServes(Socket server, String ep) {
        Socket other = curveClient(ep);
        other.send(Msg.of("bystander"));
        Msg m = server.recv(Duration.ofSeconds(5));
        assertNotNull(m, "the server stopped serving other clients");
        assertEquals("bystander", m.string(0));
    }

    /**
     * A message handed to the dying connection before the client sees its close is lost (as in
     * libzmq), so send until one arrives through the new connection; returns the first arrival.
     */
    private static Msg sendUntilDelivered(Socket client, Socket server, String text) {
        for (int i = 0; i < 20; i++) {
            client.send(Msg.of(text));
            Msg m = server.recv(Duration.ofMillis(300));
            if (m != null) {
                return m;
            }
        }
        throw new AssertionError("nothing delivered after the reconnect");
    }

    @Test
    void flippedBitInMessageBoxClosesThatConnectionOnly() throws Exception {
        Socket server = curveServer();
        String ep = server.bind("tcp://127.0.0.1:*");
        try (TamperProxy proxy = new TamperProxy(port(ep), TamperProxy.Mode.FLIP_BIT, 1)) {
            Socket client = curveClient(proxy.endpoint());
            client.send(Msg.of("one"));
            assertEquals("one", server.recv(Duration.ofSeconds(5)).string(0));
            client.send(Msg.of("two")); // damaged on the way
            assertTrue(proxy.awaitTampered(5000));
            assertTrue(proxy.awaitUpstreamClosed(5000), "the server must close the damaged connection");
            assertStillServes(server, ep);
            // the client reconnects through a clean connection and goes on
            Msg m = sendUntilDelivered(client, server, "three");
            assertEquals("three", m.string(0), "the damaged message must never be delivered");
        }
    }

    @Test
    void flippedBitInALargeBoxClosesThatConnectionAndGivesItsPooledMemoryBack() throws Exception {
        Socket server = curveServer();
        String ep = server.bind("tcp://127.0.0.1:*");
        long held = BufferPool.outstandingBytes();
        try (TamperProxy proxy = new TamperProxy(port(ep), TamperProxy.Mode.FLIP_BIT, 1)) {
            Socket client = curveClient(proxy.endpoint());
            client.send(Msg.of("one"));
            assertEquals("one", server.recv(Duration.ofSeconds(5)).string(0));
            client.send(Msg.of(new byte[100_000])); // a box read into pooled memory, damaged on the way
            assertTrue(proxy.awaitTampered(5000));
            assertTrue(proxy.awaitUpstreamClosed(5000), "the server must close the damaged connection");
            assertEquals(held, BufferPool.outstandingBytes(), "the damaged box's pooled memory went back");
            assertStillServes(server, ep);
            Msg m = sendUntilDelivered(client, server, "three");
            assertEquals("three", m.string(0), "the damaged message must never be delivered");
        }
    }

    @Test
    void replayedNonceClosesThatConnectionOnly() throws Exception {
        Socket server = curveServer();
        String ep = server.bind("tcp://127.0.0.1:*");
        try (TamperProxy proxy = new TamperProxy(port(ep), TamperProxy.Mode.REPLAY, 0)) {
            Socket client = curveClient(proxy.endpoint());
            client.send(Msg.of("once"));
            assertEquals("once", server.recv(Duration.ofSeconds(5)).string(0));
            assertTrue(proxy.awaitTampered(5000));
            assertTrue(proxy.awaitUpstreamClosed(5000), "the server must close on a replayed nonce");
            assertStillServes(server, ep);
            Msg m = sendUntilDelivered(client, server, "next");
            assertEquals("next", m.string(0), "the replayed message must not be delivered twice");
        }
    }

    private static byte[] greeting(String mechanism) {
        byte[] g = new byte[64];
        g[0] = (byte) 0xFF;
        g[9] = 0x7F;
        g[10] = 3;
        g[11] = 1;
        byte[] m = mechanism.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, g, 12, m.length);
        return g;
    }

    private static byte[] command(byte[] body) {
        byte[] f = new byte[2 + body.length];
        f[0] = 4;
        f[1] = (byte) body.length;
        System.arraycopy(body, 0, f, 2, body.length);
        return f;
    }

    /** Sends a greeting then {@code bytes} on a raw socket; true if the server then closed it. */
    private static boolean serverCloses(String ep, String mechanism, byte[] bytes) throws IOException {
        try (java.net.Socket raw = new java.net.Socket(InetAddress.getLoopbackAddress(), port(ep))) {
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            DataInputStream in = new DataInputStream(raw.getInputStream());
            out.write(greeting(mechanism));
            out.flush();
            byte[] theirs = new byte[64];
            in.readFully(theirs);
            out.write(bytes);
            out.flush();
            InputStream is = raw.getInputStream();
            try {
                while (is.read() >= 0) {
                    // drain anything (an ERROR) until the close
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
    }

    @Test
    void truncatedCurveHelloClosesThatConnectionOnly() throws Exception {
        Socket server = curveServer();
        String ep = server.bind("tcp://127.0.0.1:*");
        byte[] hello = new byte[120];
        System.arraycopy(new byte[] {5, 'H', 'E', 'L', 'L', 'O', 1, 0}, 0, hello, 0, 8);
        assertTrue(serverCloses(ep, "CURVE", command(hello)));
        assertStillServes(server, ep);
    }

    @Test
    void overLongPlainUsernameClosesThatConnectionOnly() throws Exception {
        Socket server = socket(SocketType.PULL).setPlainServer(true);
        String ep = server.bind("tcp://127.0.0.1:*");
        byte[] hello = new byte[6 + 1 + 10];
        System.arraycopy(new byte[] {5, 'H', 'E', 'L', 'L', 'O'}, 0, hello, 0, 6);
        hello[6] = (byte) 200; // claims 200 bytes of username, 10 follow
        assertTrue(serverCloses(ep, "PLAIN", command(hello)));
        Socket good = socket(SocketType.PUSH).setPlainCredentials("u", "p");
        good.connect(ep);
        good.send(Msg.of("fine"));
        Msg m = server.recv(Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("fine", m.string(0));
        assertThrows(ZmqException.class, () -> socket(SocketType.PUSH).setPlainCredentials("x".repeat(256), "p"));
    }

    @Test
    void unencryptedFrameAfterCurveHandshakeIsRefused() throws Exception {
        Socket server = curveServer();
        String ep = server.bind("tcp://127.0.0.1:*");
        // a raw peer that never completes the handshake but sends a plain message frame
        byte[] frame = {0, 5, 'h', 'e', 'l', 'l', 'o'};
        assertTrue(serverCloses(ep, "CURVE", frame));
        assertNull(server.recv(Duration.ofMillis(200)));
        assertStillServes(server, ep);
    }
}
