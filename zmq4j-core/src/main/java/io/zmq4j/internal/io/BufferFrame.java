package io.zmq4j.internal.io;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;

/**
 * A frame held in a {@link ByteBuffer} instead of an array: a user's buffer sent without a
 * copy, or a large received frame in {@link BufferPool pooled} off-heap memory.
 *
 * <p>Like the message that holds it, a frame belongs to one thread at a time; messages made
 * from one another ({@code prepend}, {@code drop}) share it, so a copy made or memory given back
 * through one is seen through all.
 */
public final class BufferFrame {
    private static final Cleaner CLEANER = Cleaner.create();
    private final int length;
    /**
     * Holds the bytes at {@link #offset} (whatever its position and limit); null once the pooled
     * memory went back and no copy exists. A caller's buffer is kept as it is, not sliced, so a
     * message of one costs no buffer object until a view is asked for.
     */
    private ByteBuffer data;
    private int offset;
    private BufferPool.Lease lease;
    private byte[] array;
    /** A view was handed out: the pooled memory must stay until an explicit release. */
    private boolean viewed;
    /** Queued for sending: the writer gives the memory back, so it cannot be queued twice. */
    private boolean sent;
    /** Stops counting a pooled frame against the cap if it is dropped without a release. */
    private Cleaner.Cleanable cleanable;

    private BufferFrame(ByteBuffer data, int offset, int length, BufferPool.Lease lease) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.lease = lease;
    }

    /** The remaining bytes of a caller's buffer, not copied. */
    public static BufferFrame of(ByteBuffer b) {
        return new BufferFrame(b, b.position(), b.remaining(), null);
    }

    /** A received frame in pooled memory; {@code filled} is flipped (position 0). */
    public static BufferFrame pooled(ByteBuffer filled, BufferPool.Lease lease) {
        BufferFrame f = new BufferFrame(filled, filled.position(), filled.remaining(), lease);
        f.cleanable = CLEANER.register(f, lease::abandon); // the action must not reach f
        return f;
    }

    /** Whether the frame holds pooled memory not yet given back. */
    public boolean pooled() {
        return lease != null;
    }

    public int length() {
        return length;
    }

    /**
     * The bytes as an array, copied once and kept. Pooled memory no view was taken of goes back
     * to the pool at once.
     */
    public byte[] array() {
        return array(true);
    }

    /**
     * As {@link #array()}; {@code owner} false (the message was handed to a socket, whose writer
     * may still be reading the memory) keeps the pooled memory for the writer to give back.
     */
    public byte[] array(boolean owner) {
        if (array == null) {
            byte[] a = new byte[length];
            live().get(offset, a);
            array = a;
            if (lease != null && !viewed && owner) {
                release();
            }
            data = ByteBuffer.wrap(a);
            offset = 0;
        }
        return array;
    }

    /** A read-only view of the bytes, no copy; valid until the frame is released. */
    public ByteBuffer view() {
        ByteBuffer v = live().slice(offset, length).asReadOnlyBuffer();
        viewed = true;
        return v;
    }

    /** A view for the writer, which releases the frame when it is done with it. */
    public ByteBuffer writeView() {
        return live().slice(offset, length);
    }

    private ByteBuffer live() {
        if (data == null) {
            throw new IllegalStateException("the message was closed: its pooled memory went back to the pool");
        }
        return data;
    }

    /**
     * The writer is done with the frame: pooled memory goes back, unless a view of it was
     * handed out, which must stay valid (the GC then has the memory; see BufferPool.Lease#abandon).
     */
    public void written() {
        if (!viewed) {
            release();
        }
    }

    /** Gives pooled memory back (once); the bytes stay readable if they were copied out. */
    public void release() {
        if (lease != null) {
            BufferPool.Lease l = lease;
            lease = null;
            if (array == null) {
                data = null;
            }
            l.release();
            cleanable.clean();
        }
    }

    /** Claims a pooled frame for one send; false if it is already queued or given back. */
    public boolean claimForSend() {
        if (lease == null) {
            return data != null;
        }
        if (sent) {
            return false;
        }
        sent = true;
        return true;
    }

    /** Whether the frame is queued for sending (its writer gives the memory back). */
    public boolean claimed() {
        return sent;
    }

    /** A received frame may be sent on again. */
    public void received() {
        sent = false;
    }
}
