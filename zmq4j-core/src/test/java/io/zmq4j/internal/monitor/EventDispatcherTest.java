package io.zmq4j.internal.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zmq4j.Event;
import io.zmq4j.SocketEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class EventDispatcherTest {
    private static SocketEvent event(int n) {
        return new SocketEvent(Event.CONNECTED, n, "tcp://127.0.0.1:1", "", "");
    }

    @Test
    void aStuckListenerCostsAtMostCapacityEventsAndTheRestAreCountedAsDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        try (EventDispatcher d = new EventDispatcher("test-events", 10)) {
            d.dispatch(e -> {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                seen.add(e.value());
            }, event(0));
            // the first may already be taken by the listener thread, so send enough to overflow either way
            for (int i = 1; i <= 20; i++) {
                d.dispatch(e -> seen.add(e.value()), event(i));
            }
            d.dispatchStop(stopped::countDown);
            long dropped = d.dropped();
            assertTrue(dropped >= 10 && dropped <= 11, "dropped " + dropped);
            release.countDown();
            assertTrue(stopped.await(5, TimeUnit.SECONDS), "the stop notice is never dropped");
            assertEquals(21 - dropped, seen.size());
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i - 1) < seen.get(i), "in order: " + seen);
            }
        }
    }

    @Test
    void eventsFlowAgainOnceTheListenerCatchesUp() throws Exception {
        try (EventDispatcher d = new EventDispatcher("test-events", 2)) {
            CountDownLatch got = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                d.dispatch(e -> got.countDown(), event(i));
                // wait for it to be delivered before the next: never more than one waits
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (got.getCount() > 99 - i && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            assertTrue(got.await(5, TimeUnit.SECONDS));
            assertEquals(0, d.dropped());
        }
    }
}
