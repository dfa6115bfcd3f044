package io.zmq4j.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Event;
import io.zmq4j.SocketEvent;
import java.util.concurrent.BlockingQueue;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PLAIN and CURVE between two zmq4j sockets, with and without a ZAP handler. */
@Timeout(30)
class SecurityTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO);
    }

    private static void exchange(Socket server, Socket client) {
        client.send(Msg.of("hello", "world"));
        Msg m = server.recv(Duration.ofSeconds(5));
        assertNotNull(m, "server got nothing");
        assertEquals("world", m.string(m.size() - 1));
        server.send(Msg.of(m.frame(0), "back".getBytes()));
        Msg r = client.recv(Duration.ofSeconds(5));
        assertNotNull(r, "client got nothing back");
        assertEquals("back", r.string(0));
    }

    @Test
    void plainWithoutZapHandlerLetsEveryoneIn() {
        Socket server = socket(SocketType.ROUTER).setPlainServer(true);
        String ep = server.bind("tcp://127.0.0.1:*");
        Socket client = socket(SocketType.DEALER).setPlainCredentials("admin", "secret");
        client.connect(ep);
        exchange(server, client);
    }

    @Test
    void curveWithoutZapHandlerEncrypts() {
        CurveKeyPair s = CurveKeyPair.generate();
        CurveKeyPair c = CurveKeyPair.generate();
        Socket server = socket(SocketType.ROUTER).setCurveServer(true).setCurveSecretKey(s.secretKey());
        String ep = server.bind("tcp://127.0.0.1:*");
        Socket client = socket(SocketType.DEALER).setCurveServerKey(s.publicZ85())
                .setCurvePublicKey(c.publicKey()).setCurveSecretKey(c.secretZ85());
        client.connect(ep);
        for (int i = 0; i < 20; i++) {
            exchange(server, client);
        }
        byte[] big = new byte[300_000];
        client.send(Msg.of(big, new byte[0], "x".getBytes()));
        Msg m = server.recv(Duration.ofSeconds(5));
        assertEquals(4, m.size());
        assertEquals(300_000, m.frame(1).length);
    }

    @Test
    void curveWrongServerKeyNeverDelivers() {
        CurveKeyPair s = CurveKeyPair.generate();
        Socket server = socket(SocketType.PULL).setCurveServer(true).setCurveSecretKey(s.secretKey());
        BlockingQueue<SocketEvent> failed = AuthenticatorTest.events(server, Event.HANDSHAKE_FAILED_PROTOCOL);
        String ep = server.bind("tcp://127.0.0.1:*");
        Socket bad = socket(SocketType.PUSH).setCurveServerKey(CurveKeyPair.generate().publicKey());
        bad.connect(ep);
        bad.send(Msg.of("intruder"));
        assertNull(server.recv(Duration.ofMillis(500)));
        AuthenticatorTest.expectEvent(failed, 0x11000001L, "the server (ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC)");
        Socket good = socket(SocketType.PUSH).setCurveServerKey(s.publicKey());
        good.connect(ep);
        good.send(Msg.of("friend"));
        Msg m = server.recv(Duration.ofSeconds(5));
        assertNotNull(m);
        assertEquals("friend", m.string(0));
    }
}
