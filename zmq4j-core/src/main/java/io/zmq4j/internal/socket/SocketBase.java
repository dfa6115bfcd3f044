package io.zmq4j.internal.socket;

import io.zmq4j.Msg;
import io.zmq4j.SocketType;
import io.zmq4j.ZmqException;
import io.zmq4j.internal.Internals;
import io.zmq4j.internal.Queues;
import io.zmq4j.internal.io.IoThread;
import io.zmq4j.internal.pattern.Pattern;
import io.zmq4j.internal.pipe.MsgQueue;
import io.zmq4j.internal.pipe.Pipe;
import io.zmq4j.internal.pipe.Waker;
import io.zmq4j.internal.transport.Endpoint;
import io.zmq4j.internal.transport.Listener;
import io.zmq4j.internal.transport.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MessagePassingQueue;

/**
 * The mechanics every socket shares: its mailbox of pipe events from other threads, blocking
 * with park/unpark, timeouts, binds and connects. The routing rule lives in a {@link Pattern}.
 *
 * <p>Like a libzmq socket, one thread at a time uses it. Other threads (I/O threads, inproc
 * peers, a closing context) only post to the mailbox and wake the waiter.
 */
public final class SocketBase {
    private static final int ATTACH = 0;
    private static final int IDENTIFIED = 1;
    private static final int DETACH = 2;

    private static final class Cmd {
        final int kind;
        final Pipe pipe;

        Cmd(int kind, Pipe pipe) {
            this.kind = kind;
            this.pipe = pipe;
        }
    }

    /** Busy checks before a blocking call parks: spins, the last few of them yields. */
    // How long a blocking call busy-waits before it parks. On one CPU (a taskset to a single
    // core, a small container) spinning only steals the time the other side needs to produce
    // what we wait for: park at once there. The property is for benchmarking, not an API.
    private static final long SPIN_NANOS = Runtime.getRuntime().availableProcessors() > 1
            ? Long.getLong("zmq4j.spinMicros", 50) * 1000 : 0;
    /**
     * On more than one CPU, how long a receiver of an inproc stream waits before it looks again
     * when it drained the queue: long enough for the sending thread to get a batch ahead, short
     * next to a wake-up. inproc 1 KiB split at steady state 4.1M to 10.7M msg/s (FINDINGS §29).
     * The property is for benchmarking, not an API.
     */
    private static final long STREAM_PAUSE_NANOS = Long.getLong("zmq4j.streamPauseNanos", 2000);
    /**
     * On one CPU, a receiver that drained its inproc queue yields once before it parks: the
     * sending thread, which needs this CPU, then fills the queue for a while, instead of waking
     * this thread (a futex call and a switch) for every message or two. inproc 1 KiB on one core:
     * 2.3-2.6M to 3.9-4.3M msg/s over 2,000,000 messages, 10M at steady state (bench/FINDINGS.md
     * §22). Only while messages are streaming (the last two
     * receives found one waiting): a receiver that waits for each message, a request-reply or a
     * low rate, parks at once as before, because a yield per wait lengthened the low-rate p99
     * tail. Not for tcp and ipc, whose I/O thread already wakes the receiver once per read: a
     * yield there cost 20% of tcp throughput.
     */
    private static final boolean YIELD_BEFORE_PARK = Runtime.getRuntime().availableProcessors() == 1;
    /** Attached inproc pipes: a receiver fed by other threads directly may yield before parking. */
    private int inprocPipes;
    /**
     * Receives in a row, with no send between them, that found a message waiting, up to 2. Two
     * mean a stream; a send starts the count again, so a request-reply peer never counts two even
     * when its replies are waiting each time it looks.
     */
    private int found;
    /** Yields taken by that rule (read by tests and diagnostics). */
    private volatile long yields;
    /** Stream pauses taken (read by tests and diagnostics). */
    private volatile long pauses;

    private final ContextCore ctx;
    private final Options options;
    private final Pattern pattern;
    private final MessagePassingQueue<Cmd> mailbox = Queues.mpscUnbounded(32);
    private final Object registryLock = new Object();
    private final List<Listener> listeners = new ArrayList<>();
    private final List<Session> sessions = new ArrayList<>();
    private final List<io.zmq4j.internal.transport.UdpEngine> datagrams = new ArrayList<>();
    private final List<Inproc.Pending> links = new ArrayList<>();
    private final List<String> inprocNames = new ArrayList<>();
    private final java.util.concurrent.CopyOnWriteArrayList<Watch> watches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile int eventMask;
    // a concurrent set, not a copy-on-write list: attaching 10,000 peers must not copy 10,000 times
    private final java.util.Set<Pipe> pipes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong reconnects = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong handshakeFailures = new java.util.concurrent.atomic.AtomicLong();
    private final long[] goneTotals = new long[6];
    private volatile Thread waiter;
    private static final java.lang.invoke.VarHandle WAITER;

    static {
        try {
            WAITER = java.lang.invoke.MethodHandles.lookup().findVarHandle(SocketBase.class, "waiter", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private volatile boolean closed;
    /** Set under registryLock when close() has taken its snapshot: later registrations undo themselves. */
    private volatile boolean released;
    /** Set by the owner's close once the unread messages are closed; under the operation lock. */
    private boolean unreadDropped;
    /**
     * Connecting sessions still lingering after close: they may connect again and need the
     * socket's secret key or password for it, which is erased when the last one is done.
     */
    private java.util.Set<Session> closingSessions;
    /**
     * Sessions taken off {@link #sessions} by disconnect() that have not finished: they linger
     * and may connect again, so they count for {@link #closingSessions} too. Under registryLock.
     */
    private final java.util.Set<Session> disconnectedSessions = new java.util.HashSet<>();
    private volatile boolean terminated;
    private String lastEndpoint = "";

    /** Thread-safe types: serialises callers; blocked callers wait outside it. */
    private final java.util.concurrent.locks.ReentrantLock opLock;
    private final java.util.Set<Thread> waiters;

    /** Wakes whichever thread waits on this socket (a blocked call or a poller). */
    public final Waker waker = this::wakeWaiters;

    private void wakeWaiters() {
        // Taking the waiter out means one unpark per sleep: the messages that follow until it
        // runs again find nobody to wake (it registers again before its next park). On one
        // core an unpark per message cost half the inproc throughput.
        Thread t = waiter;
        if (t != null && WAITER.compareAndSet(this, t, null)) {
            LockSupport.unpark(t);
        }
        if (waiters != null && !waiters.isEmpty()) {
            for (Thread w : waiters) {
                LockSupport.unpark(w);
            }
        }
    }

    private void lock() {
        if (opLock != null) {
            opLock.lock();
        }
    }

    private void unlock() {
        if (opLock != null) {
            opLock.unlock();
        }
    }

    private void setWaiter(Thread me) {
        if (waiters != null) {
            waiters.add(me);
        } else {
            waiter = me;
        }
    }

    private void clearWaiter(Thread me) {
        if (waiters != null) {
            waiters.remove(me);
        } else {
            waiter = null;
        }
    }

    public SocketBase(ContextCore ctx, SocketType type) {
        this.ctx = ctx;
        this.options = new Options(type);
        this.pattern = Pattern.create(options);
        this.opLock = type.threadSafe() ? new java.util.concurrent.locks.ReentrantLock() : null;
        this.waiters = type.threadSafe() ? java.util.concurrent.ConcurrentHashMap.newKeySet() : null;
        ctx.add(this);
    }

    public ContextCore context() {
        return ctx;
    }

    public Options options() {
        return options;
    }

    public SocketType type() {
        return options.type;
    }

    public String lastEndpoint() {
        return lastEndpoint;
    }

    // ---- events ----

    /** An event listener and the events it wants. */
    public static final class Watch {
        final int mask;
        final java.util.function.Consumer<io.zmq4j.SocketEvent> target;
        final Runnable onStop;

        Watch(int mask, java.util.function.Consumer<io.zmq4j.SocketEvent> target, Runnable onStop) {
            this.mask = mask;
            this.target = target;
            this.onStop = onStop;
        }
    }

    /** Adds a listener; events reach it on the context's event thread. */
    public Watch watch(int mask, java.util.function.Consumer<io.zmq4j.SocketEvent> target, Runnable onStop) {
        Watch w = new Watch(mask, target, onStop);
        watches.add(w);
        recomputeMask();
        return w;
    }

    /** Removes a listener; its stop action (if any) runs on the event thread after earlier events. */
    public void unwatch(Watch w) {
        if (watches.remove(w)) {
            recomputeMask();
            if (w.onStop != null) {
                ctx.dispatcher().dispatchStop(w.onStop);
            }
        }
    }

    private void recomputeMask() {
        int m = 0;
        for (Watch w : watches) {
            m |= w.mask;
        }
        eventMask = m;
    }

    /** Raises an event; costs one volatile read when nobody listens for it. */
    public void emit(io.zmq4j.Event event, long value, String endpoint, String remote, String reason) {
        if ((eventMask & event.value()) == 0) {
            return;
        }
        io.zmq4j.SocketEvent e = new io.zmq4j.SocketEvent(event, value, endpoint, remote, reason);
        for (Watch w : watches) {
            if ((w.mask & event.value()) != 0) {
                ctx.dispatcher().dispatch(w.target, e);
            }
        }
    }

    // ---- mailbox ----

    public void postAttach(Pipe p) {
        post(new Cmd(ATTACH, p));
    }

    public void postIdentified(Pipe p) {
        post(new Cmd(IDENTIFIED, p));
    }

    public void postDetach(Pipe p) {
        post(new Cmd(DETACH, p));
    }

    private void post(Cmd c) {
        mailbox.offer(c);
        waker.wake();
    }

    private void processCommands() {
        processCommands(false);
    }

    /**
     * {@code closing}: the owner's close ({@link #dropUnread}); a pipe the I/O thread made but this
     * socket has not taken up yet is not attached, its messages are closed (nothing to route).
     */
    private void processCommands(boolean closing) {
        Cmd c;
        // poll(), not relaxedPoll(): an element whose slot is claimed but not yet written must
        // be waited for, or a wake-up posted right after it could be lost
        while ((c = mailbox.poll()) != null) {
            switch (c.kind) {
                case ATTACH:
                    if (closing) {
                        c.pipe.in().closeAll();
                        c.pipe.readerDone();
                        c.pipe.stopWriting();
                    } else {
                        attachLocal(c.pipe);
                    }
                    break;
                case IDENTIFIED:
                    if (!closing) {
                        pattern.identified(c.pipe);
                    }
                    break;
                default:
                    pattern.terminated(c.pipe);
                    retire(c.pipe);
                    // the peer is gone, so nothing more is written here; what was, and what an
                    // inproc peer's send put in its queue as its reader finished, is closed
                    // once both ends are done
                    c.pipe.stopWriting();
                    break;
            }
        }
    }

    /** Attaches a pipe made on this socket's own thread. */
    void attachLocal(Pipe p) {
        pipes.add(p);
        if (p.inproc()) {
            inprocPipes++;
        }
        pattern.attach(p);
    }

    private void retire(Pipe p) {
        synchronized (registryLock) {
            // an inproc link whose peer went away is over on this side too
            links.removeIf(l -> l.binderPipe == p || l.connecterPipe == p);
        }
        if (pipes.remove(p)) {
            if (p.inproc()) {
                inprocPipes--;
            }
            synchronized (goneTotals) {
                goneTotals[0] += p.msgsIn;
                goneTotals[1] += p.bytesIn;
                goneTotals[2] += p.msgsOut;
                goneTotals[3] += p.bytesOut;
                goneTotals[4] += p.dropped;
                goneTotals[5] += p.hwmBlocks;
            }
        }
    }

    /** How often a receive yielded before parking (one CPU, an inproc stream); for tests and diagnostics. */
    public long yieldsBeforePark() {
        return yields;
    }

    /**
     * Whether this receiver is draining a stream that other threads feed directly: the last two
     * receives found a message waiting with no send between, and an inproc pipe is attached.
     * Both ways of letting such a sender get ahead (the pause on more CPUs, the yield on one)
     * apply only then.
     */
    private boolean inprocStream() {
        return found == 2 && inprocPipes > 0;
    }

    /** How often a receive paused for an inproc stream to get ahead (more than one CPU); for tests and diagnostics. */
    public long streamPauses() {
        return pauses;
    }

    public void countReconnect() {
        reconnects.incrementAndGet();
    }

    public void countHandshakeFailure() {
        handshakeFailures.incrementAndGet();
    }

    /** A snapshot of the counters; callable from any thread, approximate while traffic flows. */
    public io.zmq4j.SocketStats stats() {
        long[] t;
        synchronized (goneTotals) {
            t = goneTotals.clone();
        }
        List<io.zmq4j.SocketStats.Peer> peers = new ArrayList<>();
        for (Pipe p : pipes) {
            peers.add(new io.zmq4j.SocketStats.Peer(p.endpoint(), p.routingId == null ? p.peerRoutingId() : p.routingId,
                    p.in().depth(), p.out().depth(), p.msgsIn, p.bytesIn, p.msgsOut, p.bytesOut, p.dropped, p.hwmBlocks,
                    p.peerGone()));
            t[0] += p.msgsIn;
            t[1] += p.bytesIn;
            t[2] += p.msgsOut;
            t[3] += p.bytesOut;
            t[4] += p.dropped;
            t[5] += p.hwmBlocks;
        }
        return new io.zmq4j.SocketStats(t[0], t[1], t[2], t[3], t[4], t[5], reconnects.get(), handshakeFailures.get(), peers);
    }

    /** A pipe to a new peer, with this socket's HWMs and wake-ups. */
    public Pipe newPipe(String endpoint) {
        MsgQueue in = new MsgQueue(options.rcvhwm, options.conflate);
        MsgQueue out = new MsgQueue(options.sndhwm, options.conflate);
        in.readerWaker(waker);
        out.writerWaker(waker);
        return new Pipe(in, out, endpoint);
    }

    // ---- send / receive ----

    /**
     * Sends; {@code timeoutNanos} below 0 waits forever, 0 never waits. Returns false when it
     * would block (or timed out).
     */
    public boolean send(Msg m, long timeoutNanos) {
        // pooled memory goes back once written, and an allocated array once received and
        // closed, so one such message cannot be queued twice
        boolean owned = Internals.msg().ownedMemory(m);
        if (owned) {
            Internals.msg().claimForSend(m); // before it is visible to another thread
        }
        boolean sent = false;
        lock();
        try {
            // The usual case in this method itself, not in one more call level: each level is
            // hot on its own, and on a shared core C2 compiled each as a root of its own with
            // the whole send path inlined again (bench/FINDINGS.md §34).
            checkOpen();
            found = 0;
            processCommands();
            sent = pattern.send(m) || (timeoutNanos != 0 && sendWaiting(m, timeoutNanos));
            return sent;
        } finally {
            unlock();
            if (owned && !sent) {
                Internals.msg().unclaim(m); // still the caller's
            }
        }
    }

    /** The pipe is full: spin a moment, then park until there is room or the timeout ends. */
    private boolean sendWaiting(Msg m, long timeoutNanos) {
        if (SPIN_NANOS > 0) {
            long start = System.nanoTime();
            do {
                Thread.onSpinWait();
                if (pattern.send(m)) {
                    return true;
                }
            } while (System.nanoTime() - start < SPIN_NANOS);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        Thread me = Thread.currentThread();
        try {
            while (true) {
                setWaiter(me);
                processCommands();
                if (pattern.send(m)) {
                    return true;
                }
                if (!park(timeoutNanos, deadline)) {
                    return false;
                }
            }
        } finally {
            clearWaiter(me);
        }
    }

    /** Receives; null when nothing arrived within the timeout (0: do not wait, below 0: forever). */
    public Msg recv(long timeoutNanos) {
        Msg m;
        lock();
        try {
            m = recvLocked(timeoutNanos);
        } finally {
            unlock();
        }
        if (m != null && Internals.msg().ownedMemory(m)) {
            m = Internals.msg().takeOver(m); // e.g. handed over inproc: it may be sent on
        }
        return m;
    }

    private Msg recvLocked(long timeoutNanos) {
        checkOpen();
        processCommands();
        Msg m = pattern.recv();
        if (m != null) {
            if (found < 2) {
                found++;
            }
            return m;
        }
        if (timeoutNanos == 0) {
            return null;
        }
        // A message in flight usually lands within microseconds; parking would cost a futex
        // call here and an unpark on the sender's side, per message in a stream.
        if (SPIN_NANOS > 0) {
            long start = System.nanoTime();
            if (inprocStream()) {
                // A stream from another thread: let it get a batch ahead. Taking each message as
                // it lands runs the two threads one slot apart, and every message then moves the
                // queue's lines between the cores (bench/FINDINGS.md §29).
                pauses++; // only this socket's user thread writes it, under the socket's lock
                long until = start + STREAM_PAUSE_NANOS;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                m = pattern.recv();
                if (m != null) {
                    return m;
                }
                found = 0; // nothing came meanwhile: not a dense stream, wait for each message
            }
            do {
                Thread.onSpinWait();
                m = pattern.recv();
                if (m != null) {
                    return m;
                }
            } while (System.nanoTime() - start < SPIN_NANOS);
        }
        if (YIELD_BEFORE_PARK && inprocStream()) {
            yields++; // only this socket's user thread writes it, under the socket's lock
            Thread.yield();
            m = pattern.recv();
            if (m != null) {
                return m;
            }
        }
        found = 0;
        processCommands();
        long deadline = System.nanoTime() + timeoutNanos;
        Thread me = Thread.currentThread();
        try {
            while (true) {
                setWaiter(me);
                processCommands();
                m = pattern.recv();
                if (m != null) {
                    return m;
                }
                if (!park(timeoutNanos, deadline)) {
                    return null;
                }
            }
        } finally {
            clearWaiter(me);
        }
    }

    /** Parks until woken; false on timeout. Throws ETERM, ENOTSOCK or EINTR. */
    private boolean park(long timeoutNanos, long deadline) {
        checkOpen();
        unlock(); // other callers of a thread-safe socket go on while this one waits
        try {
            if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            lock();
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new ZmqException(ZmqException.Kind.EINTR, options.type + " socket: blocking call interrupted; the socket is still usable");
        }
        checkOpen();
        return true;
    }

    private void checkOpen() {
        if (terminated) {
            throw new ZmqException(ZmqException.Kind.ETERM, "context was closed");
        }
        if (closed) {
            throw new ZmqException(ZmqException.Kind.ENOTSOCK, options.type + " socket is closed");
        }
    }

    /** For a poller: registers {@code t} as the thread to wake, or clears it with null. */
    public void waitWith(Thread t) {
        waiter = t;
    }

    /** SUB/XSUB subscribe and unsubscribe; XPUB manual-mode subscriptions. */
    public void subscribe(byte[] topic, boolean on) {
        withPattern(p -> {
            p.subscribe(topic, on);
            return null;
        });
    }

    /** DISH: joins or leaves a group. */
    public void join(String group, boolean on) {
        withPattern(p -> {
            p.join(group, on);
            return null;
        });
    }

    public int topicsCount() {
        return withPattern(Pattern::topicsCount);
    }

    public boolean hasIn() {
        return withPattern(Pattern::hasIn);
    }

    public boolean hasOut() {
        return withPattern(Pattern::hasOut);
    }

    /** Runs {@code op} on the pattern with the socket open, its mailbox processed, under the lock. */
    private <T> T withPattern(java.util.function.Function<Pattern, T> op) {
        lock();
        try {
            checkOpen();
            processCommands();
            return op.apply(pattern);
        } finally {
            unlock();
        }
    }

    // ---- bind / connect ----

    public String bind(String endpoint) {
        lock();
        try {
            return bindLocked(endpoint);
        } finally {
            unlock();
        }
    }

    private String bindLocked(String endpoint) {
        checkOpen();
        Endpoint ep = Endpoint.parse(endpoint);
        checkWebSocket(ep);
        if (ep.transport == Endpoint.Transport.INPROC) {
            List<Inproc.Pending> waiting = ctx.bindInproc(ep.address, this);
            synchronized (registryLock) {
                if (!released) {
                    inprocNames.add(ep.address);
                }
            }
            if (released) {
                ctx.unbindInproc(ep.address, this);
                checkOpen();
            }
            Inproc.bound(waiting, this);
            lastEndpoint = ep.text;
            return lastEndpoint;
        }
        if (ep.transport == Endpoint.Transport.UDP) {
            return openUdp(ep, true);
        }
        IoThread io = ctx.chooseIoThread();
        Listener l = Listener.bind(this, io, options.copy(), ep);
        boolean raced;
        synchronized (registryLock) {
            raced = released;
            if (!raced) {
                listeners.add(l);
            }
        }
        if (raced) {
            l.close(0); // the socket closed while we were binding
            checkOpen();
        }
        lastEndpoint = l.boundEndpoint();
        return lastEndpoint;
    }

    public void connect(String endpoint) {
        lock();
        try {
            connectLocked(endpoint, null);
        } finally {
            unlock();
        }
    }

    /** PEER: connects and returns the routing id the new peer will have. */
    public byte[] connectPeer(String endpoint) {
        lock();
        try {
            processCommands();
            byte[] id = pattern.reserveId();
            connectLocked(endpoint, id);
            return id.clone();
        } finally {
            unlock();
        }
    }

    private void connectLocked(String endpoint, byte[] reservedId) {
        checkOpen();
        Endpoint ep = Endpoint.parse(endpoint);
        checkWebSocket(ep);
        if (ep.transport == Endpoint.Transport.INPROC) {
            Inproc.Pending link = Inproc.connect(ctx, this, ep.address, ep.text, reservedId);
            boolean raced;
            synchronized (registryLock) {
                raced = released;
                if (!raced) {
                    links.add(link);
                }
            }
            if (raced) {
                ctx.forgetPendingInproc(link);
                link.closedBy(this);
                checkOpen();
            }
            options.connectRoutingId = null;
            lastEndpoint = ep.text;
            return;
        }
        if (ep.transport == Endpoint.Transport.UDP) {
            openUdp(ep, false);
            return;
        }
        ep.resolve(false); // a bad address is the caller's error, now; it is resolved again on each attempt
        IoThread io = ctx.chooseIoThread();
        Options o = options.copy();
        Pipe pipe = null;
        if (!options.immediate && options.type != SocketType.STREAM) {
            pipe = newPipe(ep.text);
            if (options.connectRoutingId != null) {
                pipe.routingId = options.connectRoutingId;
            }
            if (reservedId != null) {
                pipe.routingId = reservedId;
            }
            attachLocal(pipe);
        }
        options.connectRoutingId = null;
        Session s = Session.connecting(this, io, o, ep, pipe);
        boolean raced;
        synchronized (registryLock) {
            raced = released;
            if (!raced) {
                sessions.add(s);
            }
        }
        if (raced) {
            s.close(0); // the socket closed (or its context) while we were connecting
            checkOpen();
        }
        io.execute(s::startConnecting);
        lastEndpoint = ep.text;
    }

    /** STREAM speaks raw bytes, which have no place in WebSocket messages (libzmq refuses it too). */
    private void checkWebSocket(Endpoint ep) {
        if (ep.isWebSocket() && options.type == SocketType.STREAM) {
            throw new ZmqException(ZmqException.Kind.ENOCOMPATPROTO, "STREAM sockets speak raw tcp, not ZeroMQ over WebSocket: " + ep.text);
        }
    }

    private String openUdp(Endpoint ep, boolean bind) {
        io.zmq4j.internal.transport.UdpEngine e = io.zmq4j.internal.transport.UdpEngine.open(this, ctx.chooseIoThread(), options.copy(), ep, bind);
        boolean raced;
        synchronized (registryLock) {
            raced = released;
            if (!raced) {
                datagrams.add(e);
            }
        }
        if (raced) {
            e.close();
            checkOpen();
        }
        e.start();
        lastEndpoint = e.boundEndpoint();
        return lastEndpoint;
    }

    /** Takes the udp endpoint {@code text} off this socket, or returns null if it has none. */
    private io.zmq4j.internal.transport.UdpEngine removeUdp(String text) {
        synchronized (registryLock) {
            for (io.zmq4j.internal.transport.UdpEngine e : datagrams) {
                if (e.boundEndpoint().equals(text) || e.endpoint().text.equals(text)) {
                    datagrams.remove(e);
                    return e;
                }
            }
        }
        return null;
    }

    /** The binder's side of an inproc link; a binder that has closed meanwhile ends it at once. */
    void addLink(Inproc.Pending link) {
        boolean raced;
        synchronized (registryLock) {
            raced = released;
            if (!raced) {
                links.add(link);
            }
        }
        if (raced) {
            link.closedBy(this);
        }
    }

    public void unbind(String endpoint) {
        lock();
        try {
            unbindLocked(endpoint);
        } finally {
            unlock();
        }
    }

    private void unbindLocked(String endpoint) {
        checkOpen();
        Endpoint ep = Endpoint.parse(endpoint);
        if (ep.transport == Endpoint.Transport.INPROC) {
            synchronized (registryLock) {
                if (!inprocNames.remove(ep.address)) {
                    throw notFound("bound", endpoint);
                }
            }
            ctx.unbindInproc(ep.address, this);
            return;
        }
        if (ep.transport == Endpoint.Transport.UDP) {
            io.zmq4j.internal.transport.UdpEngine e = removeUdp(endpoint);
            if (e == null) {
                throw notFound("bound", endpoint);
            }
            e.close();
            return;
        }
        Listener found = null;
        synchronized (registryLock) {
            for (Listener l : listeners) {
                if (l.boundEndpoint().equals(endpoint) || l.endpoint().text.equals(endpoint)) {
                    found = l;
                    break;
                }
            }
            if (found != null) {
                listeners.remove(found);
            }
        }
        if (found == null) {
            throw notFound("bound", endpoint);
        }
        found.close(options.lingerMs);
    }

    public void disconnect(String endpoint) {
        lock();
        try {
            disconnectLocked(endpoint);
        } finally {
            unlock();
        }
    }

    private void disconnectLocked(String endpoint) {
        checkOpen();
        Endpoint ep = Endpoint.parse(endpoint);
        if (ep.transport == Endpoint.Transport.UDP) {
            io.zmq4j.internal.transport.UdpEngine e = removeUdp(endpoint);
            if (e == null) {
                throw notFound("connected", endpoint);
            }
            e.close();
            return;
        }
        List<Session> found = new ArrayList<>();
        List<Inproc.Pending> foundLinks = new ArrayList<>();
        synchronized (registryLock) {
            for (Session s : sessions) {
                if (s.endpoint().text.equals(endpoint)) {
                    found.add(s);
                }
            }
            sessions.removeAll(found);
            disconnectedSessions.addAll(found);
            for (Inproc.Pending l : links) {
                if (l.connecter == this && ("inproc://" + l.name).equals(endpoint)) {
                    foundLinks.add(l);
                }
            }
            links.removeAll(foundLinks);
        }
        if (found.isEmpty() && foundLinks.isEmpty()) {
            throw notFound("connected", endpoint);
        }
        for (Session s : found) {
            s.close(options.lingerMs);
        }
        for (Inproc.Pending l : foundLinks) {
            ctx.forgetPendingInproc(l); // a bind that comes later must not revive it
            l.closedBy(this);
            l.connecterPipe.markPeerGone();
            pattern.terminated(l.connecterPipe);
            retire(l.connecterPipe);
            l.connecterPipe.stopWriting();
        }
    }

    private ZmqException notFound(String what, String endpoint) {
        return new ZmqException(ZmqException.Kind.ENOENT, options.type + " socket is not " + what + " to " + endpoint);
    }

    public void sessionDone(Session s) {
        boolean lastOut;
        synchronized (registryLock) {
            sessions.remove(s);
            disconnectedSessions.remove(s);
            lastOut = closingSessions != null && closingSessions.remove(s) && closingSessions.isEmpty();
        }
        if (lastOut) {
            options.eraseSecrets();
        }
    }

    // ---- closing ----

    /** Closes the socket: connections linger per the linger option; what was never read is closed. */
    public void close() {
        if (!closed) {
            closed = true;
            release();
            waker.wake();
        }
        dropUnread(); // also after a context's terminate, which leaves this to the owner
    }

    /**
     * Closes the messages still queued for this socket, so their pooled memory goes back now, as
     * libzmq frees a closed socket's queued messages. Otherwise they stay with the pipes for as
     * long as anything refers to this socket (bench/FINDINGS.md §32). Only on the owner's close:
     * the pipes' queues have one reader, and a context's terminate runs on another thread. What a
     * connection delivers after this, until it has closed, is closed by the connection's I/O
     * thread ({@link Pipe#readerDone}, §35); what an inproc peer sends meanwhile, by the peer's
     * thread once it lets go of this socket ({@link Pipe#stopWriting}, §36).
     */
    private void dropUnread() {
        lock();
        try {
            if (unreadDropped) {
                return;
            }
            unreadDropped = true;
            processCommands(true);
            try {
                Msg m;
                while ((m = pattern.recv()) != null) {
                    Internals.msg().discard(m); // an inproc sender handed it off: m.close() alone is a no-op
                }
            } catch (ZmqException e) {
                // a type that never receives (PUSH, PUB, ...), or REQ before a request
            }
            // what a connection delivers from here until it has closed is closed by whichever
            // end finishes last, not left with this socket
            for (Pipe p : pipes) {
                p.readerDone();
                p.stopWriting();
            }
        } finally {
            unlock();
        }
    }

    /** The context is closing: blocked calls get ETERM; connections linger as on close. */
    void terminate() {
        terminated = true;
        waker.wake();
        if (!closed) {
            closed = true;
            release();
        }
    }

    private void release() {
        List<Listener> ls;
        List<io.zmq4j.internal.transport.UdpEngine> ds;
        List<Session> ss;
        List<Inproc.Pending> lk;
        List<String> names;
        boolean eraseNow;
        synchronized (registryLock) {
            if (released) {
                return;
            }
            released = true;
            ls = new ArrayList<>(listeners);
            ds = new ArrayList<>(datagrams);
            datagrams.clear();
            ss = new ArrayList<>(sessions);
            closingSessions = new java.util.HashSet<>(sessions);
            closingSessions.addAll(disconnectedSessions); // still lingering after a disconnect
            eraseNow = closingSessions.isEmpty();
            lk = new ArrayList<>(links);
            names = new ArrayList<>(inprocNames);
            listeners.clear();
            sessions.clear();
            links.clear();
            inprocNames.clear();
        }
        if (eraseNow) {
            options.eraseSecrets(); // engines hold their own copies, erased as they close
        }
        int linger = options.lingerMs;
        for (Listener l : ls) {
            l.close(linger);
        }
        for (io.zmq4j.internal.transport.UdpEngine d : ds) {
            d.close();
        }
        for (Session s : ss) {
            s.close(linger);
        }
        for (String n : names) {
            ctx.unbindInproc(n, this);
        }
        ctx.forgetPendingInproc(this);
        for (Inproc.Pending l : lk) {
            l.closedBy(this);
        }
        ctx.removed(this);
        emit(io.zmq4j.Event.MONITOR_STOPPED, 0, "", "", "socket closed");
        for (Watch w : watches) {
            unwatch(w);
        }
    }

    public boolean isClosed() {
        return closed;
    }
}
