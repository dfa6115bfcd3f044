package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketStats;
import io.zmq4j.SocketType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Regression tests for ZMQ_CONFLATE semantics (libzmq keeps one message per pipe: ypipe_conflate_t). */
@Timeout(30)
class ConflateTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    /** Used to fail: inproc queues were built without the conflate flag, so CONFLATE was ignored. */
    @Test
    void conflateAppliesOverInproc() {
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
        Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setConflate(true);
        String ep = "inproc://conflate-" + System.nanoTime();
        push.bind(ep);
        pull.connect(ep);
        for (int i = 0; i < 10; i++) {
            assertTrue(push.trySend(Msg.of("m" + i)));
        }
        Msg m = pull.recv(Duration.ofSeconds(2));
        assertNotNull(m);
        assertEquals("m9", m.string(0), "a CONFLATE reader sees only the newest message");
        assertNull(pull.recv(Duration.ofMillis(200)));
    }

    /**
     * Used to fail: MsgQueue(conflate) was an unbounded queue that dropped only when read, so a
     * CONFLATE subscriber that was not reading kept every message in memory (libzmq keeps one).
     */
    @Test
    void conflateSubscriberThatDoesNotReadHoldsOneMessage() throws Exception {
        Socket pub = ctx.socket(SocketType.PUB).setLinger(Duration.ZERO);
        Socket sub = ctx.socket(SocketType.SUB).setLinger(Duration.ZERO).setConflate(true);
        String ep = pub.bind("tcp://127.0.0.1:*");
        sub.subscribe("");
        sub.connect(ep);
        Msg first = null;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (first == null && System.nanoTime() < deadline) {
            pub.send(Msg.of("warmup"));
            first = sub.recv(Duration.ofMillis(20));
        }
        assertNotNull(first, "subscription never took effect");
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            pub.send(Msg.of("m" + i));
        }
        int max = 0;
        deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            SocketStats.Peer p = sub.stats().peers().get(0);
            max = Math.max(max, p.queuedIn());
            if (max > 1000) {
                break;
            }
            Thread.sleep(10);
        }
        assertTrue(max <= 10, "CONFLATE SUB holds " + max + " unread messages (libzmq: at most one)");
        Msg last = sub.recv(Duration.ofSeconds(2));
        assertNotNull(last);
    }
}
