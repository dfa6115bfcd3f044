package io.zmq4j;

import io.zmq4j.internal.io.BufferPool;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Payloads for the large-message tests: random bytes, moving them in and out of buffers, and a
 * pool with nothing outstanding to count from.
 */
final class TestBytes {
    private TestBytes() {}

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A direct buffer holding {@code content}, ready to read. */
    static ByteBuffer direct(byte[] content) {
        return ByteBuffer.allocateDirect(content.length).put(content).flip();
    }

    /** The buffer's remaining bytes, without moving its position. */
    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /**
     * Waits until no pooled memory is outstanding: frames that earlier tests dropped are counted
     * out by the GC's cleaner, asynchronously, and would otherwise move the count mid-test.
     */
    static void awaitPoolIdle() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (BufferPool.outstandingBytes() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pooled memory still outstanding with nothing live: "
                        + BufferPool.outstandingBytes() + " bytes");
            }
            System.gc();
            Thread.sleep(10); // the cleaner thread runs after the collection
        }
    }
}
