package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** wss://: ZeroMQ over WebSocket over the JDK's TLS, keys and trust from PEM options (as libzmq's ZMQ_WSS_*). */
@Timeout(30)
class WebSocketTlsTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    static String pem(String name) throws Exception {
        try (InputStream in = WebSocketTlsTest.class.getResourceAsStream("/tls/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /** Serves wss with the test key and its self-signed certificate (src/test/resources/tls). */
    static Socket server(Socket s) throws Exception {
        return s.setWssCertPem(pem("server.crt.pem")).setWssKeyPem(pem("server.key.pem"));
    }

    /** Trusts that certificate only. */
    static Socket client(Socket s) throws Exception {
        return s.setWssTrustPem(pem("server.crt.pem"));
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5));
    }

    @Test
    void pushDeliversToPullOverWss() throws Exception {
        Socket pull = server(socket(SocketType.PULL));
        Socket push = client(socket(SocketType.PUSH));
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
        Socket server = server(socket(SocketType.PAIR));
        Socket client = client(socket(SocketType.PAIR));
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
        Socket rep = server(socket(SocketType.REP));
        String ep = rep.bind("wss://127.0.0.1:*");
        String port = ep.substring(ep.lastIndexOf(':') + 1, ep.lastIndexOf('/'));
        Socket req = client(socket(SocketType.REQ));
        req.connect("wss://localhost:" + port + "/");   // the certificate names localhost
        req.send(Msg.of("hello"));
        assertEquals("hello", rep.recv().string(0));
        rep.send(Msg.of("world"));
        assertEquals("world", req.recv().string(0));
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused() throws Exception {
        Socket pull = server(socket(SocketType.PULL));
        String ep = pull.bind("wss://0.0.0.0:*");
        String port = ep.substring(ep.lastIndexOf(':') + 1, ep.lastIndexOf('/'));
        Socket push = client(socket(SocketType.PUSH));
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
        Socket pull = server(socket(SocketType.PULL));
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
    void aClientThatHangsUpMidHandshakeIsAFailedTlsHandshake() throws Exception {
        Socket pull = server(socket(SocketType.PULL));
        BlockingQueue<SocketEvent> failed = new LinkedBlockingQueue<>();
        pull.onEvent(EnumSet.of(Event.HANDSHAKE_FAILED_NO_DETAIL, Event.HANDSHAKE_FAILED_PROTOCOL), failed::add);
        String ep = pull.bind("wss://127.0.0.1:*");
        int port = Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1, ep.lastIndexOf('/')));
        // a client that refuses the certificate without a TLS alert, as GnuTLS (libzmq) does: it
        // sends its hello, reads the server's flight, and closes
        javax.net.ssl.SSLContext refusing = javax.net.ssl.SSLContext.getInstance("TLS");
        refusing.init(null, null, null);
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", port)) {
            javax.net.ssl.SSLEngine engine = refusing.createSSLEngine();
            engine.setUseClientMode(true);
            java.nio.ByteBuffer hello = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(java.nio.ByteBuffer.allocate(0), hello);
            raw.getOutputStream().write(hello.array(), 0, hello.position());
            // the server's whole flight: it then waits for the client's Finished, which never comes
            raw.setSoTimeout(300);
            byte[] flight = new byte[65536];
            try {
                while (raw.getInputStream().read(flight) > 0) {
                    raw.setSoTimeout(300);
                }
            } catch (java.net.SocketTimeoutException quiet) {
                // all of it read
            }
        }
        SocketEvent e = failed.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no handshake failure");
        assertTrue(e.reason().contains("closed during the TLS handshake"), e.reason());
    }

    @Test
    void aPlainWsClientGetsNothingFromAWssServer() throws Exception {
        Socket pull = server(socket(SocketType.PULL));
        String ep = pull.bind("wss://127.0.0.1:*");
        Socket push = socket(SocketType.PUSH);
        push.connect("ws" + ep.substring(3));
        push.send(Msg.of("in clear"));
        assertNull(pull.recv(Duration.ofMillis(500)));
    }

    @Test
    void pemOnOneLineAsAConfigFileHoldsItServesToo() throws Exception {
        Socket pull = socket(SocketType.PULL).setWssCertPem(OptionSamples.WSS_CERT).setWssKeyPem(OptionSamples.WSS_KEY);
        Socket push = socket(SocketType.PUSH).setWssTrustPem(OptionSamples.WSS_CERT);
        push.connect(pull.bind("wss://127.0.0.1:*"));
        push.send(Msg.of("one line"));
        assertEquals("one line", pull.recv().string(0));
    }

    @Test
    void badPemIsInvalidAndNamesTheOption() throws Exception {
        Socket s = socket(SocketType.PUB);
        ZmqException e = org.junit.jupiter.api.Assertions.assertThrows(ZmqException.class, () -> s.setWssCertPem("not a certificate"));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
        assertTrue(e.getMessage().contains("WSS_CERT_PEM"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(ZmqException.class, () -> s.setWssKeyPem(pem("server.crt.pem")));
        assertTrue(e.getMessage().contains("WSS_KEY_PEM") && e.getMessage().contains("PKCS#8"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(ZmqException.class, () -> s.setWssTrustPem(""));
        assertTrue(e.getMessage().contains("WSS_TRUST_PEM"), e.getMessage());
    }

    @Test
    void aKeyThatDoesNotFitTheCertificateIsInvalidAtBind() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        String otherKey = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Socket s = socket(SocketType.PUB).setWssCertPem(pem("server.crt.pem")).setWssKeyPem(otherKey);
        // the JDK only notices at the handshake; a client then fails it
        String ep = s.bind("wss://127.0.0.1:*");
        Socket c = client(socket(SocketType.SUB));
        c.subscribe("");
        BlockingQueue<SocketEvent> failed = new LinkedBlockingQueue<>();
        c.onEvent(EnumSet.of(Event.HANDSHAKE_FAILED_NO_DETAIL, Event.HANDSHAKE_FAILED_PROTOCOL), failed::add);
        c.connect(ep);
        assertNotNull(failed.poll(10, TimeUnit.SECONDS), "a server with the wrong key was trusted");
    }

    @Test
    void curveOverWssWorks() throws Exception {
        CurveKeyPair s = CurveKeyPair.generate();
        CurveKeyPair c = CurveKeyPair.generate();
        Socket server = server(socket(SocketType.SERVER)).setCurveServer(true).setCurveSecretKey(s.secretKey());
        Socket client = client(socket(SocketType.CLIENT)).setCurveServerKey(s.publicKey())
                .setCurvePublicKey(c.publicKey()).setCurveSecretKey(c.secretKey());
        client.connect(server.bind("wss://127.0.0.1:*"));
        client.send(Msg.of("doubly sealed"));
        Msg m = server.recv();
        assertEquals("doubly sealed", m.string(1));
        server.send(Msg.of(m.routingId(), "ok".getBytes()));
        assertEquals("ok", client.recv().string(0));
    }
}
