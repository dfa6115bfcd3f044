package io.zmq4j;

import java.util.EnumSet;
import java.util.Set;

/**
 * Connection-level events a socket reports, with libzmq's {@code ZMQ_EVENT_*} values so a
 * monitor stream reads the same as libzmq's.
 *
 * <pre>{@code
 * socket.onEvent(EnumSet.of(Event.DISCONNECTED), e -> log.warn("lost {}: {}", e.remoteAddress(), e.reason()));
 * }</pre>
 */
public enum Event {
    /** A connect succeeded; value: connection id. */
    CONNECTED(0x0001),
    /** A connect is in progress; value: errno (EINPROGRESS, 115). */
    CONNECT_DELAYED(0x0002),
    /** A reconnect is scheduled; value: the interval in milliseconds. */
    CONNECT_RETRIED(0x0004),
    /** A bind succeeded; value: listener id. */
    LISTENING(0x0008),
    /** A bind failed; value: errno. */
    BIND_FAILED(0x0010),
    /** A connection was accepted; value: connection id. */
    ACCEPTED(0x0020),
    /** An accept failed; value: errno. */
    ACCEPT_FAILED(0x0040),
    /** A connection or listener was closed; value: its id. */
    CLOSED(0x0080),
    /** A close failed; value: errno. */
    CLOSE_FAILED(0x0100),
    /** A connection was lost (peer closed, heartbeat timeout, protocol error); value: connection id. */
    DISCONNECTED(0x0200),
    /** The monitor was stopped. */
    MONITOR_STOPPED(0x0400),
    /** A handshake failed for a reason other than protocol or authentication; value: errno. */
    HANDSHAKE_FAILED_NO_DETAIL(0x0800),
    /** A ZMTP handshake (greeting, security, READY) completed; value: 0. */
    HANDSHAKE_SUCCEEDED(0x1000),
    /** The peer broke the protocol during the handshake; value: libzmq's ZMQ_PROTOCOL_ERROR_* code. */
    HANDSHAKE_FAILED_PROTOCOL(0x2000),
    /** Authentication failed; value: the ZAP status code (e.g. 400). */
    HANDSHAKE_FAILED_AUTH(0x4000);

    private final int value;

    Event(int value) {
        this.value = value;
    }

    /** libzmq's numeric value. */
    public int value() {
        return value;
    }

    /** Every event. */
    public static Set<Event> all() {
        return EnumSet.allOf(Event.class);
    }

    /** The event with libzmq's value, or null. */
    public static Event fromValue(int v) {
        for (Event e : values()) {
            if (e.value == v) {
                return e;
            }
        }
        return null;
    }

    /** The bit mask of a set of events, as {@code zmq_socket_monitor} takes it. */
    public static int mask(Set<Event> events) {
        int m = 0;
        for (Event e : events) {
            m |= e.value;
        }
        return m;
    }
}
