package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.internal.socket.SocketBase;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Numbered inproc streams for the tests of how a receiver waits (one CPU and more). */
final class InprocStreams {
    static final Duration WAIT = Duration.ofSeconds(20);

    private InprocStreams() {}

    static Msg numbered(int sender, int seq) {
        Msg m = Msg.allocate(64);
        ByteBuffer.wrap(m.frame(0)).putInt(sender).putInt(seq);
        return m;
    }

    /** Receives {@code count} messages and checks each sender's numbers arrive in order. */
    static void receiveInOrder(Socket pull, int senders, int count) {
        int[] next = new int[senders];
        for (int i = 0; i < count; i++) {
            try (Msg m = pull.recv()) {
                assertEquals(64, m.frame(0).length);
                ByteBuffer b = ByteBuffer.wrap(m.frame(0));
                int sender = b.getInt();
                assertEquals(next[sender]++, b.getInt(), "sender " + sender + " out of order");
            }
        }
        for (int s = 0; s < senders; s++) {
            assertEquals(count / senders, next[s], "sender " + s);
        }
    }

    static CompletableFuture<Void> pushFrom(Context ctx, String endpoint, int sender, int count) {
        return CompletableFuture.runAsync(() -> {
            try (Socket push = ctx.socket(SocketType.PUSH).setSendTimeout(WAIT)) {
                push.connect(endpoint);
                for (int i = 0; i < count; i++) {
                    push.send(numbered(sender, i));
                }
            }
        }, r -> new Thread(r, "pusher-" + sender).start());
    }

    /**
     * Binds a PULL to {@code endpoint}, streams {@code each} numbered messages into it from each of
     * {@code senders} threads, checks that all arrive in their sender's order, and returns it.
     */
    static Socket streamInto(Context ctx, String endpoint, int senders, int each) throws Exception {
        Socket pull = ctx.socket(SocketType.PULL).setReceiveTimeout(WAIT);
        String bound = pull.bind(endpoint);
        List<CompletableFuture<Void>> pushed = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            pushed.add(pushFrom(ctx, bound, s, each));
        }
        receiveInOrder(pull, senders, senders * each);
        for (CompletableFuture<Void> f : pushed) {
            f.get(20, TimeUnit.SECONDS);
        }
        return pull;
    }

    /** A receive with a timeout, on a socket that has nothing more coming, waits that long and no less. */
    static void assertAReceiveTimeoutStillEnds(Socket pull) {
        long start = System.nanoTime();
        assertNull(pull.recv(Duration.ofMillis(200)), "nothing more was sent");
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 190, "returned after " + waitedMs + " ms, before its timeout");
    }

    /**
     * {@code count} round trips from a REQ on its own thread to {@code rep}, bound at
     * {@code endpoint}, each reply checked against its request; returns the REQ's internals, for
     * their counters, once it closed.
     */
    static SocketBase roundTrips(Context ctx, Socket rep, String endpoint, int count) throws Exception {
        CompletableFuture<SocketBase> client = CompletableFuture.supplyAsync(() -> {
            try (Socket req = ctx.socket(SocketType.REQ).setReceiveTimeout(WAIT)) {
                req.connect(endpoint);
                for (int i = 0; i < count; i++) {
                    req.send(numbered(0, i));
                    try (Msg reply = req.recv()) {
                        assertEquals(i, ByteBuffer.wrap(reply.frame(0)).getInt(4));
                    }
                }
                return req.base();
            }
        }, r -> new Thread(r, "requester").start());
        for (int i = 0; i < count; i++) {
            Msg request = rep.recv();
            assertNotNull(request);
            rep.send(request);
        }
        return client.get(20, TimeUnit.SECONDS);
    }
}
