package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zmq4j.internal.socket.SocketBase;
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
            SocketBase req = InprocStreams.roundTrips(ctx, rep, "inproc://pause-reqrep", 20_000);
            assertEquals(0, req.streamPauses(), "the requester paused for a reply");
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
            InprocStreams.assertAReceiveTimeoutStillEnds(pull);
        }
    }
}
