package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(20)
class SocketPairsTest {
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket socket(SocketType t) {
        return ctx.socket(t).setLinger(Duration.ZERO).setReceiveTimeout(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc", "inproc"})
    void pushDeliversMultipartMessagesToPullInOrder(String transport) {
        Socket pull = socket(SocketType.PULL);
        Socket push = socket(SocketType.PUSH);
        String ep = pull.bind(TestEndpoints.bindable(transport));
        push.connect(ep);
        for (int i = 0; i < 100; i++) {
            push.send(Msg.of("msg", Integer.toString(i), ""));
        }
        for (int i = 0; i < 100; i++) {
            Msg m = pull.recv();
            assertEquals(3, m.size());
            assertEquals(Integer.toString(i), m.string(1));
            assertEquals(0, m.frame(2).length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc", "inproc"})
    void reqGetsTheReplyFromRep(String transport) {
        Socket rep = socket(SocketType.REP);
        Socket req = socket(SocketType.REQ);
        req.connect(TestEndpoints.bindable(transport).startsWith("tcp") ? rep.bind("tcp://127.0.0.1:*") : rep.bind(TestEndpoints.bindable(transport)));
        for (int i = 0; i < 10; i++) {
            req.send(Msg.of("hello " + i));
            Msg got = rep.recv();
            assertEquals("hello " + i, got.string(0));
            rep.send(Msg.of("world " + i));
            assertEquals("world " + i, req.recv().string(0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc", "inproc"})
    void routerSeesDealerIdentityAndRoutesReplies(String transport) {
        Socket router = socket(SocketType.ROUTER);
        Socket dealer = socket(SocketType.DEALER).setRoutingId("D1".getBytes());
        String ep = router.bind(TestEndpoints.bindable(transport));
        dealer.connect(ep);
        dealer.send(Msg.of("ping"));
        Msg m = router.recv();
        assertEquals("D1", m.string(0));
        assertEquals("ping", m.string(1));
        router.send(Msg.of(m.routingId(), "pong".getBytes()));
        assertEquals("pong", dealer.recv().string(0));
    }

    @Test
    void largeFrameUsesTheLongFormAndArrivesWhole() {
        Socket pull = socket(SocketType.PULL);
        Socket push = socket(SocketType.PUSH);
        push.connect(pull.bind("tcp://127.0.0.1:*"));
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        push.send(Msg.of(big, new byte[300]));
        Msg m = pull.recv();
        assertArrayEquals(big, m.frame(0));
        assertEquals(300, m.frame(1).length);
    }

    @Test
    void tryRecvReturnsNullWhenNothingIsWaiting() {
        Socket pull = socket(SocketType.PULL);
        pull.bind("tcp://127.0.0.1:*");
        assertNull(pull.tryRecv());
        assertNull(pull.recv(Duration.ofMillis(50)));
    }

    @Test
    void pairTalksBothWaysOverInproc() {
        Socket a = socket(SocketType.PAIR);
        Socket b = socket(SocketType.PAIR);
        b.connect("inproc://pair-before-bind");
        a.bind("inproc://pair-before-bind");
        b.send(Msg.of("from b"));
        assertEquals("from b", a.recv().string(0));
        a.send(Msg.of("from a"));
        Msg m = b.recv();
        assertNotNull(m);
        assertEquals("from a", m.string(0));
    }

    @Test
    void framesSentOneByOneArriveAsOneMessageAndCanBeReadOneByOne() {
        Socket a = socket(SocketType.PAIR);
        Socket b = socket(SocketType.PAIR);
        b.connect(a.bind("inproc://frames"));
        b.sendFrame("one".getBytes(), true);
        b.sendFrame(new byte[0], true);
        assertNull(a.recv(Duration.ofMillis(50)), "nothing leaves before the last frame");
        b.sendFrame("three".getBytes(), false);
        assertEquals("one", new String(a.recvFrame()));
        assertTrue(a.hasReceiveMore());
        assertEquals(0, a.recvFrame().length);
        assertTrue(a.hasReceiveMore());
        assertEquals("three", new String(a.recvFrame()));
        assertFalse(a.hasReceiveMore());
    }
}
