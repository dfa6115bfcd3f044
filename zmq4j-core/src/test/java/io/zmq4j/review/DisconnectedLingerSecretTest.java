package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A session taken off the socket by disconnect() still lingers: it keeps connecting to deliver
 * what is queued. Closing the socket afterwards must not erase the key that session still needs
 * (the session's options share the socket's arrays).
 */
@Timeout(30)
class DisconnectedLingerSecretTest {
    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deliversAfterDisconnectThenClose(boolean curve) throws Exception {
        CurveKeyPair serverKeys = CurveKeyPair.generate();
        CurveKeyPair clientKeys = CurveKeyPair.generate();
        int port = freePort();
        String ep = "tcp://127.0.0.1:" + port;
        try (Context ctx = Context.create()) {
            Socket client = ctx.socket(SocketType.PUSH)
                    .setLinger(Duration.ofSeconds(20))
                    .setReconnectInterval(Duration.ofMillis(50));
            if (curve) {
                client.setCurveServerKey(serverKeys.publicKey())
                        .setCurvePublicKey(clientKeys.publicKey())
                        .setCurveSecretKey(clientKeys.secretKey());
            }
            client.connect(ep); // nobody listens yet: the message waits in the pipe
            client.send(Msg.of("queued"));
            client.disconnect(ep); // the session lingers, still connecting
            client.close(); // no session left on the socket's list: secrets erased at once
            Socket server = ctx.socket(SocketType.PULL);
            if (curve) {
                server.setCurveServer(true).setCurveSecretKey(serverKeys.secretKey());
            }
            server.bind(ep);
            Msg m = server.recv(Duration.ofSeconds(10));
            assertNotNull(m, "the lingering disconnected session never delivered its queued message");
            assertEquals("queued", m.string(0));
            server.close();
        }
    }

    @Test
    void aDisconnectedSessionLingersAndDeliversAfterTheSocketCloses() throws Exception {
        deliversAfterDisconnectThenClose(false);
    }

    @Test
    void aDisconnectedCurveSessionStillHasItsKeyAfterTheSocketCloses() throws Exception {
        deliversAfterDisconnectThenClose(true);
    }
}
