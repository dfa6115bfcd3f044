package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zmq4j.Context;
import io.zmq4j.Socket;
import io.zmq4j.SocketStats;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: Inproc.join (on the connecter's thread) registers the link with the binder through
 * binder.addLink; SocketBase.release on a concurrently closing binder copies its links first and
 * unbinds the name later. A link added in between is never told the binder closed
 * (Pending.closedBy), so the connecter keeps a pipe to a dead socket that never reports gone:
 * its sends vanish into it (libzmq terminates both ends of the pipe).
 */
@Timeout(120)
class InprocConnectCloseRaceTest {
    /** The connecter's Inproc.Pending whose binder is set, via reflection (internal state). */
    private static Object joinedLink(Socket s) throws Exception {
        java.lang.reflect.Field bf = Socket.class.getDeclaredField("base");
        bf.setAccessible(true);
        Object base = bf.get(s);
        java.lang.reflect.Field lf = base.getClass().getDeclaredField("links");
        lf.setAccessible(true);
        java.util.List<?> links;
        synchronized (lf) {
            links = new java.util.ArrayList<>((java.util.List<?>) lf.get(base));
        }
        for (Object l : links) {
            java.lang.reflect.Field binder = l.getClass().getDeclaredField("binder");
            binder.setAccessible(true);
            if (binder.get(l) != null) {
                return l;
            }
        }
        return null;
    }

    @Test
    void aConnectRacingTheBindersCloseEndsUpGone() throws Exception {
        int leaks = 0;
        int rounds = 3000;
        try (Context ctx = Context.create()) {
            for (int r = 0; r < rounds; r++) {
                String ep = "inproc://race-" + r;
                Socket binder = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
                binder.bind(ep);
                Socket connecter = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
                CyclicBarrier go = new CyclicBarrier(2);
                Thread closer = new Thread(() -> {
                    try {
                        go.await();
                    } catch (Exception e) {
                        return;
                    }
                    binder.close();
                });
                closer.start();
                go.await();
                boolean connected = true;
                try {
                    connecter.connect(ep);
                } catch (RuntimeException e) {
                    connected = false;
                }
                closer.join();
                if (connected) {
                    // only a link that was joined to the binder counts: a connect that found
                    // the name already unbound is legitimately pending (connect-before-bind)
                    Object link = joinedLink(connecter);
                    if (link != null) {
                        long deadline = System.nanoTime() + 200_000_000L;
                        boolean gone = false;
                        while (!gone && System.nanoTime() < deadline) {
                            connecter.hasOut(); // processes the socket's mailbox
                            gone = connecter.stats().peers().stream().noneMatch(p -> !p.gone() && p.endpoint().equals(ep));
                            if (!gone) {
                                Thread.sleep(1);
                            }
                        }
                        if (!gone) {
                            leaks++;
                        }
                    }
                }
                connecter.close();
            }
        }
        assertEquals(0, leaks, leaks + " of " + rounds + " connects racing the binder's close were joined to the binder yet kept a live pipe to it");
    }
}
