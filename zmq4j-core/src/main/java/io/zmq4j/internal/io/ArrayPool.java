package io.zmq4j.internal.io;

import io.zmq4j.internal.Queues;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jctools.queues.MessagePassingQueue;

/**
 * Arrays for {@code Msg.allocate}, given back by the receiver's {@code close()} and taken again
 * by the next allocation of the same size: what malloc does for libzmq's
 * {@code zmq_msg_init_size}, and why a stream of 1 KiB messages stays in cache there while
 * fresh Java arrays walk through a young generation larger than any cache (bench/FINDINGS.md
 * §10, §20).
 *
 * <p>Arrays are kept by exact size, since a message's frame is its whole array: up to
 * {@link #SIZES} distinct sizes (the first ones asked for; others are plain allocations) and
 * {@link #KEEP_BYTES} of idle arrays per size. An array never given back is collected as any
 * other; nothing here can leak.
 */
public final class ArrayPool {
    /** Larger messages belong in direct buffers ({@code Msg.of(ByteBuffer)}), not here. */
    public static final int MAX_SIZE = 64 * 1024;
    static final int SIZES = 16;
    private static final int KEEP_BYTES = 1024 * 1024;

    private static final AtomicIntegerArray SIZE_OF = new AtomicIntegerArray(SIZES);
    private static final AtomicReferenceArray<MessagePassingQueue<byte[]>> FREE = new AtomicReferenceArray<>(SIZES);

    private ArrayPool() {}

    /** An array of exactly {@code size} bytes, reused if one was given back; not zeroed. */
    public static byte[] take(int size) {
        if (size > 0 && size <= MAX_SIZE) {
            MessagePassingQueue<byte[]> q = queue(size, false);
            if (q != null) {
                byte[] a = q.relaxedPoll();
                if (a != null) {
                    return a;
                }
            }
        }
        return new byte[size];
    }

    /** Gives an array back for a later {@link #take}; the caller must hold no other reference. */
    public static void give(byte[] a) {
        if (a.length > 0 && a.length <= MAX_SIZE) {
            MessagePassingQueue<byte[]> q = queue(a.length, true);
            if (q != null) {
                q.relaxedOffer(a); // a full queue drops it: the GC takes it
            }
        }
    }

    private static MessagePassingQueue<byte[]> queue(int size, boolean claim) {
        for (int i = 0; i < SIZES; i++) {
            int s = SIZE_OF.get(i);
            if (s == 0) {
                if (!claim) {
                    return null; // sizes are claimed in order: no later slot holds it
                }
                if (SIZE_OF.compareAndSet(i, 0, size)) {
                    MessagePassingQueue<byte[]> q = Queues.mpmc(Math.max(4, KEEP_BYTES / size));
                    FREE.set(i, q);
                    return q;
                }
                s = SIZE_OF.get(i); // lost the race: see whose size it is
            }
            if (s == size) {
                return FREE.get(i); // null for a moment while its claimer makes the queue
            }
        }
        return null;
    }
}
