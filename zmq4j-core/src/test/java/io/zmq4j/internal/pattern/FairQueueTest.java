package io.zmq4j.internal.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import io.zmq4j.internal.pipe.MsgQueue;
import io.zmq4j.internal.pipe.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The fair queue's set-aside-and-activate protocol, on bare pipes. */
class FairQueueTest {
    private static Pipe pipe(int hwm) {
        return new Pipe(new MsgQueue(hwm), new MsgQueue(hwm), "test://fq");
    }

    @Test
    void aPipeSetAsideAsEmptyComesBackWithItsNextMessage() {
        FairQueue fq = new FairQueue();
        Pipe a = pipe(10);
        Pipe b = pipe(10);
        fq.add(a);
        fq.add(b);
        assertNull(fq.recv(), "both empty: both set aside");
        assertFalse(fq.hasIn());
        b.in().offer(Msg.of("b1"));
        assertTrue(fq.hasIn());
        assertEquals("b1", fq.recv().string(0));
        assertEquals(b, fq.last());
        a.in().offer(Msg.of("a1"));
        b.in().offer(Msg.of("b2"));
        a.in().offer(Msg.of("a2"));
        List<String> got = new ArrayList<>();
        for (Msg m; (m = fq.recv()) != null; ) {
            got.add(m.string(0));
        }
        assertEquals(4 - 1, got.size());
        assertTrue(got.indexOf("a1") < got.indexOf("a2"), "per-pipe order kept: " + got);
        assertTrue(got.contains("b2"));
    }

    @Test
    void peersTakeTurnsWhileBothHaveMessages() {
        FairQueue fq = new FairQueue();
        Pipe a = pipe(10);
        Pipe b = pipe(10);
        fq.add(a);
        fq.add(b);
        for (int i = 0; i < 3; i++) {
            a.in().offer(Msg.of("a"));
            b.in().offer(Msg.of("b"));
        }
        StringBuilder order = new StringBuilder();
        for (Msg m; (m = fq.recv()) != null; ) {
            order.append(m.string(0));
        }
        assertEquals("ababab", order.toString());
    }

    @Test
    void aRemovedPipeIsNotReadEvenWhenItsWriterGoesOn() {
        FairQueue fq = new FairQueue();
        Pipe a = pipe(10);
        Pipe b = pipe(10);
        fq.add(a);
        fq.add(b);
        assertNull(fq.recv());
        fq.remove(a);
        a.in().offer(Msg.of("stale"));
        b.in().offer(Msg.of("b"));
        assertEquals("b", fq.recv().string(0));
        assertNull(fq.recv());
        assertEquals(1, fq.size());
    }

    @Test
    void aGonePeerLeavesOnceDrained() {
        FairQueue fq = new FairQueue();
        Pipe a = pipe(10);
        fq.add(a);
        assertNull(fq.recv());
        a.in().offer(Msg.of("last"));
        a.markPeerGone();
        fq.terminated(a);
        assertEquals(1, fq.size(), "kept: it still holds a message");
        assertEquals("last", fq.recv().string(0));
        assertNull(fq.recv());
        assertEquals(0, fq.size());
    }

    @Test
    void oneBusyPeerAmongManyIdleOnesIsFoundAtOnce() {
        FairQueue fq = new FairQueue();
        List<Pipe> peers = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Pipe p = pipe(10);
            peers.add(p);
            fq.add(p);
        }
        assertNull(fq.recv(), "first pass sets every idle peer aside");
        Pipe busy = peers.get(4321);
        for (int i = 0; i < 1000; i++) {
            busy.in().offer(Msg.of("m" + i));
            Msg m = fq.recv();
            assertEquals("m" + i, m.string(0));
            assertEquals(busy, fq.last());
        }
        assertEquals(10_000, fq.size());
    }

    /**
     * Each writer sends one message and waits until the reader has it before the next, so
     * every message is a writer's last for a while: one that lands while the reader sets its
     * pipe aside and is not announced would stall both sides. Run long enough to hit that window.
     */
    @Test
    void noMessageIsStrandedWhenWritersRaceTheReaderSettingPipesAside() throws Exception {
        int writers = 3;
        int perWriter = 30_000;
        FairQueue fq = new FairQueue();
        Pipe[] pipes = new Pipe[writers];
        java.util.concurrent.atomic.AtomicIntegerArray received = new java.util.concurrent.atomic.AtomicIntegerArray(writers);
        for (int w = 0; w < writers; w++) {
            pipes[w] = pipe(64);
            fq.add(pipes[w]);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(writers);
        for (int w = 0; w < writers; w++) {
            MsgQueue q = pipes[w].in();
            int id = w;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < perWriter; i++) {
                        assertTrue(q.offer(Msg.of(new byte[] {(byte) id}, java.nio.ByteBuffer.allocate(4).putInt(i).array())));
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                        while (received.get(id) <= i) {
                            if (System.nanoTime() > until) {
                                throw new AssertionError("writer " + id + ": message " + i + " never read");
                            }
                            Thread.yield();
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    done.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        int[] next = new int[writers];
        long total = (long) writers * perWriter;
        for (long got = 0; got < total && failure.get() == null; ) {
            Msg m = fq.recv();
            if (m == null) {
                Thread.onSpinWait();
                continue;
            }
            int w = m.frame(0)[0];
            assertEquals(next[w]++, java.nio.ByteBuffer.wrap(m.frame(1)).getInt(), "order of writer " + w);
            received.incrementAndGet(w);
            got++;
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertNull(failure.get());
        assertNull(fq.recv());
    }
}
