package io.zmq4j;

import java.util.Collections;
import java.util.List;

/**
 * A snapshot of a socket's counters: messages and bytes the application received and sent,
 * messages dropped at a peer's HWM, sends that found a peer at its HWM, reconnect attempts and
 * failed handshakes, plus the same per peer with its queue depths. Taken without stopping
 * traffic, so counters of a busy socket are approximate.
 *
 * <pre>{@code
 * SocketStats s = publisher.stats();
 * for (SocketStats.Peer p : s.peers()) {
 *     if (p.dropped() > 0) log.warn("{} is too slow: {} dropped", p.endpoint(), p.dropped());
 * }
 * }</pre>
 */
public final class SocketStats {
    private final long msgsIn;
    private final long bytesIn;
    private final long msgsOut;
    private final long bytesOut;
    private final long dropped;
    private final long hwmBlocks;
    private final long reconnects;
    private final long handshakeFailures;
    private final List<Peer> peers;

    public SocketStats(long msgsIn, long bytesIn, long msgsOut, long bytesOut, long dropped, long hwmBlocks,
            long reconnects, long handshakeFailures, List<Peer> peers) {
        this.msgsIn = msgsIn;
        this.bytesIn = bytesIn;
        this.msgsOut = msgsOut;
        this.bytesOut = bytesOut;
        this.dropped = dropped;
        this.hwmBlocks = hwmBlocks;
        this.reconnects = reconnects;
        this.handshakeFailures = handshakeFailures;
        this.peers = Collections.unmodifiableList(peers);
    }

    public long messagesIn() { return msgsIn; }

    public long bytesIn() { return bytesIn; }

    public long messagesOut() { return msgsOut; }

    public long bytesOut() { return bytesOut; }

    /** Messages a PUB/XPUB/RADIO dropped because a peer was at its HWM. */
    public long dropped() { return dropped; }

    /** Sends that found a peer at its HWM (and blocked, waited or skipped it). */
    public long hwmBlocks() { return hwmBlocks; }

    /** Reconnect attempts scheduled. */
    public long reconnects() { return reconnects; }

    /** Connections whose handshake failed. */
    public long handshakeFailures() { return handshakeFailures; }

    /** The peers attached now. */
    public List<Peer> peers() { return peers; }

    @Override
    public String toString() {
        return "SocketStats[in=" + msgsIn + " msgs/" + bytesIn + " B, out=" + msgsOut + " msgs/" + bytesOut + " B, dropped="
                + dropped + ", hwmBlocks=" + hwmBlocks + ", reconnects=" + reconnects + ", handshakeFailures="
                + handshakeFailures + ", peers=" + peers.size() + "]";
    }

    /** One peer's counters and queue depths. */
    public static final class Peer {
        private final String endpoint;
        private final byte[] routingId;
        private final int queuedIn;
        private final int queuedOut;
        private final long msgsIn;
        private final long bytesIn;
        private final long msgsOut;
        private final long bytesOut;
        private final long dropped;
        private final long hwmBlocks;
        private final boolean gone;

        public Peer(String endpoint, byte[] routingId, int queuedIn, int queuedOut, long msgsIn, long bytesIn, long msgsOut,
                long bytesOut, long dropped, long hwmBlocks, boolean gone) {
            this.endpoint = endpoint;
            this.routingId = routingId == null ? new byte[0] : routingId.clone();
            this.queuedIn = queuedIn;
            this.queuedOut = queuedOut;
            this.msgsIn = msgsIn;
            this.bytesIn = bytesIn;
            this.msgsOut = msgsOut;
            this.bytesOut = bytesOut;
            this.dropped = dropped;
            this.hwmBlocks = hwmBlocks;
            this.gone = gone;
        }

        /** The endpoint the connection came through. */
        public String endpoint() { return endpoint; }

        public byte[] routingId() { return routingId.clone(); }

        /** Messages received from this peer and not yet read by the application. */
        public int queuedIn() { return queuedIn; }

        /** Messages sent to this peer and not yet written to the network (or read, for inproc). */
        public int queuedOut() { return queuedOut; }

        public long messagesIn() { return msgsIn; }

        public long bytesIn() { return bytesIn; }

        public long messagesOut() { return msgsOut; }

        public long bytesOut() { return bytesOut; }

        public long dropped() { return dropped; }

        public long hwmBlocks() { return hwmBlocks; }

        /** Whether the peer has gone (its last messages may still be queued in). */
        public boolean gone() { return gone; }

        @Override
        public String toString() {
            return "Peer[" + endpoint + " id=" + Msg.printable(routingId) + " queued in/out=" + queuedIn + "/" + queuedOut
                    + " msgs in/out=" + msgsIn + "/" + msgsOut + " dropped=" + dropped + "]";
        }
    }
}
