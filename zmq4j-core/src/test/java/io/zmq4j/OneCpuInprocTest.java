package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Receiving on one CPU, where a receiver draining an inproc stream yields once before it parks
 * (so that the sending thread fills the queue instead of waking it per message). Runs in a JVM
 * of its own that sees one processor ({@code -XX:ActiveProcessorCount=1}, the {@code one-cpu}
 * surefire execution): with more, blocking calls spin instead and none of this runs.
 */
@Tag("one-cpu")
@Timeout(120)
class OneCpuInprocTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final Context ctx = Context.create();

    @BeforeAll
    static void seesOneProcessor() {
        assertEquals(1, Runtime.getRuntime().availableProcessors(),
                "this class needs a JVM that sees one processor (-XX:ActiveProcessorCount=1)");
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    private static Msg numbered(int sender, int seq) {
        Msg m = Msg.allocate(64);
        ByteBuffer.wrap(m.frame(0)).putInt(sender).putInt(seq);
        return m;
    }

    /** Receives {@code count} messages and checks each sender's numbers arrive in order. */
    private static void receiveInOrder(Socket pull, int senders, int count) {
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

    private static CompletableFuture<Void> pushFrom(Context ctx, String endpoint, int sender, int count) {
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
    private Socket streamInto(String endpoint, int senders, int each) throws Exception {
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

    @Test
    void aStreamOverInprocArrivesCompleteAndInOrderWhileTheReceiverYields() throws Exception {
        try (Socket pull = streamInto("inproc://one-cpu-stream", 1, 200_000)) {
            assertTrue(pull.base().yieldsBeforePark() > 0,
                    "a receiver that drained an inproc stream on one CPU never yielded to its sender");
        }
    }

    @Test
    void severalInprocSendersAllArriveInTheirOwnOrder() throws Exception {
        streamInto("inproc://one-cpu-fan-in", 3, 50_000).close();
    }

    @Test
    void aReceiveTimeoutStillEndsAReceiveAfterAStream() throws Exception {
        try (Socket pull = streamInto("inproc://one-cpu-timeout", 1, 10_000)) {
            long start = System.nanoTime();
            assertNull(pull.recv(Duration.ofMillis(200)), "nothing more was sent");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs >= 190, "returned after " + waitedMs + " ms, before its timeout");
        }
    }

    @Test
    void requestsAndRepliesOverInprocAllMatch() throws Exception {
        try (Socket rep = ctx.socket(SocketType.REP).setReceiveTimeout(WAIT)) {
            rep.bind("inproc://one-cpu-reqrep");
            CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
                try (Socket req = ctx.socket(SocketType.REQ).setReceiveTimeout(WAIT)) {
                    req.connect("inproc://one-cpu-reqrep");
                    for (int i = 0; i < 20_000; i++) {
                        req.send(numbered(0, i));
                        try (Msg reply = req.recv()) {
                            assertEquals(i, ByteBuffer.wrap(reply.frame(0)).getInt(4));
                        }
                    }
                }
            }, r -> new Thread(r, "requester").start());
            for (int i = 0; i < 20_000; i++) {
                Msg request = rep.recv();
                assertNotNull(request);
                rep.send(request);
            }
            client.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStreamOverTcpNeverYields() throws Exception {
        try (Socket pull = streamInto("tcp://127.0.0.1:*", 1, 50_000)) {
            assertEquals(0, pull.base().yieldsBeforePark(),
                    "a tcp receiver's I/O thread wakes it once per read; it must not yield");
        }
    }
}
