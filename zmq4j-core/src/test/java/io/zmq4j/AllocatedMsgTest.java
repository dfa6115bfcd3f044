package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Msg#allocate}: arrays reused once a receiver closes their message, and never while
 * anyone else may still read them.
 */
@Timeout(60)
class AllocatedMsgTest {
    // a size of its own per test, so that arrays left in the shared pool by one test cannot
    // stand in for another's
    private static final AtomicInteger SIZE = new AtomicInteger(3001);
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    /** Linger 0: a test that fails with messages still queued must not hold up the context's close. */
    private Socket socket(SocketType type) {
        return ctx.socket(type).setLinger(Duration.ZERO);
    }

    private Socket[] inprocPair(SocketType sender, SocketType receiver) {
        String ep = "inproc://allocated-" + System.nanoTime();
        Socket r = socket(receiver).setReceiveTimeout(Duration.ofSeconds(10));
        r.bind(ep);
        Socket s = socket(sender).setSendTimeout(Duration.ofSeconds(10)); // a failed check cannot leave a sender blocked
        s.connect(ep);
        return new Socket[] {s, r};
    }

    /** PUSH connected to PULL over tcp or ipc. */
    private Socket[] pushPull(String transport) {
        Socket pull = socket(SocketType.PULL).setReceiveTimeout(Duration.ofSeconds(10));
        pull.bind(TestEndpoints.bindable(transport));
        // a send timeout ends a sending thread whose receiver stopped at a failed check
        Socket push = socket(SocketType.PUSH).setSendTimeout(Duration.ofSeconds(10));
        push.connect(pull.lastEndpoint());
        return new Socket[] {push, pull};
    }

    private static Msg filled(int size, int value) {
        Msg m = Msg.allocate(size);
        Arrays.fill(m.frame(0), (byte) value);
        return m;
    }

    @Test
    void allocateGivesAOneFrameMessageOfThatSize() {
        int size = SIZE.getAndIncrement();
        Msg m = Msg.allocate(size);
        assertEquals(1, m.size());
        assertEquals(size, m.frame(0).length);
        assertEquals(0, Msg.allocate(0).frame(0).length);
    }

    @Test
    void negativeSizeIsEinval() {
        ZmqException e = assertThrows(ZmqException.class, () -> Msg.allocate(-1));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
    }

    /** An allocated message of a size of its own, sent inproc from {@code pair[0]} and received by {@code pair[1]}. */
    private record Delivery(int size, Msg sent, byte[] array, Socket[] pair, Msg got) {}

    private Delivery deliver(SocketType sender, SocketType receiver, int value) {
        int size = SIZE.getAndIncrement();
        Socket[] p = inprocPair(sender, receiver);
        Msg sent = filled(size, value);
        byte[] array = sent.frame(0);
        p[0].send(sent);
        return new Delivery(size, sent, array, p, p[1].recv());
    }

    @Test
    void closingAReceivedMessageGivesItsArrayToTheNextAllocate() {
        Delivery d = deliver(SocketType.PUSH, SocketType.PULL, 7);
        assertSame(d.array(), d.got().frame(0)); // inproc: not copied
        d.got().close();
        assertSame(d.array(), Msg.allocate(d.size()).frame(0));
    }

    @Test
    void aRequestEchoedByRepGivesItsArrayBackWhenTheReplyIsClosed() {
        Delivery d = deliver(SocketType.REQ, SocketType.REP, 5);
        assertSame(d.array(), d.got().frame(0)); // the envelope came off, the body is the same array
        d.pair()[1].send(d.got());
        Msg reply = d.pair()[0].setReceiveTimeout(Duration.ofSeconds(10)).recv();
        assertSame(d.array(), reply.frame(0));
        assertNotSame(d.array(), Msg.allocate(d.size()).frame(0)); // the reply still holds it
        reply.close();
        assertSame(d.array(), Msg.allocate(d.size()).frame(0));
    }

    @Test
    void aRequestClosedByRepGoesBackToThePoolOnce() {
        Delivery d = deliver(SocketType.REQ, SocketType.REP, 6);
        d.got().close();
        d.sent().close(); // sent: closing the sender's reference gives nothing back a second time
        assertSame(d.array(), Msg.allocate(d.size()).frame(0));
        assertNotSame(d.array(), Msg.allocate(d.size()).frame(0)); // given back once, taken once
    }

    @Test
    void aDealersMessageKeepsItsArrayThroughTheRoutersEnvelope() {
        Delivery d = deliver(SocketType.DEALER, SocketType.ROUTER, 8);
        assertEquals(2, d.got().size()); // [routing id, body]
        assertSame(d.array(), d.got().frame(1));
        d.got().close();
        assertEquals(0, d.got().frame(1).length); // closed: empty, not the next message's bytes
        assertSame(d.array(), Msg.allocate(d.size()).frame(0));
    }

    @Test
    void aSmallAllocatedMessageIsAPlainArrayNeverReusedAndMaySendAgain() {
        Socket[] p = inprocPair(SocketType.PUSH, SocketType.PULL);
        Msg sent = filled(255, 4);
        byte[] array = sent.frame(0);
        p[0].send(sent);
        p[0].send(sent); // nothing reuses its array, so a second send is as safe as with Msg.of
        Msg got = p[1].recv();
        got.close();
        assertEquals(255, got.frame(0).length, "a plain array stays readable after close");
        assertNotSame(array, Msg.allocate(255).frame(0));
        assertEquals(255, p[1].recv().frame(0).length);
    }

    @Test
    void closedMessageIsEmpty() {
        int size = SIZE.getAndIncrement();
        Socket[] p = inprocPair(SocketType.PUSH, SocketType.PULL);
        p[0].send(filled(size, 1));
        Msg got = p[1].recv();
        got.close();
        assertEquals(0, got.frame(0).length);
    }

    @Test
    void senderClosingItsReferenceAfterSendDoesNotFreeTheReceiversArray() {
        int size = SIZE.getAndIncrement();
        Socket[] p = inprocPair(SocketType.PUSH, SocketType.PULL);
        Msg sent = filled(size, 9);
        p[0].send(sent);
        sent.close(); // a no-op for a sent message, by contract
        Msg got = p[1].recv();
        Msg other = filled(size, 42); // would take the receiver's array if the close had freed it
        assertNotSame(got.frame(0), other.frame(0));
        byte[] expected = new byte[size];
        Arrays.fill(expected, (byte) 9);
        assertArrayEquals(expected, got.frame(0));
    }

    @Test
    void senderClosingItsReferenceAfterTheReceiverHasItDoesNotFreeTheReceiversArray() {
        int size = SIZE.getAndIncrement();
        Socket[] p = inprocPair(SocketType.PUSH, SocketType.PULL);
        Msg sent = filled(size, 10);
        p[0].send(sent);
        Msg got = p[1].recv();
        byte[] received = got.frame(0);
        sent.close();
        assertNotSame(received, Msg.allocate(size).frame(0));
        assertEquals(size, got.frame(0).length);
    }

    @Test
    void sendingAnAllocatedMessageTwiceIsEinvalAndSendsNothing() {
        int size = SIZE.getAndIncrement();
        Socket[] p = inprocPair(SocketType.PUSH, SocketType.PULL);
        Msg m = filled(size, 3);
        p[0].send(m);
        ZmqException e = assertThrows(ZmqException.class, () -> p[0].send(m));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
        p[1].recv();
        p[1].setReceiveTimeout(Duration.ofMillis(100));
        assertEquals(ZmqException.Kind.EAGAIN, assertThrows(ZmqException.class, () -> p[1].recv()).kind());
    }

    @Test
    void aSendThatWouldBlockLeavesTheMessageSendable() {
        int size = SIZE.getAndIncrement();
        Socket push = socket(SocketType.PUSH).setSendTimeout(Duration.ZERO); // no peer yet: EAGAIN
        Msg m = filled(size, 5);
        assertEquals(ZmqException.Kind.EAGAIN, assertThrows(ZmqException.class, () -> push.send(m)).kind());
        Socket pull = socket(SocketType.PULL).setReceiveTimeout(Duration.ofSeconds(10));
        pull.bind("inproc://allocated-later-" + size);
        push.connect("inproc://allocated-later-" + size);
        push.setSendTimeout(Duration.ofSeconds(10));
        push.send(m);
        assertEquals(size, pull.recv().frame(0).length);
    }

    @Test
    void aReceivedMessageSentOnIsReusedOnlyAfterItsLastReceiverCloses() {
        int size = SIZE.getAndIncrement();
        Socket[] a = inprocPair(SocketType.PUSH, SocketType.PULL);
        Socket[] b = inprocPair(SocketType.PUSH, SocketType.PULL);
        Msg sent = filled(size, 11);
        byte[] array = sent.frame(0);
        a[0].send(sent);
        Msg middle = a[1].recv();
        b[0].send(middle);
        middle.close(); // sent on: not the middle's to give back any more
        assertNotSame(array, Msg.allocate(size).frame(0));
        Msg last = b[1].recv();
        assertSame(array, last.frame(0));
        last.close();
        assertSame(array, Msg.allocate(size).frame(0));
    }

    @Test
    void aPublishedMessageIsNeverReusedThoughEverySubscriberCloses() {
        int size = SIZE.getAndIncrement();
        String ep = "inproc://allocated-pub-" + size;
        Socket pub = socket(SocketType.PUB);
        pub.bind(ep);
        Socket s1 = socket(SocketType.SUB).setReceiveTimeout(Duration.ofSeconds(10));
        Socket s2 = socket(SocketType.SUB).setReceiveTimeout(Duration.ofSeconds(10));
        s1.subscribe(new byte[0]);
        s2.subscribe(new byte[0]);
        s1.connect(ep);
        s2.connect(ep);
        Msg got1 = null;
        Msg got2 = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (got1 == null && System.nanoTime() < deadline) { // until both subscriptions are in
            pub.send(filled(size, 8));
            s1.setReceiveTimeout(Duration.ofMillis(20));
            got1 = s1.recv();
        }
        s2.setReceiveTimeout(Duration.ofSeconds(10));
        // drain s2 to the same message as s1 (the first messages may have reached only one)
        pub.send(filled(size, 8));
        got1 = s1.recv();
        got2 = s2.recv();
        while (got2.frame(0) != got1.frame(0)) {
            got2 = s2.recv();
        }
        byte[] shared = got1.frame(0);
        got1.close();
        got2.close();
        // two holders of one array closed it: reusing it would hand one array to two messages
        Msg x = Msg.allocate(size);
        Msg y = Msg.allocate(size);
        assertNotSame(x.frame(0), y.frame(0));
        assertTrue(x.frame(0) != shared && y.frame(0) != shared);
    }

    @Test
    void anAllocatedMessageCrossesTcpIntactAfterTheSenderClosesIt() {
        int size = SIZE.getAndIncrement();
        Socket[] p = pushPull("tcp");
        Socket push = p[0];
        Socket pull = p[1];
        for (int i = 0; i < 200; i++) {
            Msg m = filled(size, i);
            push.send(m);
            m.close();
            Msg noise = filled(size, 255); // would overwrite the queued array if the close had freed it
            noise.close();
        }
        for (int i = 0; i < 200; i++) {
            byte[] expected = new byte[size];
            Arrays.fill(expected, (byte) i);
            try (Msg got = pull.recv()) {
                assertArrayEquals(expected, got.frame(0));
            }
        }
    }

    @Test
    void aConnectionGivesASentArrayBackOnceItIsEncoded() {
        int size = SIZE.getAndIncrement();
        Socket[] p = pushPull("tcp");
        Msg sent = filled(size, 3);
        byte[] array = sent.frame(0);
        p[0].send(sent);
        p[1].recv().close(); // a tcp receiver's frame is its own copy: closing it gives nothing
        assertSame(array, Msg.allocate(size).frame(0)); // the engine gave it back after encoding
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void aStreamOfAllocatedMessagesArrivesIntactWhileTheConnectionReusesTheirArrays(String transport) throws Exception {
        int size = SIZE.getAndIncrement() % 200 + 1000;
        int count = 100_000;
        Socket[] p = pushPull(transport);
        Socket push = p[0];
        Socket pull = p[1];
        Thread sender = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                push.send(numbered(size, i)); // mostly the array the engine gave back a moment ago
            }
        }, "sender");
        sender.start();
        for (int i = 0; i < count; i++) {
            try (Msg m = pull.recv()) {
                assertNumbered(m.frame(0), size, i);
            }
        }
        sender.join(10_000);
    }

    @Test
    void requestsAndRepliesOfAllocatedMessagesStayIntactOverTcp() {
        int size = SIZE.getAndIncrement();
        Socket rep = socket(SocketType.REP).setReceiveTimeout(Duration.ofSeconds(10));
        rep.bind("tcp://127.0.0.1:*");
        Socket req = socket(SocketType.REQ).setReceiveTimeout(Duration.ofSeconds(10));
        req.connect(rep.lastEndpoint());
        for (int i = 0; i < 2000; i++) {
            req.send(numbered(size, i));
            try (Msg request = rep.recv()) {
                assertNumbered(request.frame(0), size, i);
            }
            rep.send(numbered(size, i + 1));
            try (Msg reply = req.recv()) {
                assertNumbered(reply.frame(0), size, i + 1);
            }
        }
    }

    /** An allocated message holding {@code i} in its first four bytes and its low byte in the rest. */
    private static Msg numbered(int size, int i) {
        Msg m = Msg.allocate(size);
        byte[] a = m.frame(0);
        Arrays.fill(a, (byte) i);
        a[0] = (byte) (i >>> 24);
        a[1] = (byte) (i >>> 16);
        a[2] = (byte) (i >>> 8);
        a[3] = (byte) i;
        return m;
    }

    private static void assertNumbered(byte[] a, int size, int i) {
        assertEquals(size, a.length);
        int seq = (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
        assertEquals(i, seq, "message order, or an array reused under a message");
        for (int j = 4; j < size; j++) {
            if (a[j] != (byte) i) {
                throw new AssertionError("message " + i + " byte " + j + " was overwritten: " + a[j]);
            }
        }
    }

    @Test
    void aStreamThroughARelayNeverSeesAnArrayReusedWhileInUse() throws Exception {
        // sender -> relay (receives, sends on, closes its reference) -> receiver (checks, closes):
        // three threads taking and giving arrays of one size all the time; an array handed out
        // while a message still held it would show as a message whose bytes disagree
        int size = SIZE.getAndIncrement() % 200 + 256; // pooled sizes: from 256 B
        int count = 200_000;
        Socket[] first = inprocPair(SocketType.PUSH, SocketType.PULL);
        Socket[] second = inprocPair(SocketType.PUSH, SocketType.PULL);
        Thread relay = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                Msg m = first[1].recv();
                second[0].send(m);
                m.close(); // sent on: must not give the array back
            }
        }, "relay");
        Thread sender = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                first[0].send(numbered(size, i));
            }
        }, "sender");
        relay.start();
        sender.start();
        for (int i = 0; i < count; i++) {
            try (Msg m = second[1].recv()) {
                assertNumbered(m.frame(0), size, i);
            }
        }
        sender.join(10_000);
        relay.join(10_000);
    }
}
