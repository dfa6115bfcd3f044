package io.zmq4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for any of several sockets to become readable or writable, without a file descriptor
 * or a selector of its own.
 *
 * <pre>{@code
 * Poller poller = new Poller();
 * int a = poller.register(frontend, Poller.IN);
 * int b = poller.register(backend, Poller.IN);
 * while (poller.poll(Duration.ofSeconds(1)) > 0) {
 *     if (poller.isReadable(a)) backend.send(frontend.recv());
 *     if (poller.isReadable(b)) frontend.send(backend.recv());
 * }
 * }</pre>
 *
 * <p>Like the sockets it polls, a poller is used by one thread at a time.
 */
public final class Poller {
    /** Interest in receiving. */
    public static final int IN = 1;
    /** Interest in sending. */
    public static final int OUT = 2;

    private final List<Socket> sockets = new ArrayList<>();
    private final List<Integer> interests = new ArrayList<>();
    private int[] ready = new int[0];

    /** An empty poller; add sockets with {@link #register}. */
    public Poller() {}

    /** Adds a socket with an interest of {@link #IN}, {@link #OUT} or both; returns its index. */
    public int register(Socket socket, int events) {
        if ((events & ~(IN | OUT)) != 0 || events == 0) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "invalid poll events " + events + ": use Poller.IN and/or Poller.OUT");
        }
        sockets.add(socket);
        interests.add(events);
        ready = new int[sockets.size()];
        return sockets.size() - 1;
    }

    /**
     * Waits until at least one socket is ready or the timeout passes (null waits for ever,
     * zero checks once). Returns how many sockets are ready.
     */
    public int poll(Duration timeout) {
        long timeoutNanos = timeout == null || timeout.isNegative() ? -1 : timeout.toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        Thread me = Thread.currentThread();
        try {
            while (true) {
                for (Socket s : sockets) {
                    s.base().waitWith(me);
                }
                int n = check();
                if (n > 0 || timeoutNanos == 0) {
                    return n;
                }
                if (timeoutNanos < 0) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return 0;
                    }
                    LockSupport.parkNanos(this, left);
                }
                if (Thread.interrupted()) {
                    me.interrupt();
                    throw new ZmqException(ZmqException.Kind.EINTR, "poll interrupted");
                }
            }
        } finally {
            for (Socket s : sockets) {
                s.base().waitWith(null);
            }
        }
    }

    private int check() {
        int n = 0;
        for (int i = 0; i < sockets.size(); i++) {
            Socket s = sockets.get(i);
            int want = interests.get(i);
            int got = 0;
            if ((want & IN) != 0 && s.hasIn()) {
                got |= IN;
            }
            if ((want & OUT) != 0 && s.hasOut()) {
                got |= OUT;
            }
            ready[i] = got;
            if (got != 0) {
                n++;
            }
        }
        return n;
    }

    public boolean isReadable(int index) {
        return (ready[index] & IN) != 0;
    }

    public boolean isWritable(int index) {
        return (ready[index] & OUT) != 0;
    }

    public boolean isReadable(Socket s) {
        return isReadable(sockets.indexOf(s));
    }

    public boolean isWritable(Socket s) {
        return isWritable(sockets.indexOf(s));
    }

    /** The socket at an index. */
    public Socket socket(int index) {
        return sockets.get(index);
    }

    public int size() {
        return sockets.size();
    }
}
