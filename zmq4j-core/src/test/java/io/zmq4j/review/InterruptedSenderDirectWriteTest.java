package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reply is written to the channel by the socket's own thread when the output is idle. That
 * thread may carry an interrupt the application set: the write must not close the connection
 * (an interruptible channel closes itself on an interrupted blocking operation).
 */
@Timeout(30)
class InterruptedSenderDirectWriteTest {
    @Test
    void aSendFromAnInterruptedThreadDoesNotDropTheConnection() {
        try (Context ctx = Context.create()) {
            Socket router = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO);
            Socket dealer = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO);
            dealer.connect(router.bind("tcp://127.0.0.1:*"));
            for (int i = 0; i < 20; i++) {
                dealer.send(Msg.of("ping " + i));
                Msg req = router.recv(Duration.ofSeconds(5));
                assertNotNull(req);
                Thread.currentThread().interrupt();
                try {
                    router.send(Msg.of(req.frame(0), ("pong " + i).getBytes()));
                } finally {
                    Thread.interrupted();
                }
                Msg rep = dealer.recv(Duration.ofSeconds(5));
                assertNotNull(rep, "reply " + i + " lost");
                assertEquals("pong " + i, rep.string(0));
            }
        }
    }
}
