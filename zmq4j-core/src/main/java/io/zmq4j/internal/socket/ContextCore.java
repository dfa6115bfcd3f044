package io.zmq4j.internal.socket;

import io.zmq4j.ZmqException;
import io.zmq4j.internal.io.IoThread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import io.zmq4j.internal.monitor.EventDispatcher;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a context owns: its I/O threads, its sockets, the inproc name registry, and a count of
 * live sessions so that closing waits for lingering connections.
 */
public final class ContextCore {
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    private final IoThread[] ioThreads;
    private final AtomicInteger nextIo = new AtomicInteger();
    private final Set<SocketBase> sockets = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition sessionsDone = lock.newCondition();
    private final Map<String, SocketBase> inprocBound = new HashMap<>();
    private final Map<String, List<Inproc.Pending>> inprocPending = new HashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private final EventDispatcher dispatcher;
    private int sessions;
    private volatile boolean terminated;

    public ContextCore(int ioThreadCount) {
        this(ioThreadCount, 0);
    }

    /** A context whose I/O threads poll for {@code ioSpinNanos} after work before they sleep. */
    public ContextCore(int ioThreadCount, long ioSpinNanos) {
        checkIoThreads(ioThreadCount);
        int id = CONTEXTS.incrementAndGet();
        dispatcher = new EventDispatcher("zmq4j-events-" + id);
        ioThreads = new IoThread[ioThreadCount];
        for (int i = 0; i < ioThreadCount; i++) {
            ioThreads[i] = new IoThread("zmq4j-io-" + id + "-" + i, ioSpinNanos);
        }
    }

    /** EINVAL unless {@code count} is a valid number of I/O threads (at least 1). */
    public static void checkIoThreads(int count) {
        if (count < 1) {
            throw new ZmqException(ZmqException.Kind.EINVAL, "invalid I/O thread count " + count + ": need at least 1");
        }
    }

    /** The I/O thread for a new bind or connect, round-robin. */
    public IoThread chooseIoThread() {
        return ioThreads[Math.floorMod(nextIo.getAndIncrement(), ioThreads.length)];
    }

    /** A fresh id for a connection or listener, as monitor events report them. */
    public long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    public EventDispatcher dispatcher() {
        return dispatcher;
    }

    public boolean terminated() {
        return terminated;
    }

    void add(SocketBase s) {
        if (terminated) {
            throw new ZmqException(ZmqException.Kind.ETERM, "context is closed");
        }
        sockets.add(s);
        if (terminated) {
            // terminate() may have taken its snapshot of the sockets before this one arrived
            sockets.remove(s);
            throw new ZmqException(ZmqException.Kind.ETERM, "context is closed");
        }
    }

    void removed(SocketBase s) {
        sockets.remove(s);
    }

    public void sessionOpened() {
        lock.lock();
        try {
            sessions++;
        } finally {
            lock.unlock();
        }
    }

    public void sessionClosed() {
        lock.lock();
        try {
            sessions--;
            if (sessions <= 0) {
                sessionsDone.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- inproc registry ----

    /** Registers a bound inproc name and returns the connects that were waiting for it. */
    List<Inproc.Pending> bindInproc(String name, SocketBase s) {
        lock.lock();
        try {
            if (inprocBound.containsKey(name)) {
                throw new ZmqException(ZmqException.Kind.EADDRINUSE, "inproc://" + name + " is already bound");
            }
            inprocBound.put(name, s);
            List<Inproc.Pending> pending = inprocPending.remove(name);
            return pending == null ? List.of() : pending;
        } finally {
            lock.unlock();
        }
    }

    /** The socket bound to {@code inproc://name}, or null. */
    SocketBase boundInproc(String name) {
        lock.lock();
        try {
            return inprocBound.get(name);
        } finally {
            lock.unlock();
        }
    }

    void unbindInproc(String name, SocketBase s) {
        lock.lock();
        try {
            inprocBound.remove(name, s);
        } finally {
            lock.unlock();
        }
    }

    /** The socket bound to the name, or null after queueing {@code pending} for a later bind. */
    SocketBase findOrWaitInproc(String name, Inproc.Pending pending) {
        lock.lock();
        try {
            SocketBase bound = inprocBound.get(name);
            if (bound == null) {
                inprocPending.computeIfAbsent(name, k -> new ArrayList<>()).add(pending);
            }
            return bound;
        } finally {
            lock.unlock();
        }
    }

    /** Drops one connect still waiting for its bind. */
    void forgetPendingInproc(Inproc.Pending link) {
        lock.lock();
        try {
            List<Inproc.Pending> l = inprocPending.get(link.name);
            if (l != null) {
                l.remove(link);
            }
        } finally {
            lock.unlock();
        }
    }

    void forgetPendingInproc(SocketBase s) {
        lock.lock();
        try {
            for (List<Inproc.Pending> l : inprocPending.values()) {
                l.removeIf(p -> p.connecter == s);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean anyIoThreadDied() {
        for (IoThread t : ioThreads) {
            if (t.died()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes every socket (waking blocked calls with ETERM), waits for lingering connections to
     * flush or give up, then stops the I/O threads.
     */
    public void terminate() {
        if (terminated) {
            return;
        }
        terminated = true;
        for (SocketBase s : new ArrayList<>(sockets)) {
            s.terminate();
        }
        lock.lock();
        try {
            while (sessions > 0 && !anyIoThreadDied()) {
                try {
                    sessionsDone.await(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        for (IoThread t : ioThreads) {
            t.close();
        }
        dispatcher.close();
    }
}
