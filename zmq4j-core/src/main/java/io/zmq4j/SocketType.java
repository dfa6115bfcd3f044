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
    STREAM(11),
    /** Thread-safe, single-frame ROUTER counterpart (RFC 41); peers get 4-byte routing ids. */
    SERVER(12),
    /** Thread-safe, single-frame DEALER counterpart (RFC 41). */
    CLIENT(13),
    /** Thread-safe group publisher (RFC 48); messages carry a group, dishes join groups. */
    RADIO(14),
    /** Thread-safe group subscriber (RFC 48). */
    DISH(15),
    /** Thread-safe, single-frame PULL counterpart (RFC 49). */
    GATHER(16),
    /** Thread-safe, single-frame PUSH counterpart (RFC 49). */
    SCATTER(17),
    /** Thread-safe peer-to-peer socket: a SERVER that can also connect (RFC 51). */
    PEER(19),
    /** Thread-safe, single-frame PAIR counterpart (RFC 52). */
    CHANNEL(20);

    private final int value;

    SocketType(int value) {
        this.value = value;
    }

    /** libzmq's numeric value ({@code ZMQ_PAIR} is 0, …). */
    public int value() {
        return value;
    }

    /**
     * Whether sockets of this type may be shared between threads (the CLIENT/SERVER family),
     * which also means messages are single-frame.
     */
    public boolean threadSafe() {
        return value >= 12;
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
            case SERVER: return peer == CLIENT;
            case CLIENT: return peer == SERVER;
            case RADIO: return peer == DISH;
            case DISH: return peer == RADIO;
            case SCATTER: return peer == GATHER;
            case GATHER: return peer == SCATTER;
            case PEER: return peer == PEER;
            case CHANNEL: return peer == CHANNEL;
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
