package io.zmq4j;

/**
 * The ZeroMQ socket types, with libzmq's numeric values and ZMTP names.
 *
 * <pre>{@code
 * try (Context ctx = Context.create(); Socket push = ctx.socket(SocketType.PUSH)) { ... }
 * }</pre>
 */
public enum SocketType {
    PAIR(0),
    PUB(1),
    SUB(2),
    REQ(3),
    REP(4),
    DEALER(5),
    ROUTER(6),
    PULL(7),
    PUSH(8),
    XPUB(9),
    XSUB(10),
    STREAM(11);

    private final int value;

    SocketType(int value) {
        this.value = value;
    }

    /** libzmq's numeric value ({@code ZMQ_PAIR} is 0, …). */
    public int value() {
        return value;
    }

    /** The name sent in the ZMTP {@code Socket-Type} property. */
    public String zmtpName() {
        return name();
    }

    /** Whether a peer of type {@code peer} may connect to this socket (RFC 23's table). */
    public boolean compatibleWith(SocketType peer) {
        switch (this) {
            case PAIR: return peer == PAIR;
            case PUB: case XPUB: return peer == SUB || peer == XSUB;
            case SUB: case XSUB: return peer == PUB || peer == XPUB;
            case REQ: return peer == REP || peer == ROUTER;
            case REP: return peer == REQ || peer == DEALER;
            case DEALER: return peer == REP || peer == DEALER || peer == ROUTER;
            case ROUTER: return peer == REQ || peer == DEALER || peer == ROUTER;
            case PULL: return peer == PUSH;
            case PUSH: return peer == PULL;
            default: return false;
        }
    }

    /** The type whose ZMTP name is {@code name}, or null. */
    public static SocketType fromZmtpName(String name) {
        for (SocketType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Parses a type name case-insensitively, with a clear error for an unknown one. */
    public static SocketType parse(String name) {
        for (SocketType t : values()) {
            if (t.name().equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        throw new ZmqException(ZmqException.Kind.EINVAL, "unknown socket type '" + name + "'");
    }
}
