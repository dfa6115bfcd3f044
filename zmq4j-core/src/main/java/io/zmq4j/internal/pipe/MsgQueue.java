package io.zmq4j.internal.pipe;

import io.zmq4j.Msg;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.SpscArrayQueue;
import org.jctools.queues.SpscUnboundedArrayQueue;

/**
 * One direction of a peer link: a single-producer/single-consumer queue bounded by a high-water
 * mark counted in messages (0 means unbounded, as in libzmq).
 *
 * <p>The wake-up protocol: the reader wakes only through its {@link Waker}, which costs a
 * volatile read when the reader is not asleep; the writer is woken only when it found the queue
 * full and said so ({@code writerBlocked}). Counters are written by one side each, so the HWM is
 * exact without a shared atomic counter.
 */
public final class MsgQueue {
    private final MessagePassingQueue<Msg> queue;
    private volatile long hwm;
    private final boolean conflate;
    // Both counters are volatile so that "publish, then check the other side's sleep flag" is a
    // sound Dekker handshake under the JMM: a message is never stranded with its reader asleep.
    private volatile long written; // writer writes, reader reads
    private volatile long read; // reader writes, writer reads
    private long writtenLocal; // writer's copy
    private long readLocal; // reader's copy
    // Each side's last look at the other's counter: re-read (a cache miss across cores) only
    // when the cached value says full or empty.
    private long readSeen; // writer side
    private long writtenSeen; // reader side
    private volatile boolean writerBlocked;
    private volatile Waker readerWaker = Waker.NONE;
    private volatile Waker writerWaker = Waker.NONE;

    public MsgQueue(int hwm) {
        this(hwm, false);
    }

    /**
     * With {@code conflate}, the reader only ever sees the newest message: older ones are
     * dropped as it reads, and the writer never blocks (libzmq's ZMQ_CONFLATE).
     */
    public MsgQueue(int hwm, boolean conflate) {
        if (hwm < 0) {
            throw new IllegalArgumentException("hwm " + hwm);
        }
        this.conflate = conflate;
        if (conflate) {
            hwm = 0;
        }
        this.hwm = hwm == 0 ? Long.MAX_VALUE : hwm;
        this.queue = hwm == 0 || hwm > (1 << 20)
                ? new SpscUnboundedArrayQueue<>(256)
                : new SpscArrayQueue<>(Math.max(hwm, 2));
    }

    /** Changes the HWM (an inproc link learns its far side's HWM when the binder appears). */
    public void hwm(int messages) {
        if (!conflate) {
            hwm = messages == 0 ? Long.MAX_VALUE : messages;
            writerWaker.wake();
        }
    }

    public void readerWaker(Waker w) {
        readerWaker = w;
    }

    public void writerWaker(Waker w) {
        writerWaker = w;
    }

    /** Writer side: false when the queue is at its HWM (and the writer will be woken). */
    public boolean offer(Msg m) {
        if (writtenLocal - readSeen >= hwm && writtenLocal - (readSeen = read) >= hwm) {
            writerBlocked = true;
            if (writtenLocal - (readSeen = read) >= hwm) {
                return false;
            }
            writerBlocked = false;
        }
        queue.relaxedOffer(m);
        written = ++writtenLocal;
        readerWaker.wake();
        return true;
    }

    /** Writer side: whether an offer would succeed now. */
    public boolean hasRoom() {
        return writtenLocal - readSeen < hwm || writtenLocal - (readSeen = read) < hwm;
    }

    /** Reader side: the next message or null. */
    public Msg poll() {
        if (writtenSeen == readLocal && (writtenSeen = written) == readLocal) {
            return null;
        }
        Msg m = queue.relaxedPoll();
        if (conflate) {
            long n = 1;
            Msg newer;
            while (written != readLocal + n && (newer = queue.relaxedPoll()) != null) {
                m = newer;
                n++;
            }
            readLocal += n - 1;
        }
        if (m != null) {
            read = ++readLocal;
            if (writerBlocked) {
                writerBlocked = false;
                writerWaker.wake();
            }
        }
        return m;
    }

    /** Reader side: the next message without removing it, or null. */
    public Msg peek() {
        if (writtenSeen == readLocal && (writtenSeen = written) == readLocal) {
            return null;
        }
        return queue.relaxedPeek();
    }

    /** Reader side (exact) or any thread (approximate). */
    public boolean isEmpty() {
        return written == read;
    }

    /** Messages waiting; approximate when read concurrently. */
    public int depth() {
        return (int) Math.max(0, written - read);
    }

    /** Reader side: drops everything queued. */
    public int clear() {
        int n = 0;
        while (poll() != null) {
            n++;
        }
        return n;
    }
}
