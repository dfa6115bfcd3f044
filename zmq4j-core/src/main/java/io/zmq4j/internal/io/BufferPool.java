package io.zmq4j.internal.io;

import io.zmq4j.internal.Queues;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MessagePassingQueue;

/**
 * Off-heap memory for large received frames, reused instead of allocated per message: the
 * decoder reads a large body straight from the socket into it (one copy, by the kernel, and no
 * zeroing), and the message it lands in gives it back when closed, copied out or written on.
 *
 * <p>Size classes are powers of two from {@link #MIN_SIZE} to 4 MiB. What is handed out and not
 * yet given back is capped (a quarter of the heap's maximum, at most 256 MiB): past the cap,
 * and for bigger frames, the decoder uses plain arrays as before. Memory never given back (a
 * message dropped without {@code close()}) is freed by the GC, which also stops counting it
 * against the cap ({@link Lease#abandon}); it is not reused, as a view of it may be reachable.
 */
public final class BufferPool {
    /** Frames from this size up come from the pool. */
    public static final int MIN_SIZE = 32 * 1024;
    private static final int MIN_SHIFT = 15;
    private static final int MAX_SHIFT = 22;
    /** Idle memory kept per class: enough for bursts, bounded for a program that had one. */
    private static final int KEEP_BYTES = 16 * 1024 * 1024;
    private static final long LIMIT = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4);

    @SuppressWarnings("unchecked")
    private static final MessagePassingQueue<ByteBuffer>[] FREE = new MessagePassingQueue[MAX_SHIFT - MIN_SHIFT + 1];
    private static final AtomicLong OUTSTANDING = new AtomicLong();
    private static final AtomicLong LEASES = new AtomicLong();

    static {
        for (int s = MIN_SHIFT; s <= MAX_SHIFT; s++) {
            FREE[s - MIN_SHIFT] = Queues.mpmc(Math.max(4, KEEP_BYTES >> s));
        }
    }

    private BufferPool() {}

    /**
     * Memory for a frame of {@code size} bytes, or null when the frame is outside the pooled
     * sizes or the cap is reached (the caller falls back to an array).
     */
    public static Lease take(int size) {
        if (size < MIN_SIZE || size > 1 << MAX_SHIFT) {
            return null;
        }
        int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(size - 1));
        int bytes = 1 << shift;
        if (OUTSTANDING.addAndGet(bytes) > LIMIT) {
            OUTSTANDING.addAndGet(-bytes);
            return null;
        }
        ByteBuffer memory = FREE[shift - MIN_SHIFT].poll();
        if (memory == null) {
            try {
                memory = ByteBuffer.allocateDirect(bytes);
            } catch (OutOfMemoryError e) { // direct memory exhausted: arrays still work
                OUTSTANDING.addAndGet(-bytes);
                return null;
            }
        }
        LEASES.incrementAndGet();
        return new Lease(memory, shift);
    }

    /** Leases handed out since the process started (tests: which frames took the pooled path). */
    public static long leasesTaken() {
        return LEASES.get();
    }

    /** Bytes handed out and not given back (including what was dropped without a release). */
    public static long outstandingBytes() {
        return OUTSTANDING.get();
    }

    /** One use of a pooled buffer, given back exactly once however often release is called. */
    public static final class Lease {
        private final ByteBuffer memory;
        private final int shift;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(ByteBuffer memory, int shift) {
            this.memory = memory;
            this.shift = shift;
        }

        /** A buffer over the first {@code size} bytes, for filling. */
        public ByteBuffer buffer(int size) {
            return memory.duplicate().clear().limit(size);
        }

        /**
         * The frame holding this lease became garbage without a release (a message dropped at
         * HWM, by a ROUTER, with a closed pipe or connection, or never closed): stop counting it
         * against the cap. The memory is not reused, as a view of it may still be reachable.
         */
        public void abandon() {
            if (released.compareAndSet(false, true)) {
                OUTSTANDING.addAndGet(-(1L << shift));
            }
        }

        /** Gives the memory back; true the first time only. */
        public boolean release() {
            if (!released.compareAndSet(false, true)) {
                return false;
            }
            OUTSTANDING.addAndGet(-(1L << shift));
            FREE[shift - MIN_SHIFT].offer(memory); // a full class lets the GC have it
            return true;
        }
    }
}
