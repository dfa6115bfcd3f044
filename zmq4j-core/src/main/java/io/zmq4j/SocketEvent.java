package io.zmq4j;

/**
 * One connection-level event: what happened, libzmq's value for it, the local and remote
 * addresses, and a reason in words where there is one (e.g. {@code heartbeat timeout}).
 *
 * <pre>{@code
 * socket.onEvent(Event.all(), e -> System.err.println(e));
 * // DISCONNECTED tcp://127.0.0.1:5555 remote=127.0.0.1:41234 value=3 reason=heartbeat timeout
 * }</pre>
 */
public final class SocketEvent {
    private final Event event;
    private final long value;
    private final String endpoint;
    private final String remoteAddress;
    private final String reason;

    public SocketEvent(Event event, long value, String endpoint, String remoteAddress, String reason) {
        this.event = event;
        this.value = value;
        this.endpoint = endpoint == null ? "" : endpoint;
        this.remoteAddress = remoteAddress == null ? "" : remoteAddress;
        this.reason = reason == null ? "" : reason;
    }

    public Event event() {
        return event;
    }

    /** libzmq's event value: an id, an errno, an interval, a protocol or ZAP status code. */
    public long value() {
        return value;
    }

    /** The endpoint the event concerns, as given to bind or connect (ports filled in). */
    public String endpoint() {
        return endpoint;
    }

    /** The peer's address, when there is a peer; empty otherwise. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** Why, in words, when known; empty otherwise. */
    public String reason() {
        return reason;
    }

    /** One line beginning with the event name, as the CLI's {@code --monitor} prints it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(event.name()).append(' ').append(endpoint);
        if (!remoteAddress.isEmpty()) {
            sb.append(" remote=").append(remoteAddress);
        }
        sb.append(" value=").append(value);
        if (!reason.isEmpty()) {
            sb.append(" reason=").append(reason);
        }
        return sb.toString();
    }
}
