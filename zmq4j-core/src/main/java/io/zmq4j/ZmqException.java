package io.zmq4j;

/**
 * An error a program must handle, typed by libzmq's errno names.
 *
 * <pre>{@code
 * try {
 *     router.send(Msg.of(unknownId, "hi".getBytes()));
 * } catch (ZmqException e) {
 *     if (e.kind() == ZmqException.Kind.EHOSTUNREACH) { ... }
 * }
 * }</pre>
 *
 * <p>"Would block" is never an exception: the non-blocking calls return {@code null} or
 * {@code false}.
 */
public class ZmqException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The error kinds, named after libzmq's errno values. */
    public enum Kind {
        /** The operation would block (only raised where libzmq itself raises it). */
        EAGAIN,
        /** The context was closed. */
        ETERM,
        /** A ROUTER with mandatory routing could not route to the peer. */
        EHOSTUNREACH,
        /** The operation is not valid in the socket's current state (REQ/REP ordering). */
        EFSM,
        /** The address is already in use. */
        EADDRINUSE,
        /** The address does not name a local interface. */
        EADDRNOTAVAIL,
        /** A bad argument: an option value, an endpoint, a message. */
        EINVAL,
        /** The socket type does not support the operation. */
        ENOTSUP,
        /** The endpoint's transport is not supported. */
        EPROTONOSUPPORT,
        /** The transport does not fit the socket type (udp is for RADIO and DISH only). */
        ENOCOMPATPROTO,
        /** No such endpoint (unbind/disconnect of an unknown endpoint, inproc without bind). */
        ENOENT,
        /** The call was interrupted ({@link Thread#interrupt()}); the socket stays usable. */
        EINTR,
        /** The socket was closed. */
        ENOTSOCK,
        /** The message is too large. */
        EMSGSIZE,
        /** A network-level failure. */
        EIO
    }

    private final Kind kind;

    public ZmqException(Kind kind, String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    public ZmqException(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    /** The libzmq errno name of this error. */
    public Kind kind() {
        return kind;
    }
}
