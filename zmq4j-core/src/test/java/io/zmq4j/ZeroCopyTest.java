package io.zmq4j;

import static io.zmq4j.TestBytes.awaitPoolIdle;
import static io.zmq4j.TestBytes.bytes;
import static io.zmq4j.TestBytes.direct;
import static io.zmq4j.TestBytes.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.internal.io.BufferPool;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Large frames without copies in Java: sent from the caller's ByteBuffer (a gathering write),
 * received into pooled off-heap memory read in place, and that memory given back exactly once,
 * whichever way the message ends (closed, copied out, or written on).
 */
@Timeout(30)
class ZeroCopyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Context ctx = Context.create();

    @BeforeEach
    void poolIdle() throws InterruptedException {
        awaitPoolIdle();
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket[] pushPull(String transport) {
        Socket pull = ctx.socket(SocketType.PULL).setReceiveTimeout(WAIT);
        Socket push = ctx.socket(SocketType.PUSH).setSendTimeout(WAIT).setLinger(WAIT);
        push.connect(pull.bind(TestEndpoints.bindable(transport)));
        return new Socket[] {push, pull};
    }

    /** A PUSH and a PULL over tcp with CURVE, the PULL the server. */
    private Socket[] curvePushPull() {
        CurveKeyPair server = CurveKeyPair.generate();
        Socket pull = ctx.socket(SocketType.PULL).setReceiveTimeout(WAIT)
                .setCurveServer(true).setCurveSecretKey(server.secretKey());
        Socket push = ctx.socket(SocketType.PUSH).setSendTimeout(WAIT).setCurveServerKey(server.publicKey());
        push.connect(pull.bind("tcp://127.0.0.1:*"));
        return new Socket[] {push, pull};
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc", "inproc"})
    void framesSentFromBuffersArriveIntactBetweenArrayFrames(String transport) {
        Socket[] s = pushPull(transport);
        byte[] small = random(100, 1);
        byte[] middle = random(9000, 2);   // gathered, below the pooled size on receipt
        byte[] large = random(70_000, 3);  // gathered and pooled
        byte[] huge = random(5 << 20, 4);  // gathered, above the pooled sizes
        Msg sent = Msg.builder().add("head").add(direct(small)).add(ByteBuffer.wrap(middle))
                .add(direct(large)).addEmpty().add(direct(huge)).add("tail").build();
        for (int i = 0; i < 3; i++) {
            s[0].send(sent); // frames from a caller's buffer may be sent again and again
        }
        for (int i = 0; i < 3; i++) {
            try (Msg got = s[1].recv()) {
                assertNotNull(got, "message " + i);
                assertEquals(7, got.size());
                assertEquals("head", got.string(0));
                assertArrayEquals(small, bytes(got.buffer(1)));
                assertArrayEquals(middle, bytes(got.buffer(2)));
                assertArrayEquals(large, bytes(got.buffer(3)));
                assertEquals(0, got.buffer(4).remaining());
                assertArrayEquals(huge, got.frame(5));
                assertEquals("tail", got.string(6));
                assertEquals(100 + 9000 + 70_000 + (5 << 20) + 8, got.byteSize());
            }
        }
    }

    @Test
    void aMessageOfABufferLeavesTheBufferAsItWas() {
        ByteBuffer b = ByteBuffer.allocate(16).put("0123456789".getBytes()).flip().position(2);
        Msg m = Msg.of(b);
        assertEquals("23456789", m.string(0));
        assertEquals(2, b.position());
        assertEquals(10, b.limit());
        assertTrue(m.buffer(0).isReadOnly());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void aLargeReceivedFrameIsPooledUntilTheMessageIsClosed(String transport) {
        Socket[] s = pushPull(transport);
        byte[] body = random(64 * 1024, 5);
        long before = BufferPool.outstandingBytes();
        s[0].send(Msg.of(body));
        Msg got = s[1].recv();
        assertNotNull(got);
        ByteBuffer view = got.buffer(0);
        assertTrue(view.isDirect(), "read in place from off-heap memory");
        assertArrayEquals(body, bytes(view));
        assertEquals(before + 64 * 1024, BufferPool.outstandingBytes());
        got.close();
        assertEquals(before, BufferPool.outstandingBytes());
        got.close(); // given back once only
        assertEquals(before, BufferPool.outstandingBytes());
        assertThrows(IllegalStateException.class, () -> got.buffer(0));
    }

    @Test
    void copyingAPooledFrameOutGivesItsMemoryBackAtOnce() {
        Socket[] s = pushPull("tcp");
        byte[] body = random(100_000, 6);
        long before = BufferPool.outstandingBytes();
        s[0].send(Msg.of(body));
        Msg got = s[1].recv();
        assertArrayEquals(body, got.frame(0));
        assertEquals(before, BufferPool.outstandingBytes());
        assertArrayEquals(body, bytes(got.buffer(0)), "still readable: the copy stays");
        got.close();
        assertArrayEquals(body, got.frame(0), "a copied frame outlives close");
    }

    @Test
    void aViewKeepsThePooledMemoryEvenWhenTheFrameIsCopiedOut() {
        Socket[] s = pushPull("tcp");
        byte[] body = random(40_000, 7);
        long before = BufferPool.outstandingBytes();
        s[0].send(Msg.of(body));
        Msg got = s[1].recv();
        ByteBuffer view = got.buffer(0);
        assertArrayEquals(body, got.frame(0));
        assertEquals(before + 64 * 1024, BufferPool.outstandingBytes(), "the view still reads it");
        assertArrayEquals(body, bytes(view));
        got.close();
        assertEquals(before, BufferPool.outstandingBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void anEchoedLargeMessageGoesBackWithoutACopyAndIsReleasedOnce(String transport) {
        Socket rep = ctx.socket(SocketType.REP).setReceiveTimeout(WAIT);
        Socket req = ctx.socket(SocketType.REQ).setReceiveTimeout(WAIT);
        req.connect(rep.bind(TestEndpoints.bindable(transport)));
        long before = BufferPool.outstandingBytes();
        for (int i = 0; i < 50; i++) {
            byte[] body = random(65_536, 100 + i);
            req.send(Msg.of(body));
            Msg request = rep.recv();
            assertNotNull(request);
            rep.send(request); // as libzmq's local_lat: the same message straight back
            try (Msg reply = req.recv()) {
                assertNotNull(reply, "reply " + i);
                assertArrayEquals(body, bytes(reply.buffer(0)));
            }
        }
        // the echo's memory went back when written, the reply's when closed; nothing leaked
        assertEquals(before, BufferPool.outstandingBytes());
    }

    @Test
    void aViewTakenBeforeSendingStaysValidAfterTheMessageIsWritten() {
        Socket[] s = pushPull("tcp");
        Socket[] onward = pushPull("tcp");
        byte[] first = random(64 * 1024, 11);
        s[0].send(Msg.of(first));
        Msg got = s[1].recv();
        ByteBuffer view = got.buffer(0);
        onward[0].send(got);
        try (Msg there = onward[1].recv()) {
            assertArrayEquals(first, bytes(there.buffer(0)));
        }
        for (int i = 0; i < 4; i++) { // pooled memory given back would be reused by these
            s[0].send(Msg.of(random(64 * 1024, 12 + i)));
            s[1].recv().close();
        }
        assertArrayEquals(first, bytes(view), "the writer left viewed memory alone");
    }

    /**
     * Both ends echo large messages with several in flight, so an I/O thread reads a large body
     * straight into pooled memory while the socket's thread writes one directly on the same
     * connection (they once shared the scatter/gather array: the read saw the write's nulls).
     */
    @Test
    void largeMessagesEchoedBothWaysWhileReadsAndDirectWritesOverlap() throws Exception {
        Socket a = ctx.socket(SocketType.PAIR).setReceiveTimeout(WAIT);
        Socket b = ctx.socket(SocketType.PAIR).setReceiveTimeout(WAIT);
        b.connect(a.bind("tcp://127.0.0.1:*"));
        byte[] body = random(64 * 1024, 20);
        int rounds = 3000;
        Thread echo = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                Msg m = b.recv();
                if (m == null) {
                    return;
                }
                b.send(m); // pooled memory, written straight back
            }
        });
        echo.start();
        int inFlight = 0;
        int received = 0;
        for (int sent = 0; sent < rounds; sent++) {
            a.send(Msg.of(direct(body)));
            if (++inFlight == 8) {
                try (Msg m = a.recv()) {
                    assertNotNull(m, "echo " + received + " never came back");
                    assertArrayEquals(body, bytes(m.buffer(0)));
                }
                received++;
                inFlight--;
            }
        }
        while (received < rounds) {
            try (Msg m = a.recv()) {
                assertNotNull(m, "echo " + received + " never came back");
                assertArrayEquals(body, bytes(m.buffer(0)));
            }
            received++;
        }
        echo.join();
    }

    @Test
    void bufferFramesAndPooledFramesGoOverCurveAsArrays() {
        Socket[] curve = curvePushPull();
        Socket push = curve[0];
        Socket pull = curve[1];
        Socket[] plain = pushPull("tcp");
        byte[] body = random(70_000, 30);
        plain[0].send(Msg.of(body));
        Msg pooled = plain[1].recv(); // in pooled memory, forwarded over CURVE
        push.send(Msg.builder().add("head").add(direct(body)).build());
        push.send(pooled);
        try (Msg one = pull.recv(); Msg two = pull.recv()) {
            assertEquals("head", one.string(0));
            assertArrayEquals(body, one.frame(1));
            assertArrayEquals(body, two.frame(0));
            assertTrue(!two.buffer(0).isDirect(), "CURVE frames are decrypted into arrays");
        }
    }

    @Test
    void largeCurveBoxesAreReadIntoPooledMemoryAndGiveItBackOnceOpened() {
        Socket[] curve = curvePushPull();
        Socket push = curve[0];
        Socket pull = curve[1];
        // boxes larger than the I/O thread's 64 KiB read buffer: a smaller one that lies whole in
        // it is opened from there, without pooled memory
        int[] sizes = {65_536, 300_000, 20_000, 1_000_000};
        long leases = BufferPool.leasesTaken();
        for (int i = 0; i < sizes.length; i++) {
            push.send(Msg.of(random(sizes[i], 40 + i)));
        }
        for (int i = 0; i < sizes.length; i++) {
            try (Msg m = pull.recv()) {
                assertNotNull(m, "box " + i);
                assertArrayEquals(random(sizes[i], 40 + i), m.frame(0), "box " + i + " of " + sizes[i] + " bytes");
            }
        }
        assertEquals(3, BufferPool.leasesTaken() - leases, "the three boxes over 64 KiB came through pooled memory");
        assertEquals(0, BufferPool.outstandingBytes(), "and gave it back once opened");
    }

    @Test
    void aPooledMessageCannotBeQueuedTwice() {
        Socket[] s = pushPull("tcp");
        Socket other = ctx.socket(SocketType.PUSH).setLinger(Duration.ZERO);
        other.connect("tcp://127.0.0.1:1"); // never connects: the message stays queued
        s[0].send(Msg.of(random(50_000, 8)));
        Msg got = s[1].recv();
        other.send(got);
        ZmqException e = assertThrows(ZmqException.class, () -> other.send(got));
        assertEquals(ZmqException.Kind.EINVAL, e.kind());
    }

    @Test
    void aPooledMessageThatCouldNotBeSentStaysTheCallers() {
        Socket[] s = pushPull("tcp");
        s[0].send(Msg.of(random(50_000, 9)));
        Msg got = s[1].recv();
        Socket nobody = ctx.socket(SocketType.PUSH);
        assertTrue(!nobody.send(got, Duration.ZERO), "no peer: would block");
        s[0].send(got); // not claimed by the failed send
        try (Msg again = s[1].recv()) {
            assertEquals(50_000, again.byteSize());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void aPublisherFansALargeReceivedMessageOutToEverySubscriber(String transport) throws Exception {
        Socket[] s = pushPull("tcp");
        Socket pub = ctx.socket(SocketType.PUB);
        String ep = pub.bind(TestEndpoints.bindable(transport));
        Socket sub1 = ctx.socket(SocketType.SUB).subscribe("").setReceiveTimeout(WAIT);
        Socket sub2 = ctx.socket(SocketType.SUB).subscribe("").setReceiveTimeout(WAIT);
        sub1.connect(ep);
        sub2.connect(ep);
        byte[] body = random(80_000, 10);
        s[0].send(Msg.of(body));
        Msg got = s[1].recv();
        // subscriptions reach the publisher asynchronously: publish until both have one
        long deadline = System.nanoTime() + WAIT.toNanos();
        Msg a = null;
        Msg b = null;
        while ((a == null || b == null) && System.nanoTime() < deadline) {
            pub.send(Msg.of(got.frame(0)));
            if (a == null) {
                a = sub1.recv(Duration.ofMillis(20));
            }
            if (b == null) {
                b = sub2.recv(Duration.ofMillis(20));
            }
        }
        assertNotNull(a);
        assertNotNull(b);
        assertArrayEquals(body, a.frame(0));
        assertArrayEquals(body, b.frame(0));
        // and a message that still holds pooled memory, published as it is
        long before = BufferPool.outstandingBytes();
        s[0].send(Msg.of(body));
        Msg pooled = s[1].recv();
        pub.send(pooled);
        try (Msg one = sub1.recv(); Msg two = sub2.recv()) {
            assertArrayEquals(body, bytes(one.buffer(0)));
            assertArrayEquals(body, bytes(two.buffer(0)));
        }
        assertEquals(before, BufferPool.outstandingBytes(), "copied once for the fan-out, every lease back");
    }
}
