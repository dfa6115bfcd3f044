package io.zmq4j.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ZAP exchange itself, against a hand-written REP handler: the request's frames, and what
 * each status does on the wire (libzmq 4.3: 200 goes on, 300 closes silently, 400 and 500 send
 * ERROR with the status code, a malformed reply fails the handshake).
 */
@Timeout(30)
class ZapProtocolTest {
    private final Context ctx = Context.create();
    private final BlockingQueue<Msg> requests = new ArrayBlockingQueue<>(10);
    private volatile String status = "200";
    private volatile boolean malformed;
    private Thread handler;

    @AfterEach
    void close() throws Exception {
        ctx.close();
        if (handler != null) {
            handler.join(5000);
        }
    }

    private void startHandler() {
        Socket rep = ctx.socket(SocketType.REP).setLinger(Duration.ZERO);
        rep.bind("inproc://zeromq.zap.01");
        handler = new Thread(() -> {
            try {
                while (true) {
                    Msg req = rep.recv(Duration.ofMillis(100));
                    if (req == null) {
                        continue;
                    }
                    requests.add(req);
                    if (malformed) {
                        rep.send(Msg.of("1.0", "2", "200", "OK", "", ""));
                    } else {
                        rep.send(Msg.of(req.frame(0), req.frame(1), status.getBytes(), "text".getBytes(), "joe".getBytes(),
                                new byte[] {3, 'K', 'e', 'y', 0, 0, 0, 5, 'v', 'a', 'l', 'u', 'e'}));
                    }
                }
            } catch (RuntimeException e) {
                // context closed
            }
        }, "test-zap-handler");
        handler.setDaemon(true);
        handler.start();
    }

    private static byte[] plainHello(String user, String pass) {
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = pass.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[6 + 2 + u.length + p.length];
        System.arraycopy(new byte[] {5, 'H', 'E', 'L', 'L', 'O'}, 0, body, 0, 6);
        body[6] = (byte) u.length;
        System.arraycopy(u, 0, body, 7, u.length);
        body[7 + u.length] = (byte) p.length;
        System.arraycopy(p, 0, body, 8 + u.length, p.length);
        byte[] frame = new byte[2 + body.length];
        frame[0] = 4;
        frame[1] = (byte) body.length;
        System.arraycopy(body, 0, frame, 2, body.length);
        return frame;
    }

    /** Greets as a PLAIN client, sends HELLO; returns the first command body the server sends, or null if it closed. */
    private static byte[] helloAndRead(int port) throws Exception {
        try (java.net.Socket raw = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            byte[] g = new byte[64];
            g[0] = (byte) 0xFF;
            g[9] = 0x7F;
            g[10] = 3;
            g[11] = 1;
            System.arraycopy("PLAIN".getBytes(StandardCharsets.US_ASCII), 0, g, 12, 5);
            out.write(g);
            out.write(plainHello("joe", "pw"));
            out.flush();
            DataInputStream in = new DataInputStream(raw.getInputStream());
            byte[] theirs = new byte[64];
            in.readFully(theirs);
            assertEquals(1, theirs[32], "a PLAIN server sets as-server in its greeting");
            try {
                int flags = in.readUnsignedByte();
                assertEquals(4, flags & 4, "a command");
                byte[] body = new byte[in.readUnsignedByte()];
                in.readFully(body);
                return body;
            } catch (EOFException e) {
                return null;
            }
        }
    }

    private static int port(String ep) {
        return Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1));
    }

    @Test
    void requestFramesAreLibzmqs() throws Exception {
        startHandler();
        Socket server = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO).setPlainServer(true).setZapDomain("global")
                .setRoutingId("srv".getBytes());
        String ep = server.bind("tcp://127.0.0.1:*");
        byte[] welcome = helloAndRead(port(ep));
        assertNotNull(welcome);
        assertEquals("WELCOME", new String(welcome, 1, 7, StandardCharsets.US_ASCII));
        Msg req = requests.poll(5, TimeUnit.SECONDS);
        assertNotNull(req);
        String[] expected = {"1.0", "1", "global", "127.0.0.1", "srv", "PLAIN", "joe", "pw"};
        assertEquals(expected.length, req.size(), req.toString());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], req.string(i), "frame " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"400", "500"})
    void refusalSendsErrorWithTheStatusCode(String code) throws Exception {
        status = code;
        startHandler();
        Socket server = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setPlainServer(true);
        String ep = server.bind("tcp://127.0.0.1:*");
        byte[] error = helloAndRead(port(ep));
        assertNotNull(error, "expected an ERROR before the close");
        assertArrayEquals(("\u0005ERROR\u0003" + code).getBytes(StandardCharsets.US_ASCII), error);
    }

    @Test
    void temporaryFailureClosesSilently() throws Exception {
        status = "300";
        startHandler();
        Socket server = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setPlainServer(true);
        String ep = server.bind("tcp://127.0.0.1:*");
        assertNull(helloAndRead(port(ep)));
    }

    @Test
    void malformedReplyFailsTheHandshake() throws Exception {
        malformed = true;
        startHandler();
        Socket server = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setPlainServer(true);
        String ep = server.bind("tcp://127.0.0.1:*");
        assertNull(helloAndRead(port(ep)));
    }

    @Test
    void userIdAndZapMetadataReachTheApplication() {
        startHandler();
        CurveKeyPair s = CurveKeyPair.generate();
        Socket server = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setCurveServer(true).setCurveSecretKey(s.secretKey());
        String ep = server.bind("tcp://127.0.0.1:*");
        CurveKeyPair c = CurveKeyPair.generate();
        Socket client = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setCurveServerKey(s.publicKey())
                .setCurveSecretKey(c.secretKey()).setCurvePublicKey(c.publicKey());
        client.connect(ep);
        client.send(Msg.of("hi"));
        Msg m = server.recv(Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("joe", m.property("User-Id"));
        assertEquals("value", m.property("Key"));
        Msg req = requests.poll();
        assertNotNull(req);
        assertEquals("CURVE", req.string(5));
        assertArrayEquals(c.publicKey(), req.frame(6), "CURVE credentials are the client's long-term public key");
        assertTrue(m.property("Peer-Address").contains("127.0.0.1"));
    }

    @Test
    void aRouterHandlerWorksToo() throws Exception {
        Socket router = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO);
        router.bind("inproc://zeromq.zap.01");
        handler = new Thread(() -> {
            try {
                while (true) {
                    Msg req = router.recv(Duration.ofMillis(100));
                    if (req == null) {
                        continue;
                    }
                    // [routing id, "", "1.0", request id, ...]
                    router.send(Msg.of(req.frame(0), new byte[0], req.frame(2), req.frame(3), "200".getBytes(), "OK".getBytes(),
                            "router-user".getBytes(), new byte[0]));
                }
            } catch (RuntimeException e) {
                // context closed
            }
        }, "test-zap-router");
        handler.setDaemon(true);
        handler.start();
        Socket server = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setPlainServer(true);
        String ep = server.bind("tcp://127.0.0.1:*");
        Socket client = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setPlainCredentials("a", "b");
        client.connect(ep);
        client.send(Msg.of("via router"));
        Msg m = server.recv(Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("router-user", m.property("User-Id"));
    }
}
