package io.zmq4j;

import io.zmq4j.internal.socket.ContextCore;

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

    private Context(int ioThreads) {
        this.core = new ContextCore(ioThreads);
    }

    /** A context with one I/O thread, libzmq's default. */
    public static Context create() {
        return new Context(1);
    }

    /** A context with {@code ioThreads} I/O threads (at least 1). */
    public static Context create(int ioThreads) {
        return new Context(ioThreads);
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
}
