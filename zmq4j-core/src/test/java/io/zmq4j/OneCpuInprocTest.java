package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
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
    private static final Duration WAIT = InprocStreams.WAIT;
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

    private Socket streamInto(String endpoint, int senders, int each) throws Exception {
        return InprocStreams.streamInto(ctx, endpoint, senders, each);
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
                        req.send(InprocStreams.numbered(0, i));
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
