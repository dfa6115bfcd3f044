package io.zmq4j.internal.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Msg;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MsgQueueTest {
    @Test
    void hwmIsExactInMessages() {
        MsgQueue q = new MsgQueue(3);
        assertTrue(q.offer(Msg.of("1")));
        assertTrue(q.offer(Msg.of("2")));
        assertTrue(q.offer(Msg.of("3")));
        assertFalse(q.offer(Msg.of("4")));
        assertEquals(3, q.depth());
    }

    @Test
    void closeAllClosesEveryQueuedMessageAndEmptiesTheQueue() {
        MsgQueue q = new MsgQueue(10);
        Msg[] queued = {Msg.allocate(4096), Msg.allocate(4096), Msg.allocate(4096)};
        for (Msg m : queued) {
            q.offer(m);
        }
        assertEquals(3, q.closeAll());
        assertTrue(q.isEmpty());
        for (Msg m : queued) {
            // a closed message's pooled array went back to the pool, and the message reads nothing
            assertEquals(0, m.frame(0).length);
        }
    }

    @Test
    void zeroHwmMeansNoLimit() {
        MsgQueue q = new MsgQueue(0);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(q.offer(Msg.of("x")));
        }
    }

    @Test
    void readerIsWokenOnEveryOfferAndWriterOnlyAfterItWasRefused() {
        AtomicInteger readerWakes = new AtomicInteger();
        AtomicInteger writerWakes = new AtomicInteger();
        MsgQueue q = new MsgQueue(1);
        q.readerWaker(readerWakes::incrementAndGet);
        q.writerWaker(writerWakes::incrementAndGet);
        q.offer(Msg.of("a"));
        assertEquals(1, readerWakes.get());
        q.poll();
        assertEquals(0, writerWakes.get(), "the writer never blocked");
        q.offer(Msg.of("b"));
        assertFalse(q.offer(Msg.of("c")));
        q.poll();
        assertEquals(1, writerWakes.get());
    }

    @Test
    void aBlockedWriterIsWokenAtTheLowWaterMarkEvenWhenTheReaderLastLookedAtAnEmptierQueue() {
        AtomicInteger writerWakes = new AtomicInteger();
        MsgQueue q = new MsgQueue(10);
        q.writerWaker(writerWakes::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            q.offer(Msg.of("early"));
        }
        q.poll(); // the reader has seen 5 written
        int more = 0;
        while (q.offer(Msg.of("late"))) {
            more++;
        }
        assertEquals(5, more, "the one taken does not count for the writer before the low-water mark");
        assertFalse(q.hasRoom()); // blocked, waiting to be woken
        for (int depth = 8; depth > 5; depth--) {
            q.poll();
            assertEquals(depth, q.depth());
            assertEquals(0, writerWakes.get(), "woken with " + depth + " of 10 still queued");
        }
        q.poll();
        assertEquals(1, writerWakes.get(), "woken at half the HWM");
    }

    @Test
    void aWriterRefusedAtTheHwmGetsRoomBackOnlyAtTheLowWaterMark() {
        MsgQueue q = new MsgQueue(10);
        for (int i = 0; i < 10; i++) {
            assertTrue(q.offer(Msg.of("x")));
        }
        assertFalse(q.offer(Msg.of("refused")));
        for (int depth = 9; depth > 5; depth--) {
            q.poll();
            assertFalse(q.offer(Msg.of("refused")), "room with " + depth + " of 10 still queued");
        }
        q.poll();
        int more = 0;
        while (q.offer(Msg.of("y"))) {
            more++;
        }
        assertEquals(5, more, "from the low-water mark the writer fills to the HWM again");
        assertEquals(10, q.depth());
    }

    @Test
    void raisingTheHwmGivesARefusedWriterRoomAtOnce() {
        AtomicInteger writerWakes = new AtomicInteger();
        MsgQueue q = new MsgQueue(4, false, true);
        q.writerWaker(writerWakes::incrementAndGet);
        for (int i = 0; i < 4; i++) {
            assertTrue(q.offer(Msg.of("x")));
        }
        assertFalse(q.offer(Msg.of("refused")));
        q.hwm(8);
        assertEquals(1, writerWakes.get());
        assertTrue(q.offer(Msg.of("fits under the new HWM")), "nothing was read, but the HWM is higher");
        assertEquals(5, q.depth());
    }

    @Test
    @Timeout(20)
    void everyMessageCrossesThreadsInOrder() throws Exception {
        MsgQueue q = new MsgQueue(64);
        int n = 200_000;
        Thread writer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                Msg m = Msg.of(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)});
                while (!q.offer(m)) {
                    Thread.onSpinWait();
                }
            }
        });
        writer.start();
        for (int i = 0; i < n; i++) {
            Msg m;
            while ((m = q.poll()) == null) {
                Thread.onSpinWait();
            }
            byte[] f = m.frame(0);
            assertEquals(i, (f[0] & 0xFF) | (f[1] & 0xFF) << 8 | (f[2] & 0xFF) << 16);
        }
        writer.join();
    }
}
