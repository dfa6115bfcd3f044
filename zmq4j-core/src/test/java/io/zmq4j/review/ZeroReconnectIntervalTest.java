package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: with RECONNECT_IVL 0 a connect that fails synchronously (ipc:// to a missing file
 * fails inside SocketChannel.connect) schedules its retry with delay 0; IoThread.runTimers keeps
 * running due timers in a while loop, so the retry, its failure and the next 0 ms retry all
 * happen inside one runTimers call for ever. The I/O thread never gets back to select() or its
 * task queue: every other connection on it freezes and Context.close() never returns.
 */
@Timeout(60)
class ZeroReconnectIntervalTest {
    @Test
    void aFailingZeroIntervalReconnectDoesNotStarveTheIoThread() throws Exception {
        Context ctx = Context.create(1);
        AssertionError first = null;
        try {
            Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
            String ep = pull.bind("tcp://127.0.0.1:*");
            Socket doomed = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setReconnectInterval(Duration.ZERO);
            doomed.connect("ipc://" + System.getProperty("java.io.tmpdir") + "/zmq4j-review-missing-" + System.nanoTime() + ".sock");
            Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
            push.connect(ep);
            push.send(Msg.of("hello"));
            Msg m = pull.recv(Duration.ofSeconds(5));
            assertNotNull(m, "the only I/O thread is stuck retrying the ipc connect: nothing else moves");
        } catch (AssertionError e) {
            first = e;
        } finally {
            Thread closer = new Thread(ctx::close, "review-closer");
            closer.setDaemon(true);
            closer.start();
            closer.join(15_000);
            if (closer.isAlive()) {
                AssertionError hang = new AssertionError("Context.close() hangs: the I/O thread never runs the close tasks");
                if (first != null) {
                    first.addSuppressed(hang);
                } else {
                    first = hang;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
