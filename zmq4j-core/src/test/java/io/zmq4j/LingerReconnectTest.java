package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linger is a promise to keep trying: as in libzmq, a connecting socket that was closed with
 * messages still queued makes its connection again when the peer drops it, and delivers them
 * to whoever answers at that address before linger runs out.
 */
@Timeout(30)
class LingerReconnectTest {
    @Test
    void aClosedSocketWhoseConnectionDropsReconnectsToDeliverWhatIsQueued() throws Exception {
        int port;
        try (Context ctx = Context.create()) {
            Socket dealer = ctx.socket(SocketType.DEALER)
                    .setSendHwm(0)
                    .setLinger(Duration.ofSeconds(20))
                    .setReconnectInterval(Duration.ofMillis(50));
            try (RawZmtpPeer peer = new RawZmtpPeer()) {
                port = Integer.parseInt(peer.endpoint().substring(peer.endpoint().lastIndexOf(':') + 1));
                dealer.connect(peer.endpoint());
                peer.acceptAndHandshake(1, "ROUTER");
                // the peer reads nothing: the kernel buffers fill and the rest stays queued
                byte[] body = new byte[64 * 1024];
                for (int i = 0; i < 400; i++) {
                    dealer.send(Msg.of(body));
                }
                dealer.send(Msg.of("last"));
                dealer.close();
            } // the connection drops while the socket lingers with messages queued
            try (Context other = Context.create();
                 Socket router = other.socket(SocketType.ROUTER)) {
                router.bind("tcp://127.0.0.1:" + port);
                Msg m;
                int got = 0;
                do {
                    m = router.recv(Duration.ofSeconds(15));
                    assertNotNull(m, "the lingering socket did not come back with its queued messages (" + got + " arrived)");
                    got++;
                } while (m.frame(1).length != 4);
                assertEquals("last", m.string(1));
                assertTrue(got > 1);
            }
        }
    }
}
