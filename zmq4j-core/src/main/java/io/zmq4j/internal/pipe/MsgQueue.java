package io.zmq4j.internal.pipe;

import io.zmq4j.Msg;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.Queues;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReference;
import org.jctools.queues.MessagePassingQueue;

/**
 * One direction of a peer link: a single-producer/single-consumer queue bounded by a high-water
 * mark counted in messages (0 means unbounded, as in libzmq).
 *
 * <p>The wake-up protocol: the reader wakes only through its {@link Waker}, which costs a
 * volatile read when the reader is not asleep; the writer is woken only when it found the queue
 * full and said so ({@code writerBlocked}). Counters are written by one side each, so the HWM is
 * exact without a shared atomic counter: an empty queue takes exactly HWM messages, and a full
 * one takes more once the reader has drained it to half.
 */
public final class MsgQueue extends MsgQueuePad2 {
    private final MessagePassingQueue<Msg> queue;
    private final boolean resizable;
    private volatile long hwm;
    private final boolean conflate;
    /** Conflating queues hold one message: the newest replaces the one not yet read. */
    private final AtomicReference<Msg> slot;
    // The counters live in MsgQueueFields, padded apart. Both shared ones are volatile so that
    // "publish, then check the other side's sleep flag" is a sound Dekker handshake under the
    // JMM: a message is never stranded with its reader asleep. Each side re-reads the other's
    // counter (a cache miss across cores) only when its cached view says full or empty.
    private volatile boolean writerBlocked;
    private volatile Waker readerWaker = Waker.NONE;
    private volatile Waker writerWaker = Waker.NONE;
    /**
     * 1 while a reader that takes from many queues (a fair queue) has set this one aside as
     * empty: the writer's next message clears it and calls {@link #activator}, so the reader
     * never polls idle queues. Taken back by CAS on either side, so exactly one of them acts.
     */
    private volatile int readerIdle;
    private Waker activator = Waker.NONE;
    /** {@link #READER_DONE} and {@link #WRITER_DONE}, as each end finishes with this queue. */
    private volatile int ends;
    private static final int READER_DONE = 1;
    private static final int WRITER_DONE = 2;
    private static final VarHandle READER_IDLE;
    private static final VarHandle ENDS;

    static {
        try {
            READER_IDLE = MethodHandles.lookup().findVarHandle(MsgQueue.class, "readerIdle", int.class);
            ENDS = MethodHandles.lookup().findVarHandle(MsgQueue.class, "ends", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public MsgQueue(int hwm) {
        this(hwm, false, false);
    }

    public MsgQueue(int hwm, boolean conflate) {
        this(hwm, conflate, false);
    }

    /**
     * With {@code conflate}, the queue holds only the newest message and the writer never
     * blocks (libzmq's ZMQ_CONFLATE). With {@code resizable}, {@link #hwm(int)} may raise the
     * HWM later (an inproc link learns its far side's HWM when the binder appears).
     */
    public MsgQueue(int hwm, boolean conflate, boolean resizable) {
        if (hwm < 0) {
            throw new IllegalArgumentException("hwm " + hwm);
        }
        this.conflate = conflate;
        this.slot = conflate ? new AtomicReference<>() : null;
        this.hwm = hwm == 0 ? Long.MAX_VALUE : hwm;
        this.resizable = hwm == 0 || hwm > (1 << 20) || resizable;
        this.queue = conflate ? null
                : this.resizable
                        ? Queues.<Msg>spscUnbounded(256)
                        : Queues.<Msg>spsc(Math.max(hwm, 2));
    }

    /** Changes the HWM of a resizable queue. */
    public void hwm(int messages) {
        if (!conflate) {
            if (!resizable) {
                throw new IllegalStateException("this queue's capacity is fixed");
            }
            hwm = messages == 0 ? Long.MAX_VALUE : messages;
            writerBlocked = false; // judged against the old HWM: look again
            writerWaker.wake();
        }
    }

    /** Wakes the reader without a message (it has something else to look at). */
    public void wakeReader() {
        readerWaker.wake();
    }

    public void readerWaker(Waker w) {
        readerWaker = w;
    }

    public void writerWaker(Waker w) {
        writerWaker = w;
    }

    /** Writer side: false when the queue is at its HWM (and the writer will be woken). */
    public boolean offer(Msg m) {
        if (offerQuietly(m)) {
            readerWaker.wake();
            return true;
        }
        return false;
    }

    /**
     * Writer side: like {@link #offer} but leaves waking the reader to {@link #wakeReader()},
     * so a writer that delivers a batch (an engine decoding one read) wakes its reader once,
     * after the batch, instead of handing it the first message and being preempted for it.
     */
    public boolean offerQuietly(Msg m) {
        if (conflate) {
            slot.set(m); // a volatile write: the reader's wake-up check cannot pass it
            if (readerIdle != 0) {
                activateReader();
            }
            return true;
        }
        if (!hasRoom()) {
            return false;
        }
        if (!queue.relaxedOffer(m)) {
            // cannot happen while the HWM fits the array; if it ever does, say full, not lost
            writerBlocked = true;
            return false;
        }
        written = ++writtenLocal;
        if (readerIdle != 0) {
            activateReader();
        }
        return true;
    }

    private void activateReader() {
        if (READER_IDLE.compareAndSet(this, 1, 0)) {
            activator.wake();
        }
    }

    /**
     * Reader side: who to call when a message arrives in a queue the reader set aside with
     * {@link #readerIdle()}. Called on the writer's thread; it must only record the fact and
     * leave waking the reader to the reader waker. Also marks the reader active.
     */
    public void readerActivator(Waker w) {
        activator = w;
        readerIdle = 0;
    }

    /**
     * Reader side, for a reader that found this queue empty: true when it is now marked idle
     * and the {@link #readerActivator activator} will be called for the next message; false
     * when a message arrived meanwhile and the reader should keep reading.
     */
    public boolean readerIdle() {
        readerIdle = 1; // a volatile store, then a volatile load of the writer's counter
        if (isEmpty()) {
            return true;
        }
        // A message slipped in. Take the flag back, unless its writer already took it and will
        // call the activator (then the reader must wait for that, or it would hold the pipe twice).
        return !READER_IDLE.compareAndSet(this, 1, 0);
    }

    /**
     * Writer side: whether an offer would succeed now. When it would not, the writer is
     * registered to be woken when the reader makes room, so a caller that then sleeps (a
     * blocked send, a poller waiting for OUT) is not forgotten.
     *
     * <p>A writer that filled the queue gets room back only once the reader has drained it to
     * the low-water mark, as in libzmq, whose writer learns the reader's count in low-water
     * steps. Taking each slot as the reader frees it ran the two sides one slot apart, every
     * message moving a ring line and the read counter between cores: a spinning sender stayed
     * in that state for seconds, at half the throughput (bench/FINDINGS.md §27).
     */
    public boolean hasRoom() {
        if (conflate) {
            return true;
        }
        if (writtenLocal - readSeen < hwm) {
            return true;
        }
        if (writerBlocked) {
            // Refused before: the reader clears the flag (and wakes us) at the low-water mark.
            // Looking at its counter meanwhile would pull that line away from it at every spin.
            return false;
        }
        long low = lowWater();
        long r = read;
        if (writtenLocal - r <= low) {
            readSeen = r;
            return true;
        }
        writerBlocked = true;
        if (writtenLocal - (r = read) <= low) {
            readSeen = r;
            writerBlocked = false;
            return true;
        }
        return false;
    }

    private long lowWater() {
        long h = hwm;
        return h == Long.MAX_VALUE ? Long.MAX_VALUE : h / 2;
    }

    /** Reader side: the next message or null. */
    public Msg poll() {
        if (conflate) {
            return slot.getAndSet(null);
        }
        if (writtenSeen == readLocal && (writtenSeen = written) == readLocal) {
            return null;
        }
        Msg m = queue.relaxedPoll();
        if (m != null) {
            read = ++readLocal;
            // Wake a blocked writer only once the queue has drained to half (libzmq's low-water
            // mark): waking it for every slot freed costs a wake-up per message. The depth is
            // measured on the writer's counter itself, not on this side's cached copy: that copy
            // can be far behind a queue the writer filled meanwhile, and judging by it woke the
            // writer with the queue still full, for one message at a time.
            if (writerBlocked && (writtenSeen = written) - readLocal <= lowWater()) {
                writerBlocked = false;
                writerWaker.wake();
            }
        }
        return m;
    }

    /** Reader side: the next message without removing it, or null. */
    public Msg peek() {
        if (conflate) {
            return slot.get();
        }
        if (writtenSeen == readLocal && (writtenSeen = written) == readLocal) {
            return null;
        }
        return queue.relaxedPeek();
    }

    /** Reader side (exact) or any thread (approximate). */
    public boolean isEmpty() {
        return conflate ? slot.get() == null : written == read;
    }

    /** Messages waiting; approximate when read concurrently. */
    public int depth() {
        if (conflate) {
            return slot.get() == null ? 0 : 1;
        }
        return (int) Math.max(0, written - read);
    }

    /**
     * The reader will not read again. What is queued now, or offered later, is closed by
     * whichever of the two ends finishes last, and only by it, so the queue never has two
     * readers and nothing is left once both are done (bench/FINDINGS.md §35, §36). The reader
     * closes what it can still see before calling this, as only it may.
     */
    public void readerDone() {
        if ((int) ENDS.getAndBitwiseOr(this, READER_DONE) == WRITER_DONE) {
            closeAll(); // the writer finished before: nothing more can come
        }
    }

    /**
     * The writer will not offer again: if the reader is already done, what was offered since
     * is closed here (the writer is its only reader now); else the reader still reads it, and
     * closes the rest when it is done.
     */
    public void writerDone() {
        if ((int) ENDS.getAndBitwiseOr(this, WRITER_DONE) == READER_DONE) {
            closeAll();
        }
    }

    /**
     * Reader side: closes everything queued, so that pooled memory goes back now, also where
     * a sender handed it off (inproc, or a socket's own unsent messages); returns how many.
     */
    public int closeAll() {
        int n = 0;
        Msg m;
        while ((m = poll()) != null) {
            Internals.msg().discard(m);
            n++;
        }
        return n;
    }
}
