package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zmq4j.Context;
import io.zmq4j.CurveKeyPair;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reconnect while lingering, over CURVE: the closed socket's key must survive until its
 * lingering session is done, or the reconnect handshakes with an erased key.
 */
@Timeout(60)
class CurveLingerReconnectTest {
    @Test
    void aClosedCurveSocketReconnectsWithItsKeyWhileLingering() throws Exception {
        CurveKeyPair serverKeys = CurveKeyPair.generate();
        CurveKeyPair clientKeys = CurveKeyPair.generate();
        String ep;
        try (Context ctx = Context.create()) {
            Socket dealer = ctx.socket(SocketType.DEALER)
                    .setSendHwm(0)
                    .setLinger(Duration.ofSeconds(30))
                    .setReconnectInterval(Duration.ofMillis(50))
                    .setCurveServerKey(serverKeys.publicKey())
                    .setCurvePublicKey(clientKeys.publicKey())
                    .setCurveSecretKey(clientKeys.secretKey());
            try (Context first = Context.create()) {
                Socket router = first.socket(SocketType.ROUTER).setLinger(Duration.ZERO)
                        .setReceiveHwm(1)
                        .setCurveServer(true).setCurveSecretKey(serverKeys.secretKey());
                ep = router.bind("tcp://127.0.0.1:*");
                dealer.connect(ep);
                dealer.send(Msg.of("hello"));
                assertNotNull(router.recv(Duration.ofSeconds(5)), "first server never saw the client");
                byte[] body = new byte[64 * 1024];
                for (int i = 0; i < 400; i++) {
                    dealer.send(Msg.of(body)); // the router reads no more: the rest stays queued
                }
                dealer.send(Msg.of("last"));
                dealer.close();
            } // the first server goes away: the lingering dealer must come back
            try (Context other = Context.create();
                 Socket router = other.socket(SocketType.ROUTER).setLinger(Duration.ZERO)
                         .setCurveServer(true).setCurveSecretKey(serverKeys.secretKey())) {
                router.bind(ep);
                Msg m;
                int got = 0;
                do {
                    m = router.recv(Duration.ofSeconds(15));
                    assertNotNull(m, "the lingering CURVE socket did not come back (" + got + " arrived)");
                    got++;
                } while (m.frame(1).length != 4);
                assertEquals("last", m.string(1));
            }
        }
    }
}
