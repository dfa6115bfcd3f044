package io.zmq4j;

import io.zmq4j.internal.socket.ContextCore;
import java.time.Duration;

/**
 * Owns the I/O threads and every socket made from it. Closing it closes its sockets, lets
 * their connections linger as each socket's linger option says, wakes every blocked call with
 * {@link ZmqException.Kind#ETERM}, and releases every thread and port.
 *
 * <pre>{@code
 * try (Context ctx = Context.create();
 *      Socket pull = ctx.socket(SocketType.PULL)) {
 *     pull.bind("tcp://127.0.0.1:5555");
 *     Msg m = pull.recv();
 * }
 * }</pre>
 */
public final class Context implements AutoCloseable {
    private final ContextCore core;

    private Context(int ioThreads, long ioSpinNanos) {
        this.core = new ContextCore(ioThreads, ioSpinNanos);
    }

    /** A context with one I/O thread, libzmq's default. */
    public static Context create() {
        return new Context(1, 0);
    }

    /** A context with {@code ioThreads} I/O threads (at least 1). */
    public static Context create(int ioThreads) {
        return new Context(ioThreads, 0);
    }

    /**
     * A builder for a context with settings beyond the thread count.
     *
     * <pre>{@code
     * try (Context ctx = Context.builder().ioThreads(2).ioSpin(Duration.ofNanos(50_000)).build()) {
     *     ...
     * }
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A new socket of the given type; ETERM once the context is closed. */
    public Socket socket(SocketType type) {
        return new Socket(core, type);
    }

    /**
     * A builder for a socket of this context: its whole setup in one expression, checked and
     * applied by {@link SocketBuilder#build()}.
     *
     * <pre>{@code
     * try (Socket push = ctx.socketBuilder(SocketType.PUSH).sendHwm(10).sendTimeout(Duration.ofMillis(300))
     *         .connect("tcp://127.0.0.1:5555").build()) {
     *     push.send(Msg.of("job"));
     * }
     * }</pre>
     */
    public SocketBuilder socketBuilder(SocketType type) {
        return SocketBuilder.of(type).in(this);
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return core.terminated();
    }

    /**
     * Closes every socket, waits for lingering connections (as long as the longest linger),
     * and stops the I/O threads. Idempotent.
     */
    @Override
    public void close() {
        core.terminate();
    }

    /**
     * Settings of a new {@link Context}: the number of I/O threads and their idle strategy.
     *
     * <pre>{@code
     * try (Context ctx = Context.builder().ioSpin(Duration.ofNanos(50_000)).build();
     *      Socket req = ctx.socket(SocketType.REQ)) {
     *     req.connect("tcp://127.0.0.1:5555");
     * }
     * }</pre>
     */
    public static final class Builder {
        /** Longer than any useful spin: past this a loop would poll more than it sleeps. */
        private static final Duration MAX_IO_SPIN = Duration.ofMillis(10);
        private int ioThreads = 1;
        private Duration ioSpin = Duration.ZERO;

        private Builder() {}

        /** The number of I/O threads, at least 1 (default 1, as libzmq's). */
        public Builder ioThreads(int count) {
            ContextCore.checkIoThreads(count);
            this.ioThreads = count;
            return this;
        }

        /**
         * How long an I/O thread keeps polling its connections after it had work, before it
         * sleeps in the kernel (default zero: sleep at once, as libzmq does).
         *
         * <p>A thread woken on an idle CPU can wait tens of microseconds before it runs (on
         * virtual machines, often more than a whole round trip on loopback). Polling a moment
         * after work keeps the thread running for the next message of a busy exchange: on the
         * project's 2-core VM, REQ/REP over tcp with each end on its own core went from 37 to
         * 10 µs (bench/FINDINGS.md §19). The loop polls only while work keeps arriving within
         * ten windows of the last, so an idle or slow (about 1,000 messages/s) connection
         * costs no CPU; it yields the CPU at each poll so that threads sharing its core run.
         * Its cost is CPU while busy, and, at low rates on Linux's EEVDF scheduler, a longer
         * latency tail (§19). Zero to 10 ms.
         */
        public Builder ioSpin(Duration spin) {
            if (spin == null || spin.isNegative() || spin.compareTo(MAX_IO_SPIN) > 0) {
                throw new ZmqException(ZmqException.Kind.EINVAL, "invalid I/O spin " + spin + ": need 0 to " + MAX_IO_SPIN.toMillis() + " ms");
            }
            this.ioSpin = spin;
            return this;
        }

        /** A new context with these settings; close it when done. */
        public Context build() {
            return new Context(ioThreads, ioSpin.toNanos());
        }
    }
}
