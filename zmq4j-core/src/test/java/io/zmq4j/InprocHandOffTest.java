package io.zmq4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.internal.Internals;
import io.zmq4j.internal.io.BufferFrame;
import io.zmq4j.internal.io.BufferPool;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A message crossing an inproc pipe: one of the caller's own buffers goes on as the very object
 * sent (no copy of the message per hand-off), one holding pooled memory as a message object of
 * the receiver's own, so that the sender's reference can never give back memory the receiver
 * reads, even while sockets close under a stream.
 */
@Timeout(60)
class InprocHandOffTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int SIZE = 64 * 1024;
    private final Context ctx = Context.create();

    @AfterEach
    void close() {
        ctx.close();
    }

    private Socket[] pair(String name) {
        Socket pull = ctx.socket(SocketType.PULL).setReceiveTimeout(WAIT);
        Socket push = ctx.socket(SocketType.PUSH).setSendTimeout(WAIT);
        push.connect(pull.bind("inproc://" + name + "-" + System.nanoTime()));
        return new Socket[] {push, pull};
    }

    /** A message of pooled memory, as the engine makes for a large frame off tcp, filled with {@code seed}. */
    private static Msg pooled(int seed) {
        BufferPool.Lease lease = BufferPool.take(SIZE);
        assertNotNull(lease, "the pool is at its cap");
        ByteBuffer b = lease.buffer(SIZE);
        for (int i = 0; i < SIZE; i++) {
            b.put(i, (byte) (seed + i));
        }
        return Internals.msg().wrap(new byte[][] {null}, new BufferFrame[] {BufferFrame.pooled(b, lease)});
    }

    private static boolean holds(Msg m, int seed) {
        ByteBuffer b = m.buffer(0);
        if (b.remaining() != SIZE) {
            return false;
        }
        for (int i = 0; i < SIZE; i += 997) {
            if (b.get(i) != (byte) (seed + i)) {
                return false;
            }
        }
        return b.get(SIZE - 1) == (byte) (seed + SIZE - 1);
    }

    @Test
    void aMessageOfTheCallersBufferArrivesAsTheObjectSent() {
        Socket[] s = pair("same");
        ByteBuffer direct = ByteBuffer.allocateDirect(SIZE);
        direct.put(0, (byte) 7).put(SIZE - 1, (byte) 9);
        Msg sent = Msg.of(direct);
        s[0].send(sent);
        Msg got = s[1].recv();
        assertSame(sent, got);
        assertEquals(7, got.buffer(0).get(0));
        assertEquals(9, got.buffer(0).get(SIZE - 1));
    }

    @Test
    void theSameBufferMessageSentManyTimesArrivesEveryTimeAndCanBeForwarded() {
        Socket[] s = pair("resend");
        Socket[] t = pair("resend-on");
        ByteBuffer direct = ByteBuffer.allocateDirect(SIZE);
        direct.put(5, (byte) 42);
        Msg sent = Msg.of(direct);
        for (int i = 0; i < 5; i++) {
            s[0].send(sent); // queued five times over, the receiver taking them meanwhile
        }
        for (int i = 0; i < 5; i++) {
            Msg got = s[1].recv();
            assertNotNull(got);
            got.close(); // nothing to give back; the sender's object stays usable
            t[0].send(got);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(42, t[1].recv().buffer(0).get(5));
        }
        assertEquals(42, sent.buffer(0).get(5));
    }

    @Test
    void aPooledMessageArrivesAsTheReceiversOwnObject() {
        Socket[] s = pair("pooled");
        Msg sent = pooled(3);
        s[0].send(sent);
        sent.close(); // a no-op once sent: the memory is the receiver's now
        Msg got = s[1].recv();
        assertTrue(sent != got, "the receiver got the sender's own object"); // (not assertNotSame: it prints 64 KiB)
        assertTrue(holds(got, 3));
        got.close();
    }

    /**
     * The sender closes every message right after sending it and takes new pooled memory for the
     * next, so memory given back too early would be reused and overwritten at once; meanwhile
     * the receiver closes what it read, and the sending socket is closed (linger: wait) while
     * messages are still queued. Every message must arrive intact, once, as a distinct object.
     */
    @Test
    void pooledMessagesSurviveTheSendersCloseAndSocketCloseInFlight() throws Exception {
        int count = 400;
        for (int round = 0; round < 3; round++) {
            Socket[] s = pair("close-" + round);
            s[0].setSendHwm(64);
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < count; i++) {
                    Msg m = pooled(i);
                    s[0].send(m);
                    m.close();
                    assertEquals(SIZE, m.byteSize());
                }
                s[0].close(); // with messages still queued: linger delivers them
            });
            Set<Msg> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            List<Integer> corrupt = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Msg got = s[1].recv();
                assertNotNull(got, "message " + i + " of " + count + " never arrived");
                assertTrue(seen.add(got), "message " + i + " is an object handed out before");
                if (!holds(got, i)) {
                    corrupt.add(i);
                }
                got.close();
            }
            sender.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), corrupt, "messages whose memory was given back under the receiver");
        }
    }

    /** A receiver closed with pooled messages still queued for it: their memory is not kept. */
    @Test
    void pooledMessagesQueuedForAClosedReceiverGiveTheirShareBack() throws Exception {
        long before = BufferPool.outstandingBytes();
        Socket[] s = pair("drop");
        s[0].setSendHwm(1000);
        s[1].setReceiveHwm(1000);
        for (int i = 0; i < 32; i++) {
            s[0].send(pooled(i));
        }
        Msg first = s[1].recv();
        assertTrue(holds(first, 0));
        first.close();
        s[1].close();
        s[0].close();
        s[0] = s[1] = null; // a closed socket this test still held would keep its pipes
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (BufferPool.outstandingBytes() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(BufferPool.outstandingBytes() <= before, "queued messages of a closed socket still count against the cap: "
                + (BufferPool.outstandingBytes() - before) + " bytes");
    }
}
