package io.zmq4j.internal.transport;

/** Why a connection ended, in the terms monitor events need. */
public final class Disconnect {
    /** Who or what ended it. */
    public enum Kind {
        /** We closed it: socket closed, linger done, unbind, disconnect, STREAM close. */
        LOCAL,
        /** The peer or the network: closed, reset, I/O error. */
        PEER,
        /** The peer sent an ERROR command after the handshake: it will not talk to us. */
        REFUSED,
        /** The peer broke ZMTP; value is libzmq's protocol error code. */
        PROTOCOL,
        /** Authentication failed; value is the ZAP status code. */
        AUTH,
        /** The handshake did not complete within the handshake interval. */
        HANDSHAKE_TIMEOUT,
        /** No traffic from the peer within the heartbeat timeout or the peer's TTL. */
        HEARTBEAT
    }

    public static final long ECONNRESET = 104;
    public static final long ETIMEDOUT = 110;

    public final Kind kind;
    public final long value;
    public final String reason;

    public Disconnect(Kind kind, long value, String reason) {
        this.kind = kind;
        this.value = value;
        this.reason = reason == null ? "" : reason;
    }

    public static Disconnect local(String reason) {
        return new Disconnect(Kind.LOCAL, 0, reason);
    }

    public static Disconnect peer(String reason) {
        return new Disconnect(Kind.PEER, ECONNRESET, reason);
    }

    @Override
    public String toString() {
        return kind + " " + reason;
    }
}
