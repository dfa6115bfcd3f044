package io.zmq4j;

import java.time.Duration;
import java.util.Objects;

/**
 * ZMTP 3.1 heartbeat settings as one immutable value: send a PING every {@link #interval()},
 * drop the connection when nothing arrives within {@link #timeout()} of a PING, and ask the
 * peer (in each PING's TTL) to drop us after {@link #ttl()} of silence. Given to
 * {@link SocketBuilder#heartbeat}; checked when the socket is built (TTL in whole tenths of a
 * second, at most 6553.5 s), as {@link Socket#setHeartbeat} and {@link Socket#setHeartbeatTtl}
 * check it.
 *
 * <pre>{@code
 * try (Context ctx = Context.create();
 *      Socket dealer = ctx.socketBuilder(SocketType.DEALER)
 *              .heartbeat(Heartbeat.of(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(3)).ttl(Duration.ofSeconds(3)))
 *              .connect("tcp://127.0.0.1:5555")
 *              .build()) {
 *     dealer.send(Msg.of("hello"));
 * }
 * }</pre>
 */
public final class Heartbeat {
    private final Duration interval;
    private final Duration timeout;
    private final Duration ttl;

    private Heartbeat(Duration interval, Duration timeout, Duration ttl) {
        this.interval = Objects.requireNonNull(interval, "heartbeat interval");
        this.timeout = timeout;
        this.ttl = Objects.requireNonNull(ttl, "heartbeat ttl");
    }

    /** PINGs every {@code interval} (zero: no heartbeats), timeout the same as the interval, no TTL. */
    public static Heartbeat of(Duration interval) {
        return new Heartbeat(interval, null, Duration.ZERO);
    }

    /** The same heartbeat with this timeout (null: the interval, libzmq's default). */
    public Heartbeat timeout(Duration timeout) {
        return new Heartbeat(interval, timeout, ttl);
    }

    /** The same heartbeat with this TTL (zero: none, the default). */
    public Heartbeat ttl(Duration ttl) {
        return new Heartbeat(interval, timeout, ttl);
    }

    public Duration interval() {
        return interval;
    }

    /** The timeout, or null when it was not given (then the interval is used). */
    public Duration timeout() {
        return timeout;
    }

    public Duration ttl() {
        return ttl;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Heartbeat h && interval.equals(h.interval) && Objects.equals(timeout, h.timeout) && ttl.equals(h.ttl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interval, timeout, ttl);
    }

    @Override
    public String toString() {
        return "Heartbeat[interval " + interval + (timeout == null ? "" : ", timeout " + timeout) + (ttl.isZero() ? "" : ", ttl " + ttl) + "]";
    }
}
