package io.zmq4j.internal.monitor;

import io.zmq4j.SocketEvent;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Delivers socket events to listeners on a thread of its own, so a slow listener delays other
 * listeners but never the I/O thread that raised the event. Started on first use.
 *
 * <p>At most {@code capacity} events wait; past that, new events are dropped (and counted), as
 * libzmq drops events its monitor socket has no room for: a stuck listener must not make a
 * connection storm grow the heap without end. Stop notices are never dropped.
 */
public final class EventDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.zmq4j");

    private static final class Delivery {
        final Consumer<SocketEvent> target;
        final SocketEvent event;

        Delivery(Consumer<SocketEvent> target, SocketEvent event) {
            this.target = target;
            this.event = event;
        }
    }

    private static final Delivery STOP = new Delivery(null, null);

    /** Events that may wait for a listener before new ones are dropped. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger waitingEvents = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final int capacity;
    private final String name;
    private Thread thread;
    private boolean closed;

    public EventDispatcher(String name) {
        this(name, DEFAULT_CAPACITY);
    }

    public EventDispatcher(String name, int capacity) {
        this.name = name;
        this.capacity = capacity;
    }

    /** Events dropped because {@code capacity} were already waiting. */
    public long dropped() {
        return dropped.get();
    }

    /** Queues an event for a listener; dropped once the dispatcher is closed or full. */
    public void dispatch(Consumer<SocketEvent> target, SocketEvent event) {
        if (waitingEvents.incrementAndGet() > capacity) {
            waitingEvents.decrementAndGet();
            if (dropped.getAndIncrement() == 0) {
                LOG.log(System.Logger.Level.WARNING, "a socket event listener is " + capacity
                        + " events behind: dropping new events until it catches up (" + name + ")");
            }
            return;
        }
        if (!enqueue(new Delivery(target, event))) {
            waitingEvents.decrementAndGet();
        }
    }

    /** Queues a stop notice for a listener: never dropped while the dispatcher is open. */
    public void dispatchStop(Runnable onStop) {
        enqueue(new Delivery(e -> onStop.run(), null));
    }

    private boolean enqueue(Delivery d) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (thread == null) {
                thread = new Thread(this::loop, name);
                thread.setDaemon(true);
                thread.start();
            }
        }
        queue.add(d);
        return true;
    }

    private void loop() {
        while (true) {
            Delivery d;
            try {
                d = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (d == STOP) {
                return;
            }
            if (d.event != null) {
                waitingEvents.decrementAndGet();
            }
            try {
                d.target.accept(d.event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "event listener failed on " + d.event, e);
            }
        }
    }

    /** Delivers what is queued, then stops (waits up to two seconds). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            queue.add(STOP);
            if (t != Thread.currentThread()) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
