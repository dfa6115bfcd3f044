package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StatsTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    @Test
    void countsMessagesAndBytesBothWaysPerSocketAndPerPeer() {
        Socket a = ctx.socket(SocketType.PAIR).setLinger(Duration.ZERO);
        Socket b = ctx.socket(SocketType.PAIR).setLinger(Duration.ZERO);
        b.connect(a.bind("tcp://127.0.0.1:*"));
        for (int i = 0; i < 10; i++) {
            b.send(Msg.of("12345"));
        }
        for (int i = 0; i < 10; i++) {
            a.recv();
        }
        SocketStats sa = a.stats();
        SocketStats sb = b.stats();
        assertEquals(10, sa.messagesIn());
        assertEquals(50, sa.bytesIn());
        assertEquals(10, sb.messagesOut());
        assertEquals(50, sb.bytesOut());
        assertEquals(1, sb.peers().size());
        assertEquals(10, sb.peers().get(0).messagesOut());
    }

    @Test
    void queueDepthShowsWhatTheApplicationHasNotReadYet() {
        Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
        Socket push = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
        push.connect(pull.bind("inproc://depth"));
        for (int i = 0; i < 7; i++) {
            push.send(Msg.of("x"));
        }
        pull.hasIn(); // takes on the new peer
        assertEquals(7, pull.stats().peers().get(0).queuedIn());
    }

    @Test
    void publisherCountsWhatASlowSubscriberDropped() {
        Socket pub = ctx.socket(SocketType.PUB).setSendHwm(5).setLinger(Duration.ZERO);
        Socket sub = ctx.socket(SocketType.SUB).setReceiveHwm(5).setLinger(Duration.ZERO);
        sub.subscribe("");
        sub.connect(pub.bind("inproc://drops"));
        pub.hasOut(); // takes on the subscriber
        for (int i = 0; i < 100; i++) {
            pub.send(Msg.of("m"));
        }
        SocketStats s = pub.stats();
        assertEquals(90, s.dropped(), "HWM of the inproc link is 5 + 5");
        assertEquals(90, s.hwmBlocks());
    }

    @Test
    void reconnectsAndHandshakeFailuresAreCounted() throws Exception {
        Socket wrong = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO);
        String ep = wrong.bind("tcp://127.0.0.1:*");
        Socket pull = ctx.socket(SocketType.PULL).setLinger(Duration.ZERO).setReconnectInterval(Duration.ofMillis(20));
        pull.connect(ep); // PULL to PULL: every handshake fails, and it keeps retrying
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        SocketStats s = pull.stats();
        while ((s.handshakeFailures() < 2 || s.reconnects() < 2) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            s = pull.stats();
        }
        assertTrue(s.handshakeFailures() >= 2, s.toString());
        assertTrue(s.reconnects() >= 2, s.toString());
    }
}
