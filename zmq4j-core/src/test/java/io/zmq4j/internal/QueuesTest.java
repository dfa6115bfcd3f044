package io.zmq4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jctools.queues.MessagePassingQueue;
import org.junit.jupiter.api.Test;

class QueuesTest {
    @Test
    void queuesAreTheVarHandleOnesFromJava24On() {
        assertFalse(Queues.varHandles(null, 17));
        assertFalse(Queues.varHandles(null, 23));
        assertTrue(Queues.varHandles(null, 24));
        assertTrue(Queues.varHandles(null, 25));
    }

    @Test
    void thePropertyPicksAFamilyOnAnyJdk() {
        assertTrue(Queues.varHandles("varhandle", 17));
        assertFalse(Queues.varHandles("unsafe", 25));
    }

    @Test
    void aPropertyThatNamesNoFamilyIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Queues.varHandles("VarHandles", 17));
        assertEquals("zmq4j.queues must be unsafe or varhandle, not \"VarHandles\"", e.getMessage());
    }

    @Test
    void everyQueueIsOfThisJvmsFamily() {
        String property = System.getProperty("zmq4j.queues");
        assertEquals(property == null ? Runtime.version().feature() >= 24 : property.equals("varhandle"), Queues.varHandles());
        for (MessagePassingQueue<?> q : List.of(Queues.mpscUnbounded(32), Queues.spscUnbounded(32), Queues.spsc(4), Queues.mpmc(4))) {
            assertEquals(Queues.varHandles(), q.getClass().getPackageName().equals("org.jctools.queues.varhandle"), q.getClass().getName());
        }
    }

    @Test
    void boundedQueuesTakeTheirCapacityInOrderAndRefuseMore() {
        for (MessagePassingQueue<Integer> q : List.of(Queues.<Integer>spsc(4), Queues.<Integer>mpmc(4))) {
            for (int i = 0; i < 4; i++) {
                assertTrue(q.offer(i), q.getClass().getName());
            }
            assertFalse(q.offer(4), q.getClass().getName());
            for (int i = 0; i < 4; i++) {
                assertEquals(i, q.poll());
            }
            assertNull(q.poll());
        }
    }

    @Test
    void unboundedQueuesGrowPastTheirChunkInOrder() {
        for (MessagePassingQueue<Integer> q : List.of(Queues.<Integer>mpscUnbounded(32), Queues.<Integer>spscUnbounded(32))) {
            for (int i = 0; i < 1000; i++) {
                assertTrue(q.offer(i));
            }
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, q.relaxedPoll());
            }
            assertTrue(q.isEmpty());
        }
    }
}
