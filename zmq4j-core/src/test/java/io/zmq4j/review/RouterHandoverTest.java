package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: on ROUTER_HANDOVER, Router.identify drops the existing pipe from the fair queue
 * (fq.remove) and forgets it, without terminating it: what the old connection had already
 * delivered is never read, and the old connection itself stays open for ever (a zombie the
 * socket never reads from). libzmq's router_t::identify_peer renames the old pipe and calls
 * old_pipe->terminate(true): its queued messages are still delivered, then the connection closes.
 */
@Timeout(30)
class RouterHandoverTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void handoverDeliversWhatTheOldConnectionSentAndClosesIt() throws Exception {
        Socket router = ctx.socket(SocketType.ROUTER).setLinger(Duration.ZERO).setRouterHandover(true);
        CountDownLatch handshakes = new CountDownLatch(2);
        router.onEvent(EnumSet.of(Event.HANDSHAKE_SUCCEEDED), e -> handshakes.countDown());
        String ep = router.bind("tcp://127.0.0.1:*");
        byte[] id = "X".getBytes(StandardCharsets.US_ASCII);
        Socket a = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO).setRoutingId(id);
        CountDownLatch aLost = new CountDownLatch(1);
        a.onEvent(EnumSet.of(Event.DISCONNECTED), e -> aLost.countDown());
        a.connect(ep);
        a.send(Msg.of("a1"));
        a.send(Msg.of("a2"));
        // wait until both sit in the ROUTER's queue, unread
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline
                && router.stats().peers().stream().mapToInt(p -> p.queuedIn()).sum() < 2) {
            router.hasIn();
            Thread.sleep(5);
        }
        Socket b = ctx.socket(SocketType.DEALER).setLinger(Duration.ZERO).setRoutingId(id);
        b.connect(ep);
        b.send(Msg.of("b1"));
        assertTrue(handshakes.await(5, TimeUnit.SECONDS), "B never connected");
        List<String> got = new ArrayList<>();
        Msg m;
        while ((m = router.recv(Duration.ofMillis(1500))) != null) {
            got.add(m.string(1));
            if (got.contains("b1") && got.size() >= 3) {
                break;
            }
        }
        assertTrue(got.contains("b1"), "the new connection took over: " + got);
        got.sort(null); // fair-queued: order across the two connections is not fixed
        assertEquals(List.of("a1", "a2", "b1"), got, "messages the old connection delivered before the handover were lost");
        assertTrue(aLost.await(3, TimeUnit.SECONDS), "the old connection was never closed after the handover");
    }
}
