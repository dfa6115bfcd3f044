package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Msg;
import io.zmq4j.Poller;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: "would I block on send?" checks (Pipe.sendable -> MsgQueue.hasRoom) do not set
 * MsgQueue.writerBlocked, and the reader only wakes the writer when writerBlocked is set. So a
 * thread that parks because hasRoom() said "full" is never woken when the queue drains:
 * Poller OUT, and XPUB with xpubNoDrop (XPub.send checks sendable() before writing).
 */
@Timeout(30)
class PollOutLostWakeupTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("thread never parked: " + t.getState());
    }

    private static Thread spawn(Runnable r, CompletableFuture<Object> result) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "review-waiter");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void pollerOutWakesWhenTheQueueDrains() throws Exception {
        Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setReceiveHwm(5);
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setSendHwm(5);
        String ep = "inproc://pollout-" + System.nanoTime();
        pull.bind(ep);
        push.connect(ep);
        // fill exactly to the HWM (5 + 5) without a failing send: as "poll OUT, send while writable" does
        int sent = 0;
        while (push.hasOut()) {
            assertTrue(push.trySend(Msg.of("m" + sent)));
            sent++;
        }
        assertEquals(10, sent);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread t = spawn(() -> {
            Poller p = new Poller();
            p.register(push, Poller.OUT);
            long t0 = System.nanoTime();
            int n = p.poll(Duration.ofSeconds(5));
            result.complete(new long[] {n, (System.nanoTime() - t0) / 1_000_000});
        }, result);
        awaitParked(t);
        for (int i = 0; i < sent; i++) {
            assertNotNull(pull.recv(Duration.ofSeconds(2)));
        }
        long[] r = (long[]) result.get(10, TimeUnit.SECONDS);
        assertEquals(1, r[0], "poller should report PUSH writable once PULL drained the queue (waited " + r[1] + " ms)");
        assertTrue(r[1] < 4000, "poller woke only at its timeout: " + r[1] + " ms");
    }

    @Test
    void xpubNoDropBlockedSendWakesWhenSubscriberDrains() throws Exception {
        Socket pub = ctx.socket(SocketType.XPUB).setLinger(Duration.ZERO).setSendHwm(5).setXpubNoDrop(true);
        Socket sub = ctx.socket(SocketType.SUB).setLinger(Duration.ZERO).setReceiveHwm(5);
        String ep = "inproc://nodrop-" + System.nanoTime();
        pub.bind(ep);
        sub.connect(ep);
        sub.subscribe("");
        assertNotNull(pub.recv(Duration.ofSeconds(2))); // the subscription
        int sent = 0;
        while (pub.send(Msg.of("m" + sent), Duration.ZERO)) {
            sent++;
            if (sent > 100) {
                throw new AssertionError("XPUB nodrop never filled");
            }
        }
        assertEquals(10, sent);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread t = spawn(() -> {
            long t0 = System.nanoTime();
            boolean ok = pub.send(Msg.of("last"), Duration.ofSeconds(5));
            result.complete(new long[] {ok ? 1 : 0, (System.nanoTime() - t0) / 1_000_000});
        }, result);
        awaitParked(t);
        for (int i = 0; i < sent; i++) {
            assertNotNull(sub.recv(Duration.ofSeconds(2)));
        }
        long[] r = (long[]) result.get(10, TimeUnit.SECONDS);
        assertEquals(1, r[0], "blocked XPUB nodrop send should complete once the subscriber drained (waited " + r[1] + " ms)");
        // with the bug it only gets through on its final re-check at the 5 s deadline
        // (with no send timeout it would block for ever)
        assertTrue(r[1] < 4000, "blocked send woke only at its timeout: " + r[1] + " ms");
        assertNotNull(sub.recv(Duration.ofSeconds(2)));
    }
}
