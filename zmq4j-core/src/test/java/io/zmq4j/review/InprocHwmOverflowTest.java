package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: an inproc link's queue is allocated with the connecter's own HWMs (sndhwm + rcvhwm,
 * rounded up to a power of two), and Inproc.join later raises the HWM to sndhwm + the binder's
 * rcvhwm. MsgQueue.offer ignores SpscArrayQueue.relaxedOffer's false, so once the array is full
 * every further message is counted as written but silently dropped.
 */
@Timeout(20)
class InprocHwmOverflowTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private void check(int binderRcvHwm) {
        Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setReceiveHwm(binderRcvHwm);
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setHwm(10);
        String ep = "inproc://hwm-" + System.nanoTime();
        pull.bind(ep);
        push.connect(ep); // link HWM (libzmq): push sndhwm 10 + pull rcvhwm
        int n = 1000;
        for (int i = 0; i < n; i++) {
            assertTrue(push.trySend(Msg.of(Integer.toString(i))), "send " + i + " should fit under the link HWM");
        }
        int got = 0;
        while (got < n) {
            Msg m = pull.recv(Duration.ofSeconds(2));
            if (m == null) {
                break;
            }
            assertEquals(Integer.toString(got), m.string(0));
            got++;
        }
        assertEquals(n, got, "every message the HWM accepted must be delivered");
    }

    @Test
    void binderWithLargerReceiveHwmLosesNothing() {
        check(100_000);
    }

    @Test
    void binderWithUnboundedReceiveHwmLosesNothing() {
        check(0);
    }
}
