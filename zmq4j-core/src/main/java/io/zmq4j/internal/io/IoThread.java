package io.zmq4j.internal.io;

import io.zmq4j.internal.Queues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jctools.queues.MessagePassingQueue;

/**
 * One NIO selector loop: channel readiness, tasks handed over from other threads, and timers.
 *
 * <p>Other threads hand work over with {@link #execute}; the selector is woken (a syscall) only
 * when the loop is about to sleep or asleep, so a busy loop takes hand-overs for the price of a
 * queue offer.
 */
public final class IoThread implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.zmq4j");
    private final Selector selector;
    /**
     * Every connection on this loop reads into this one buffer and decodes it at once, so
     * buffer memory does not grow with idle connections. Loop thread only.
     */
    private final java.nio.ByteBuffer readBuffer = java.nio.ByteBuffer.allocateDirect(64 * 1024);
    private final Thread thread;
    private final MessagePassingQueue<Runnable> tasks = Queues.mpscUnbounded(64);
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean sleeping;
    private volatile boolean stopping;
    private volatile boolean died;
    private long timerSeq;
    /**
     * How long the loop stays awake, polling, after it last had work; 0 sleeps in select at
     * once. See {@link #loop} for why.
     */
    private final long spinNanos;
    /** Spin only when the last work came within this many spin windows of the one before. */
    private static final int DENSE_FACTOR = 10;
    private boolean worked;
    // the spin's view of recent work; loop thread only
    private long lastWork;
    private boolean closeGap;
    private boolean dense;
    private final java.util.function.Consumer<SelectionKey> onReady = key -> {
        if (sleeping) {
            sleeping = false; // awake: hand-overs from other threads need no selector wake-up
        }
        worked = true;
        if (key.isValid()) {
            dispatch(key);
        }
    };

    /** A loop that polls for {@code spinNanos} after its last piece of work before it sleeps. */
    public IoThread(String name, long spinNanos) {
        this.spinNanos = Math.max(0, spinNanos);
        this.lastWork = System.nanoTime();
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The loop's shared read buffer; call on the loop. */
    public java.nio.ByteBuffer readBuffer() {
        return readBuffer;
    }

    /**
     * Whether the loop ended after an error rather than by {@link #close}: the sessions on it
     * will never finish, so a closing context must not wait for them.
     */
    public boolean died() {
        return died;
    }

    /** Whether the caller runs on this loop. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop, soon. Safe from any thread. */
    public void execute(Runnable task) {
        tasks.offer(task);
        if (sleeping && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Registers a channel; call on the loop. */
    public SelectionKey register(SelectableChannel ch, int ops, IoHandler handler) throws ClosedChannelException {
        return ch.register(selector, ops, handler);
    }

    /** Runs {@code task} after {@code delayMillis}; call on the loop. */
    public Timer schedule(long delayMillis, Runnable task) {
        Timer t = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), timerSeq++, task);
        timers.add(t);
        return t;
    }

    private void loop() {
        try {
            while (!stopping) {
                long timeout = runTimers();
                if (spinNanos > 0 && spun(timeout)) {
                    continue;
                }
                sleeping = true;
                // The Consumer forms of select hand each ready key over as it is found: no
                // selected-key set to fill, iterate and clear (a HashMap node per event).
                if (!tasks.isEmpty()) {
                    sleeping = false;
                    selector.selectNow(onReady);
                } else if (timeout < 0) {
                    selector.select(onReady);
                } else if (timeout == 0) {
                    selector.selectNow(onReady);
                } else {
                    selector.select(onReady, timeout);
                }
                sleeping = false;
                wakeupPending.set(false);
                runTasks();
            }
            runTasks();
        } catch (IOException | RuntimeException | Error e) {
            // Only an Error from a task or timer (OutOfMemoryError most likely) gets here: the
            // loop cannot go on, and whoever waits for its connections must be told not to.
            died = true;
            LOG.log(System.Logger.Level.ERROR, "I/O thread " + thread.getName() + " stopped after an error; its connections are closed", e);
        } finally {
            // Through each handler, so a connection is closed as a connection (counted out of
            // StreamEngine.live(), its session told), not just as a channel
            for (SelectionKey k : selector.keys().toArray(new SelectionKey[0])) {
                try {
                    ((IoHandler) k.attachment()).abandoned(k);
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "closing a connection as " + thread.getName() + " stopped", e);
                }
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing on shutdown: nothing left to tell
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing on shutdown
            }
            stopped.countDown();
        }
    }

    /**
     * One poll instead of a sleep, when work has been coming closely; false when the loop
     * should sleep in select as usual.
     */
    private boolean spun(long timeout) throws IOException {
        long now = System.nanoTime();
        if (worked) {
            worked = false;
            // Work that keeps following work closely (a request-reply exchange at full speed,
            // a stream) is worth staying awake for; work a millisecond apart is not: spinning
            // then costs CPU and, since a yield pushes this thread back in the scheduler's
            // queue, puts a tail on its next wake-ups. Two close gaps in a row, so that a pair
            // of events per exchange at a low rate (a read and what it sets off) does not count.
            boolean close = now - lastWork < DENSE_FACTOR * spinNanos;
            dense = close && closeGap;
            closeGap = close;
            lastWork = now;
        }
        if (!dense || timeout == 0 || !tasks.isEmpty() || now - lastWork >= spinNanos) {
            return false;
        }
        // Stay on the CPU a moment after work: a thread woken from epoll on an idle, halted
        // CPU waits tens of microseconds before it runs, more than a whole round trip on
        // loopback (FINDINGS §19). Yield rather than spin flat out: a thread that shares this
        // core (the socket's own, or the peer's when both ends are pinned to one CPU) must run
        // for the work to come.
        selector.selectNow(onReady);
        runTasks();
        if (!worked) {
            Thread.yield();
        }
        return true;
    }

    /** One channel's readiness; a failure there closes that channel, never the loop. */
    private void dispatch(SelectionKey key) {
        try {
            ((IoHandler) key.attachment()).ready(key);
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(System.Logger.Level.ERROR, "closing a connection after an internal error on " + thread.getName(), e);
            try {
                ((IoHandler) key.attachment()).failed(key, e);
            } catch (RuntimeException | OutOfMemoryError again) {
                key.cancel();
            }
        }
    }

    private void runTasks() {
        Runnable r;
        int budget = 4096;
        while (budget-- > 0 && (r = tasks.relaxedPoll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // a task must not take the loop down with it
                LOG.log(System.Logger.Level.ERROR, "task failed on " + thread.getName(), e);
            }
        }
    }

    /** Runs due timers; returns millis to the next one, or -1 when none. */
    private long runTimers() {
        // Only timers due when this pass began: a task that schedules itself again with no
        // delay waits for the next pass instead of holding the loop for ever.
        long now = System.nanoTime();
        while (!timers.isEmpty()) {
            Timer t = timers.peek();
            if (t.cancelled) {
                timers.poll();
                continue;
            }
            if (t.deadline - now > 0) {
                long wait = t.deadline - System.nanoTime();
                return wait <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(wait) + 1;
            }
            timers.poll();
            try {
                t.task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "timer task failed on " + thread.getName(), e);
            }
        }
        return -1;
    }

    /** Stops the loop and closes every channel still registered; waits up to the timeout. */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        if (!inLoop()) {
            try {
                if (stopped.await(10, TimeUnit.SECONDS)) {
                    // the latch falls in the loop's finally, a moment before the thread ends:
                    // join so that a closed context has no I/O thread left alive
                    thread.join(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A pending timer; cancel it on the loop. */
    public static final class Timer implements Comparable<Timer> {
        final long deadline;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Timer(long deadline, long seq, Runnable task) {
            this.deadline = deadline;
            this.seq = seq;
            this.task = task;
        }

        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
