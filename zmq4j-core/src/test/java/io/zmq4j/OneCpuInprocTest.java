package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
            InprocStreams.assertAReceiveTimeoutStillEnds(pull);
        }
    }

    @Test
    void requestsAndRepliesOverInprocAllMatch() throws Exception {
        try (Socket rep = ctx.socket(SocketType.REP).setReceiveTimeout(WAIT)) {
            rep.bind("inproc://one-cpu-reqrep");
            InprocStreams.roundTrips(ctx, rep, "inproc://one-cpu-reqrep", 20_000);
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
