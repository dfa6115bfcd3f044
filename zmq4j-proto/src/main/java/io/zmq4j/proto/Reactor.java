package io.zmq4j.proto;

import io.zmq4j.Poller;
import io.zmq4j.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * An event loop over sockets and time, like CZMQ's zloop: a reader is called when its socket
 * has a message, a timer after a delay (once, a number of times, or for ever), a ticket after
 * the reactor's ticket delay unless it is reset first — the cheap way to expire many idle
 * connections. Built on {@link Poller}; every callback runs on the thread that called
 * {@link #run()}, so callbacks need no locks.
 *
 * <pre>{@code
 * Reactor reactor = new Reactor();
 * reactor.reader(router, socket -> handle(socket.recv()));
 * reactor.timer(Duration.ofSeconds(1), 0, () -> sendHeartbeats());   // 0: for ever
 * Reactor.Timer idle = reactor.ticket(() -> expire(client));         // after the ticket delay
 * idle.reset();                                                       // client spoke: start again
 * reactor.run();                                                      // until stop() or nothing is left
 * }</pre>
 *
 * <p>A reactor is used by one thread. An exception thrown by a callback ends {@link #run()} and
 * is rethrown from it.
 */
public final class Reactor {
    /** Called when a socket has a message to receive. */
    @FunctionalInterface
    public interface Reader {
        void ready(Socket socket) throws Exception;
    }

    /** Called when a timer or ticket is due. */
    @FunctionalInterface
    public interface Alarm {
        void fire() throws Exception;
    }

    /** A pending timer or ticket; cancel it, or (a ticket, or any timer) reset it to its full delay. */
    public final class Timer {
        private final Alarm alarm;
        private final long delayNanos;
        private final boolean ticket;
        private int timesLeft;
        private long deadline;
        private long order;
        private boolean active;
        private boolean due;

        private Timer(Alarm alarm, long delayNanos, int times, boolean ticket) {
            this.alarm = alarm;
            this.delayNanos = delayNanos;
            this.timesLeft = times;
            this.ticket = ticket;
        }

        /** Stops the timer; it will not fire again. Cancelling twice is harmless. */
        public void cancel() {
            due = false;
            if (active) {
                active = false;
                timers.remove(this);
            }
        }

        /** Restarts the full delay from now (a ticket takes the reactor's current ticket delay). */
        public void reset() {
            if (active) {
                timers.remove(this);
            }
            schedule(this);
        }

        /** True until it has fired its last time or was cancelled. */
        public boolean isActive() {
            return active;
        }

        private long delay() {
            return ticket ? ticketDelayNanos : delayNanos;
        }
    }

    private final Map<Socket, Reader> readers = new IdentityHashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.deadline - b.deadline, 0);
        return c != 0 ? c : Long.compare(a.order, b.order);
    });
    private long ticketDelayNanos = Duration.ofSeconds(60).toNanos();
    private long sequence;
    private Poller poller;
    private Socket[] polled = new Socket[0];
    private boolean stopped;

    /** An empty reactor. */
    public Reactor() {}

    /** Calls {@code reader} whenever {@code socket} has a message; replaces an earlier reader. */
    public void reader(Socket socket, Reader reader) {
        readers.put(socket, reader);
        poller = null;
    }

    /** Stops watching {@code socket}. */
    public void removeReader(Socket socket) {
        if (readers.remove(socket) != null) {
            poller = null;
        }
    }

    /**
     * Calls {@code alarm} after {@code delay}, {@code times} times ({@code 0}: until cancelled).
     */
    public Timer timer(Duration delay, int times, Alarm alarm) {
        if (delay.isNegative() || times < 0) {
            throw new IllegalArgumentException("timer needs a delay >= 0 and times >= 0, not " + delay + ", " + times);
        }
        Timer t = new Timer(alarm, delay.toNanos(), times, false);
        schedule(t);
        return t;
    }

    /** Calls {@code alarm} once after the ticket delay, unless the ticket is reset or cancelled first. */
    public Timer ticket(Alarm alarm) {
        Timer t = new Timer(alarm, 0, 1, true);
        schedule(t);
        return t;
    }

    /** The delay of tickets started or reset from now on (60 s until set). */
    public void ticketDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("ticket delay must be >= 0, not " + delay);
        }
        ticketDelayNanos = delay.toNanos();
    }

    /** The current ticket delay. */
    public Duration ticketDelay() {
        return Duration.ofNanos(ticketDelayNanos);
    }

    /** Makes {@link #run()} return after the callback in progress. */
    public void stop() {
        stopped = true;
    }

    private void schedule(Timer t) {
        t.deadline = System.nanoTime() + t.delay();
        t.order = sequence++;
        t.active = true;
        t.due = false;
        timers.add(t);
    }

    /**
     * Runs callbacks until {@link #stop()} is called, or there is no reader and no timer left.
     *
     * @throws Exception whatever a callback threw
     */
    public void run() throws Exception {
        stopped = false;
        while (!stopped) {
            if (readers.isEmpty() && timers.isEmpty()) {
                return;
            }
            if (poller == null) {
                poller = new Poller();
                polled = readers.keySet().toArray(new Socket[0]);
                for (Socket s : polled) {
                    poller.register(s, Poller.IN);
                }
            }
            Duration wait = null;
            Timer next = timers.peek();
            if (next != null) {
                wait = Duration.ofNanos(Math.max(0, next.deadline - System.nanoTime()));
            }
            Poller current = poller;
            Socket[] sockets = polled;
            int ready = current.poll(wait);
            fireDue();
            if (ready > 0) {
                for (int i = 0; i < sockets.length && !stopped; i++) {
                    if (current.isReadable(i)) {
                        Reader r = readers.get(sockets[i]);
                        // A callback before this one may have removed the reader.
                        if (r != null) {
                            r.ready(sockets[i]);
                        }
                    }
                }
            }
        }
    }

    private void fireDue() throws Exception {
        long now = System.nanoTime();
        List<Timer> due = null;
        while (!timers.isEmpty() && timers.peek().deadline - now <= 0) {
            Timer t = timers.poll();
            t.active = false;
            t.due = true;
            if (due == null) {
                due = new ArrayList<>();
            }
            due.add(t);
        }
        if (due == null) {
            return;
        }
        for (Timer t : due) {
            if (stopped) {
                return;
            }
            if (!t.due) {
                continue; // cancelled or reset by an earlier callback in this round
            }
            t.due = false;
            if (t.timesLeft != 1) {
                if (t.timesLeft > 1) {
                    t.timesLeft--;
                }
                schedule(t);
            }
            t.alarm.fire();
        }
    }
}
