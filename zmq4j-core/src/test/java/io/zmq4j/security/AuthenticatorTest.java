package io.zmq4j.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zmq4j.Authenticator;
import io.zmq4j.Certificate;
import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Event;
import io.zmq4j.SocketEvent;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our ZAP handler against our PLAIN and CURVE servers. */
@Timeout(30)
class AuthenticatorTest {
    private final Context ctx = Context.create();
    private final Authenticator auth = Authenticator.start(ctx);

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        auth.close();
        ctx.close();
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO);
    }

    /** A PUSH client that sends {@code text}; returns what the server received within {@code wait}, or null. */
    private static Msg deliver(Socket server, Socket client, String ep, String text, Duration wait) {
        client.connect(ep);
        client.trySend(Msg.of(text));
        return server.recv(wait);
    }

    /** The events of one kind a socket raises from now on. */
    static BlockingQueue<SocketEvent> events(Socket s, Event e) {
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        s.onEvent(EnumSet.of(e), q::add);
        return q;
    }

    static void expectEvent(BlockingQueue<SocketEvent> q, long value, String who) {
        try {
            SocketEvent e = q.poll(5, TimeUnit.SECONDS);
            assertNotNull(e, who + " raised no event");
            assertEquals(value, e.value(), who + ": " + e);
        } catch (InterruptedException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void secondHandlerInTheSameContextIsRefused() {
        assertThrows(ZmqException.class, () -> Authenticator.start(ctx));
    }

    @Test
    void plainPasswordsDecideAndUserIdReachesTheApplication() {
        auth.setPasswords(Map.of("admin", "secret"));
        Socket server = socket(SocketType.PULL).setPlainServer(true);
        BlockingQueue<SocketEvent> refused = events(server, Event.HANDSHAKE_FAILED_AUTH);
        String ep = server.bind("tcp://127.0.0.1:*");
        Socket bad = socket(SocketType.PUSH).setPlainCredentials("admin", "wrong");
        BlockingQueue<SocketEvent> told = events(bad, Event.HANDSHAKE_FAILED_AUTH);
        assertNull(deliver(server, bad, ep, "bad", Duration.ofMillis(500)));
        expectEvent(refused, 400, "the server");
        expectEvent(told, 400, "the refused client (ERROR 400)");
        assertNull(deliver(server, socket(SocketType.PUSH).setPlainCredentials("nobody", "secret"), ep, "bad", Duration.ofMillis(300)));
        Msg m = deliver(server, socket(SocketType.PUSH).setPlainCredentials("admin", "secret"), ep, "good", Duration.ofSeconds(5));
        assertNotNull(m, "the good client must still get through");
        assertEquals("good", m.string(0));
        assertEquals("admin", m.property("User-Id"));
        assertEquals("PUSH", m.property("Socket-Type"));
    }

    @Test
    void passwordFileIsReloadable() throws Exception {
        Path file = dir.resolve("passwords");
        Files.writeString(file, "# users\nadmin=secret\n\n");
        auth.setPasswordFile(file);
        Socket server = socket(SocketType.PULL).setPlainServer(true);
        String ep = server.bind("tcp://127.0.0.1:*");
        assertNull(deliver(server, socket(SocketType.PUSH).setPlainCredentials("bob", "pw"), ep, "early", Duration.ofMillis(500)));
        Files.writeString(file, "admin=secret\nbob=pw\n");
        auth.reload();
        Msg m = deliver(server, socket(SocketType.PUSH).setPlainCredentials("bob", "pw"), ep, "late", Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("bob", m.property("User-Id"));
    }

    @Test
    void curveAllowListAndAnyKey() {
        CurveKeyPair s = CurveKeyPair.generate();
        CurveKeyPair friend = CurveKeyPair.generate();
        auth.allowCurveKeys(List.of(friend.publicZ85()));
        Socket server = socket(SocketType.PULL).setCurveServer(true).setCurveSecretKey(s.secretKey());
        BlockingQueue<SocketEvent> refused = events(server, Event.HANDSHAKE_FAILED_AUTH);
        String ep = server.bind("tcp://127.0.0.1:*");
        assertNull(deliver(server, socket(SocketType.PUSH).setCurveServerKey(s.publicKey()), ep, "stranger", Duration.ofMillis(500)));
        expectEvent(refused, 400, "the server");
        Socket good = socket(SocketType.PUSH).setCurveServerKey(s.publicKey()).setCurveSecretKey(friend.secretKey())
                .setCurvePublicKey(friend.publicKey());
        Msg m = deliver(server, good, ep, "friend", Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals(friend.publicZ85(), m.property("User-Id"));
        auth.allowAnyCurve();
        assertNotNull(deliver(server, socket(SocketType.PUSH).setCurveServerKey(s.publicKey()), ep, "anyone", Duration.ofSeconds(5)));
    }

    @Test
    void curveCertificateDirectoryWithMetadataAndReload() throws Exception {
        CurveKeyPair s = CurveKeyPair.generate();
        Certificate alice = Certificate.create().setMeta("name", "alice").setMeta("role", "admin");
        Certificate bob = Certificate.create();
        Path certs = Files.createDirectories(dir.resolve("certs"));
        alice.savePublic(certs.resolve("alice.key"));
        auth.allowCurveDirectory(certs);
        Socket server = socket(SocketType.PULL).setCurveServer(true).setCurveSecretKey(s.secretKey());
        String ep = server.bind("tcp://127.0.0.1:*");
        Msg m = deliver(server, socket(SocketType.PUSH).setCurveServerKey(s.publicKey()).setCurveSecretKey(alice.secretKey()), ep,
                "alice", Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("admin", m.property("role"));
        assertEquals(alice.publicZ85(), m.property("User-Id"));
        Socket bobSocket = socket(SocketType.PUSH).setCurveServerKey(s.publicKey()).setCurveSecretKey(bob.secretKey());
        assertNull(deliver(server, bobSocket, ep, "bob", Duration.ofMillis(500)));
        bob.savePublic(certs.resolve("bob.key"));
        auth.reload();
        // bob's socket keeps reconnecting; after the reload its next handshake passes
        Msg b = server.recv(Duration.ofSeconds(5));
        assertNotNull(b, "bob must get in after the reload");
        assertEquals("bob", b.string(0));
    }

    @Test
    void addressDenyAndAllowLists() {
        auth.allowAnyCurve().deny("127.0.0.1");
        CurveKeyPair s = CurveKeyPair.generate();
        Socket server = socket(SocketType.PULL).setCurveServer(true).setCurveSecretKey(s.secretKey());
        String ep = server.bind("tcp://127.0.0.1:*");
        assertNull(deliver(server, socket(SocketType.PUSH).setCurveServerKey(s.publicKey()), ep, "denied", Duration.ofMillis(500)));
        auth.allow("127.0.0.1"); // an allow list overrides the deny list
        assertNotNull(server.recv(Duration.ofSeconds(5)));
    }

    @Test
    void nullWithZapDomainIsJudgedByAddress() {
        auth.deny("127.0.0.1");
        Socket server = socket(SocketType.PULL).setZapDomain("global");
        String ep = server.bind("tcp://127.0.0.1:*");
        assertNull(deliver(server, socket(SocketType.PUSH), ep, "denied", Duration.ofMillis(500)));
        Socket open = socket(SocketType.PULL); // no domain: NULL without ZAP, as libzmq
        String ep2 = open.bind("tcp://127.0.0.1:*");
        assertNotNull(deliver(open, socket(SocketType.PUSH), ep2, "free", Duration.ofSeconds(5)));
        auth.allow("127.0.0.1");
        Msg m = server.recv(Duration.ofSeconds(5));
        assertNotNull(m, "allowed after the allow list names the address");
        assertEquals("", m.property("User-Id"));
    }
}
