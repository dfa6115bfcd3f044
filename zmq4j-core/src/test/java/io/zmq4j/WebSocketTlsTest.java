package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.security.KeyStore;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** wss://: ZeroMQ over WebSocket over the JDK's TLS, keys and trust from an SSLContext. */
@Timeout(30)
class WebSocketTlsTest {
    private static final char[] PASSWORD = "zmq4j-test".toCharArray();
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private static KeyStore store(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = WebSocketTlsTest.class.getResourceAsStream("/tls/" + name)) {
            assertNotNull(in, name);
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    /** The server's key and self-signed certificate (src/test/resources/tls). */
    static SSLContext serverTls() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store("server.p12"), PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }

    /** Trusts that certificate only. */
    static SSLContext clientTls() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store("trust.p12"));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5));
    }

    @Test
    void pushDeliversToPullOverWss() throws Exception {
        Socket pull = socket(SocketType.PULL).setTlsContext(serverTls());
        Socket push = socket(SocketType.PUSH).setTlsContext(clientTls());
        String ep = pull.bind("wss://127.0.0.1:*/secure");
        assertTrue(ep.matches("wss://127\\.0\\.0\\.1:\\d+/secure"), ep);
        push.connect(ep);
        for (int i = 0; i < 1000; i++) {
            push.send(Msg.of("m", Integer.toString(i)));
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(Integer.toString(i), pull.recv().string(1));
        }
    }

    @Test
    void largeMessagesCrossManyTlsRecordsBothWays() throws Exception {
        Socket server = socket(SocketType.PAIR).setTlsContext(serverTls());
        Socket client = socket(SocketType.PAIR).setTlsContext(clientTls());
        client.connect(server.bind("wss://127.0.0.1:*"));
        for (int size : new int[] {1, 16_383, 16_384, 70_000, 2_000_003}) {
            byte[] big = new byte[size];
            for (int i = 0; i < size; i++) {
                big[i] = (byte) (i * 7 + size);
            }
            client.send(Msg.of(big));
            assertArrayEquals(big, server.recv().frame(0), "client to server, " + size);
            server.send(Msg.of(big));
            assertArrayEquals(big, client.recv().frame(0), "server to client, " + size);
        }
    }

    @Test
    void theHostNameInTheEndpointIsCheckedAgainstTheCertificate() throws Exception {
        Socket rep = socket(SocketType.REP).setTlsContext(serverTls());
        String ep = rep.bind("wss://127.0.0.1:*");
        String port = ep.substring(ep.lastIndexOf(':') + 1, ep.lastIndexOf('/'));
        Socket req = socket(SocketType.REQ).setTlsContext(clientTls());
        req.connect("wss://localhost:" + port + "/");   // the certificate names localhost
        req.send(Msg.of("hello"));
        assertEquals("hello", rep.recv().string(0));
        rep.send(Msg.of("world"));
        assertEquals("world", req.recv().string(0));
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused() throws Exception {
        Socket pull = socket(SocketType.PULL).setTlsContext(serverTls());
        String ep = pull.bind("wss://0.0.0.0:*");
        String port = ep.substring(ep.lastIndexOf(':') + 1, ep.lastIndexOf('/'));
        Socket push = socket(SocketType.PUSH).setTlsContext(clientTls());
        BlockingQueue<SocketEvent> failed = new LinkedBlockingQueue<>();
        push.onEvent(EnumSet.of(Event.HANDSHAKE_FAILED_NO_DETAIL, Event.HANDSHAKE_FAILED_PROTOCOL), failed::add);
        push.connect("wss://127.0.0.2:" + port + "/");   // loopback too, but not in the certificate
        push.send(Msg.of("never"));
        SocketEvent e = failed.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no handshake failure");
        assertTrue(e.reason().contains("127.0.0.2"), e.reason());
        assertNull(pull.recv(Duration.ofMillis(200)));
    }

    @Test
    void aServerTheClientDoesNotTrustIsRefused() throws Exception {
        Socket pull = socket(SocketType.PULL).setTlsContext(serverTls());
        String ep = pull.bind("wss://127.0.0.1:*");
        Socket push = socket(SocketType.PUSH); // the JDK's default trust: the test certificate is not in it
        BlockingQueue<SocketEvent> failed = new LinkedBlockingQueue<>();
        push.onEvent(EnumSet.of(Event.HANDSHAKE_FAILED_NO_DETAIL, Event.HANDSHAKE_FAILED_PROTOCOL), failed::add);
        push.connect(ep);
        push.send(Msg.of("never"));
        SocketEvent e = failed.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no handshake failure");
        assertTrue(e.reason().toLowerCase().contains("certif") || e.reason().contains("PKIX"), e.reason());
        assertNull(pull.recv(Duration.ofMillis(200)));
    }

    @Test
    void aPlainWsClientGetsNothingFromAWssServer() throws Exception {
        Socket pull = socket(SocketType.PULL).setTlsContext(serverTls());
        String ep = pull.bind("wss://127.0.0.1:*");
        Socket push = socket(SocketType.PUSH);
        push.connect("ws" + ep.substring(3));
        push.send(Msg.of("in clear"));
        assertNull(pull.recv(Duration.ofMillis(500)));
    }

    @Test
    void curveOverWssWorks() throws Exception {
        CurveKeyPair s = CurveKeyPair.generate();
        CurveKeyPair c = CurveKeyPair.generate();
        Socket server = socket(SocketType.SERVER).setTlsContext(serverTls()).setCurveServer(true).setCurveSecretKey(s.secretKey());
        Socket client = socket(SocketType.CLIENT).setTlsContext(clientTls()).setCurveServerKey(s.publicKey())
                .setCurvePublicKey(c.publicKey()).setCurveSecretKey(c.secretKey());
        client.connect(server.bind("wss://127.0.0.1:*"));
        client.send(Msg.of("doubly sealed"));
        Msg m = server.recv();
        assertEquals("doubly sealed", m.string(1));
        server.send(Msg.of(m.routingId(), "ok".getBytes()));
        assertEquals("ok", client.recv().string(0));
    }
}
