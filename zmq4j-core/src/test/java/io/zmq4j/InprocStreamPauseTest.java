package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Receiving on more than one CPU, where a receiver that drained a dense inproc stream pauses
 * briefly before it looks again, so that the sending thread gets a batch ahead instead of the
 * two running one message apart. A request and its reply never pause.
 */
@Timeout(120)
class InprocStreamPauseTest {
    private final Context ctx = Context.create();

    @BeforeAll
    static void seesMoreThanOneProcessor() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "the pause is for more than one CPU");
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void aDenseInprocStreamArrivesWholeAndInOrderWhileTheReceiverPauses() throws Exception {
        try (Socket pull = InprocStreams.streamInto(ctx, "inproc://pause-stream", 1, 300_000)) {
            assertTrue(pull.base().streamPauses() > 0,
                    "a receiver that drained a dense inproc stream never let its sender get ahead");
        }
    }

    @Test
    void severalInprocSendersAllArriveInTheirOwnOrder() throws Exception {
        InprocStreams.streamInto(ctx, "inproc://pause-fan-in", 3, 100_000).close();
    }

    @Test
    void requestsAndRepliesNeverPause() throws Exception {
        try (Socket rep = ctx.socket(SocketType.REP).setReceiveTimeout(InprocStreams.WAIT)) {
            rep.bind("inproc://pause-reqrep");
            CompletableFuture<Long> client = CompletableFuture.supplyAsync(() -> {
                try (Socket req = ctx.socket(SocketType.REQ).setReceiveTimeout(InprocStreams.WAIT)) {
                    req.connect("inproc://pause-reqrep");
                    for (int i = 0; i < 20_000; i++) {
                        req.send(InprocStreams.numbered(0, i));
                        try (Msg reply = req.recv()) {
                            assertEquals(i, ByteBuffer.wrap(reply.frame(0)).getInt(4));
                        }
                    }
                    return req.base().streamPauses();
                }
            }, r -> new Thread(r, "requester").start());
            for (int i = 0; i < 20_000; i++) {
                Msg request = rep.recv();
                assertNotNull(request);
                rep.send(request);
            }
            assertEquals(0, client.get(20, TimeUnit.SECONDS), "the requester paused for a reply");
            assertEquals(0, rep.base().streamPauses(), "the replier paused for a request");
        }
    }

    @Test
    void aStreamOverTcpNeverPauses() throws Exception {
        try (Socket pull = InprocStreams.streamInto(ctx, "tcp://127.0.0.1:*", 1, 50_000)) {
            assertEquals(0, pull.base().streamPauses(), "a tcp receiver is woken by its I/O thread; it must not pause");
        }
    }

    @Test
    void aReceiveTimeoutStillEndsAReceiveAfterAStream() throws Exception {
        try (Socket pull = InprocStreams.streamInto(ctx, "inproc://pause-timeout", 1, 50_000)) {
            long start = System.nanoTime();
            assertNull(pull.recv(Duration.ofMillis(200)), "nothing more was sent");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs >= 190, "returned after " + waitedMs + " ms, before its timeout");
        }
    }
}
