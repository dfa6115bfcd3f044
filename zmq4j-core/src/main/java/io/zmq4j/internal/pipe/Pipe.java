package io.zmq4j.internal.pipe;

import io.zmq4j.Msg;
import io.zmq4j.SocketType;
import java.util.Map;

/**
 * A socket's link to one peer: a queue in each direction plus what is known about the peer.
 *
 * <p>The socket side reads {@link #in()} and writes {@link #out()}; the other end (a
 * connection's engine, or another socket for inproc) does the opposite. The peer's identity is
 * published by the other end after its handshake; everything else belongs to the socket thread.
 */
public final class Pipe {
    private final MsgQueue in;
    private final MsgQueue out;
    private final String endpoint;
    private volatile byte[] peerRoutingId;
    private volatile SocketType peerType;
    /** Written last in peerReady: whoever sees it set sees the type, id and properties too. */
    private volatile boolean peerKnown;
    private volatile Map<String, String> properties;
    private volatile boolean peerGone;
    private volatile int connections;
    private volatile boolean socketGone;
    /** Socket-thread state used by the patterns. */
    public byte[] routingId;
    public boolean identified;
    public boolean localRoutingId;
    public Object patternState;
    /** This pipe's index in its socket's fair queue, -1 when it is in none. */
    public int fairQueueSlot = -1;
    /** Messages a distributing pattern dropped because this peer was at its HWM. */
    public long dropped;
    // Counted on the socket's thread; other threads read them as approximate statistics.
    public long msgsIn;
    public long bytesIn;
    public long msgsOut;
    public long bytesOut;
    /** Sends that found this peer at its HWM. */
    public long hwmBlocks;
    /**
     * A udp link: no handshake and no subscriptions come back over it, so a RADIO sends it every
     * group. Set before the pipe is attached.
     */
    public boolean datagram;

    public Pipe(MsgQueue in, MsgQueue out, String endpoint) {
        this.in = in;
        this.out = out;
        this.endpoint = endpoint;
    }

    public MsgQueue in() {
        return in;
    }

    public MsgQueue out() {
        return out;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Whether the other end is a socket in this process (its thread writes to us directly). */
    public boolean inproc() {
        return endpoint != null && endpoint.startsWith("inproc://");
    }

    /** Called by the other end once the peer is known (after a handshake). */
    public void peerReady(SocketType type, byte[] routingId, Map<String, String> props) {
        this.peerType = type;
        this.peerRoutingId = routingId;
        this.properties = props;
        this.peerKnown = true;
    }

    /** Counts completed handshakes on this pipe (a connecting pipe outlives its connections). */
    public void connected() {
        connections++;
    }

    /** Completed handshakes so far; more than one means the peer reconnected. */
    public int connections() {
        return connections;
    }

    public byte[] peerRoutingId() {
        return peerRoutingId;
    }

    /** Whether the peer's handshake is done (its type is null for a ZMTP 1.0 peer, which has none). */
    public boolean peerKnown() {
        return peerKnown;
    }

    public SocketType peerType() {
        return peerType;
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** Delivers a message from the peer side, tagging it with the connection's properties. */
    public boolean deliver(Msg m) {
        return in.offer(m);
    }

    /** Delivers without waking the socket; the deliverer calls {@link #wakeSocket()} after its batch. */
    public boolean deliverQuietly(Msg m) {
        return in.offerQuietly(m);
    }

    public void wakeSocket() {
        in.wakeReader();
    }

    public boolean sendable() {
        return !peerGone && out.hasRoom();
    }

    public boolean write(Msg m) {
        if (peerGone) {
            return false;
        }
        if (!out.offer(m)) {
            hwmBlocks++;
            return false;
        }
        msgsOut++;
        bytesOut += m.byteSize();
        return true;
    }

    public Msg read() {
        Msg m = in.poll();
        if (m != null) {
            msgsIn++;
            bytesIn += m.byteSize();
        }
        return m;
    }

    /** The other end will never read or write again. */
    public void markPeerGone() {
        peerGone = true;
    }

    /**
     * The other end (a connection's session, on its I/O thread) is finished with this pipe: it
     * will deliver nothing more into {@link #in()} and read nothing more from {@link #out()}.
     * What is left in either, now or later, is closed by whichever end finishes last
     * ({@link MsgQueue#readerDone}): here, if this socket's owner has already closed.
     */
    public void otherEndFinished() {
        markPeerGone();
        out.readerDone();
        in.writerDone();
    }

    /**
     * The socket's owner closed it and has read (and closed) what was queued for the last time.
     * What the other end delivers after that is closed by whichever of the two finishes last,
     * and only by it, so the queue never has two readers (bench/FINDINGS.md §35).
     */
    public void readerDone() {
        in.readerDone();
    }

    /**
     * This socket will write nothing more here (it closed, or it let go of a departed peer):
     * what it wrote that the other end never read is closed once that end is done too. For
     * inproc this is what closes a message a peer's thread offered just as this socket's reader
     * finished (§36).
     */
    public void stopWriting() {
        out.writerDone();
    }

    public boolean peerGone() {
        return peerGone;
    }

    /**
     * The socket wants this one connection closed (ROUTER handover): the other end is told
     * through its wake-up and closes once what is queued has gone.
     */
    public void requestClose() {
        socketGone = true;
        out.wakeReader();
    }

    /** The socket closed: the other end may flush what is queued and then stop. */
    public void markSocketGone() {
        socketGone = true;
    }

    public boolean socketGone() {
        return socketGone;
    }

    @Override
    public String toString() {
        return "Pipe[" + endpoint + "]";
    }
}
