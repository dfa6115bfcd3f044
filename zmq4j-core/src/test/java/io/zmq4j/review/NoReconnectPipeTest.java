package io.zmq4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Context;
import io.zmq4j.Event;
import io.zmq4j.Msg;
import io.zmq4j.Socket;
import io.zmq4j.SocketType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression test (a bug the review found, now fixed). What used to happen: with reconnection disabled (RECONNECT_IVL -1), Session.engineClosed keeps the
 * connecting pipe (keepPipe) and scheduleReconnect returns without detaching it or finishing
 * the session: the socket keeps a live-looking pipe to a peer it will never reach again, and a
 * PUSH keeps load-balancing into it. libzmq's session_base_t::reconnect sends term_endpoint when
 * reconnect_ivl is -1, which terminates the session and its pipe.
 */
@Timeout(30)
class NoReconnectPipeTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void aPeerLostWithReconnectDisabledNoLongerTakesMessages() throws Exception {
        Socket a = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
        Socket b = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
        String epa = a.bind("tcp://127.0.0.1:*");
        String epb = b.bind("tcp://127.0.0.1:*");
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO).setReconnectInterval(Duration.ofMillis(-1));
        CountDownLatch lost = new CountDownLatch(1);
        push.onEvent(EnumSet.of(Event.DISCONNECTED), e -> lost.countDown());
        push.connect(epa);
        push.connect(epb);
        // both connections up: each PULL gets one of two messages
        push.send(Msg.of("x"));
        push.send(Msg.of("y"));
        assertTrue(a.recv(Duration.ofSeconds(3)) != null);
        assertTrue(b.recv(Duration.ofSeconds(3)) != null);
        a.close();
        assertTrue(lost.await(5, TimeUnit.SECONDS), "no DISCONNECTED");
        int n = 20;
        for (int i = 0; i < n; i++) {
            push.send(Msg.of("m" + i), Duration.ofSeconds(2));
        }
        int got = 0;
        while (b.recv(Duration.ofMillis(500)) != null) {
            got++;
        }
        assertEquals(n, got, "messages were queued for a peer that will never be reconnected");
    }
}
