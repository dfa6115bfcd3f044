package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: SocketBase.connectLocked checks "open" first and registers the new Session in
 * {@code sessions} last; a concurrent Context.close() (SocketBase.terminate -> release()) that
 * copies {@code sessions} in between never closes that session, so ContextCore.terminate waits
 * for ever for the session count to reach zero. Closing a context while another thread still
 * uses a socket is the documented way to stop that thread (it gets ETERM).
 */
@Timeout(120)
class ConnectCloseRaceTest {
    @Test
    void contextCloseDuringConcurrentConnectsDoesNotHang() throws Exception {
        for (int round = 0; round < 50; round++) {
            Context ctx = Context.create();
            Socket s = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO);
            CountDownLatch started = new CountDownLatch(1);
            Thread user = new Thread(() -> {
                started.countDown();
                try {
                    for (int i = 0; i < 100_000; i++) {
                        s.connect("tcp://127.0.0.1:" + (20000 + (i % 1000)));
                    }
                } catch (ZmqException e) {
                    // ETERM / ENOTSOCK: expected once the context closes
                }
            }, "review-connecter");
            user.setDaemon(true);
            user.start();
            started.await();
            Thread.sleep(2);
            Thread closer = new Thread(ctx::close, "review-closer");
            closer.setDaemon(true);
            closer.start();
            closer.join(TimeUnit.SECONDS.toMillis(10));
            if (closer.isAlive()) {
                java.lang.reflect.Field f = Context.class.getDeclaredField("core");
                f.setAccessible(true);
                Object core = f.get(ctx);
                java.lang.reflect.Field sf = core.getClass().getDeclaredField("sessions");
                sf.setAccessible(true);
                System.out.println("DIAG sessions still open: " + sf.get(core) + " user alive=" + user.isAlive());
                for (StackTraceElement e : closer.getStackTrace()) System.out.println("DIAG   " + e);
            }
            assertTrue(!closer.isAlive(), "Context.close() hangs (round " + round + "): a session registered after release() leaked");
            user.join(5000);
        }
    }
}
