package io.zmq4j.internal.monitor;

import io.zmq4j.SocketEvent;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Delivers socket events to listeners on a thread of its own, so a slow listener delays other
 * listeners but never the I/O thread that raised the event. Started on first use.
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

    private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final String name;
    private Thread thread;
    private boolean closed;

    public EventDispatcher(String name) {
        this.name = name;
    }

    /** Queues an event for a listener; dropped once the dispatcher is closed. */
    public void dispatch(Consumer<SocketEvent> target, SocketEvent event) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (thread == null) {
                thread = new Thread(this::loop, name);
                thread.setDaemon(true);
                thread.start();
            }
        }
        queue.add(new Delivery(target, event));
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
